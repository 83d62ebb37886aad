"""`python manage.py reset_second_factor USERNAME`: for a staff member who lost every second factor (phone, key and
recovery codes). Their passkeys, authenticator apps and codes are removed; the next sign-in sets one up again."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp import devices_for_user


class Command(BaseCommand):
    help = "Remove a user's passkeys, authenticator apps and recovery codes, so the next sign-in sets them up again."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No user is named {username!r}.") from error
        devices = list(devices_for_user(user, confirmed=None))
        for device in devices:
            device.delete()
        self.stdout.write(f"Removed {len(devices)} second factor(s) of {username}; the next sign-in sets one up.")
