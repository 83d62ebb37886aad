import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.site import site_url
from publishing.changes import Change
from publishing.publish import publish
from publishing.tasks import publish_change


class Command(BaseCommand):
    help = "Render every public page into DJANGO_PUBLISH_ROOT (after a deploy: new static file names)."

    def handle(self, *args, **options):
        if not settings.VITA_PUBLISH_ROOT:
            raise CommandError("DJANGO_PUBLISH_ROOT is not set, so there is nowhere to publish to.")
        started = time.perf_counter()
        writer = publish()
        elapsed = (time.perf_counter() - started) * 1000
        self.stdout.write(
            f"Published {writer.written} pages for {site_url()} into {settings.VITA_PUBLISH_ROOT} in {elapsed:.0f} ms."
        )
        if writer.stopped:
            publish_change.enqueue(Change(everything=True).as_dict())
            self.stdout.write(
                "A change was saved meanwhile: the worker publishes the rest of the pages "
                "(Django serves them until then)."
            )
