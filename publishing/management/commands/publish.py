import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.site import site_url
from publishing.publish import publish


class Command(BaseCommand):
    help = "Render every public page into DJANGO_PUBLISH_ROOT (after a deploy: new static file names)."

    def handle(self, *args, **options):
        if not settings.VITA_PUBLISH_ROOT:
            raise CommandError("DJANGO_PUBLISH_ROOT is not set, so there is nowhere to publish to.")
        started = time.perf_counter()
        count = publish()
        elapsed = (time.perf_counter() - started) * 1000
        self.stdout.write(
            f"Published {count} pages for {site_url()} into {settings.VITA_PUBLISH_ROOT} in {elapsed:.0f} ms."
        )
