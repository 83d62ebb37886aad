"""First-run set-up for local development, called by `make run`."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from cv.pdf import available as pdf_missing
from homepage.demo.load import load_demo
from profile.models import Person, Profile

PASSWORD_FILE = settings.BASE_DIR / ".dev-admin-password"


class Command(BaseCommand):
    help = "Development only: migrate, load the demo into an empty site, and create a local admin account."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("bootstrap is for local development (DEBUG on); it creates a known admin account.")
        call_command("migrate", interactive=False, verbosity=0)

        if not Person.objects.exists() and not Profile.objects.exists():
            created = load_demo()
            self.stdout.write(f"Loaded the demo homepage ({created['publications']} publications).")

        User = get_user_model()
        if not User.objects.filter(is_superuser=True).exists():
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser("admin", "", password)
            PASSWORD_FILE.write_text(password + "\n")
            PASSWORD_FILE.chmod(0o600)
            self.stdout.write(self.style.SUCCESS("Created the local admin account 'admin'."))

        if PASSWORD_FILE.exists():
            credentials = f"user 'admin', password {PASSWORD_FILE.read_text().strip()} (kept in {PASSWORD_FILE.name})"
        else:
            credentials = "your superuser account"
        self.stdout.write(f"Homepage: http://127.0.0.1:8000/   Admin: http://127.0.0.1:8000/admin/ ({credentials})")
        if missing := pdf_missing():
            self.stdout.write(self.style.WARNING(f"/cv.pdf is off here. {missing}"))
