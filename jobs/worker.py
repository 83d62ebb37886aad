"""What the worker has to do, as the Jobs page shows it: read from django-tasks' database backend, when tasks are
queued there (production); in development and the tests they run at once, in the request."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone

READY, RUNNING, FAILED = "READY", "RUNNING", "FAILED"  # django-tasks' TaskResultStatus values


def queued_in_database():
    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db.")


def worker_status():
    """{"waiting", "running", "failed" (in the last day), "oldest" (when the longest-waiting task was queued)}, in
    one query; None when tasks run at once."""
    if not queued_in_database():
        return None
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.aggregate(
        waiting=Count("id", filter=Q(status=READY)),
        running=Count("id", filter=Q(status=RUNNING)),
        failed=Count("id", filter=Q(status=FAILED, finished_at__gte=timezone.now() - timedelta(days=1))),
        oldest=Min("enqueued_at", filter=Q(status=READY)),
    )
