"""Publishing's work outside the request: rendering the pages a change touched (django-tasks: the database backend
in production, run by `manage.py db_worker`, the vita-worker unit; at once in development and tests). Queued work
is rows in the database, so it survives a crash or a restart."""

try:  # Django 6 has tasks built in; django-tasks brings the same API to 5.2
    from django.tasks import task
except ImportError:
    from django_tasks import task

from .changes import Change
from .publish import render_change


@task()
def publish_change(change):
    """Render again the pages of a committed change (a dict from Change.as_dict())."""
    writer = render_change(Change.from_dict(change))
    return {"written": writer.written, "failed": len(writer.failed), "outdated": writer.outdated}
