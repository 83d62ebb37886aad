"""Forget versions older than DJANGO_HISTORY_DAYS (365 by default); every object's newest version stays, so that
what was deleted can still be recovered. The backup timer runs it every night (deploy/systemd/vita-backup.service)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from reversion.models import Revision, Version


class Command(BaseCommand):
    help = "Delete revisions older than DJANGO_HISTORY_DAYS, keeping each object's newest version."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Keep this many days (default: the setting).")

    def handle(self, *args, days=None, **options):
        days = settings.VITA_HISTORY_DAYS if days is None else days
        cutoff = timezone.now() - timedelta(days=days)
        newest = Version.objects.values("content_type", "object_id").annotate(newest=Max("pk")).values_list("newest")
        keep = Revision.objects.filter(version__pk__in=newest)
        with transaction.atomic():
            old = Revision.objects.filter(date_created__lt=cutoff).exclude(pk__in=keep)
            count = old.count()
            old.delete()
        self.stdout.write(f"Forgot {count} revision(s) older than {days} days.")
