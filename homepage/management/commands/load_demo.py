from django.core.management.base import BaseCommand

from homepage.demo.load import load_demo


class Command(BaseCommand):
    help = "Load the demo homepage (a real researcher's CV). Creates what is missing; changes nothing else."

    def handle(self, *args, **options):
        created = load_demo()
        if not created:
            self.stdout.write("The demo content is already loaded; nothing changed.")
            return
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items() if count)
        self.stdout.write(self.style.SUCCESS(f"Loaded the demo: {summary}."))
