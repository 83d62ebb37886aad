"""Publishing's work outside the request (django-tasks: the database backend in production; at once in development
and tests). Queued work is rows in the database, so it survives a crash or a restart.

- queue "default", the vita-worker unit: rendering the pages a change touched;
- queue "documents", the vita-documents unit: making the documents (the CV's PDF), which takes seconds to
  minutes, so that the pages are never held up behind one."""

try:  # Django 6 has tasks built in; django-tasks brings the same API to 5.2
    from django.tasks import task
except ImportError:
    from django_tasks import task

from .changes import Change
from .publish import render_change, render_documents


@task()
def publish_change(change):
    """Render again the pages of a committed change (a dict from Change.as_dict())."""
    writer = render_change(Change.from_dict(change))
    if writer.stopped:  # a later change committed meanwhile: these pages are rendered again, from the new rows
        publish_change.enqueue(change)
    return {"written": writer.written, "failed": len(writer.failed), "outdated": writer.outdated}


@task(queue_name="documents")
def publish_documents(names):
    """Make the documents (the CV's PDF) a change touched, in the document worker: slow, so apart from the pages.
    Tasks queued by changes in a row make it once, from the newest content."""
    return {"written": render_documents(names)}
