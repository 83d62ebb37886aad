"""Publishing's work outside the request (django-tasks: the database backend in production; at once in development
and tests). Queued work is rows in the database, so it survives a crash or a restart.

- queue "default", the vita-worker unit: rendering the pages a change touched;
- queue "documents", the vita-documents unit: making the documents (the CV's PDF), which takes seconds to
  minutes, so that the pages are never held up behind one.

A whole-site publish asked for in the admin (Jobs → Publish every page again) is a job (jobs/), on the default
queue, with its progress on its page."""

try:  # Django 6 has tasks built in; django-tasks brings the same API to 5.2
    from django.tasks import task
except ImportError:
    from django_tasks import task

from jobs.runner import job_task

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


@job_task()
def publish_everything_job(job, progress):
    """Publish every page again (after a deploy that changed the templates, say), as `manage.py publish` does; the
    documents are left to the document worker."""
    lines = []
    for attempt in range(1, ATTEMPTS + 1):
        progress(0, 0, "Publishing every page" if attempt == 1 else f"Publishing every page again (try {attempt})")
        writer = render_change(Change(everything=True), progress=progress)
        if not writer.stopped:
            break
        lines.append(f"An edit came in after {writer.written} pages were written: every page is written again.")
    else:  # edits kept coming: the worker's own publish of every page finishes it, after them
        publish_change.enqueue(Change(everything=True).as_dict())
        lines.append("Edits kept coming in: the rest is queued, to follow them.")
    progress(writer.written, writer.written)  # the total was an estimate
    if writer.failed:
        lines.append(
            f"{len(writer.failed)} could not be rendered and are served by Django: {', '.join(writer.failed)}."
        )
    return {"heading": f"Published {writer.written} pages", "lines": lines}


ATTEMPTS = 5  # whole-site publishes a job starts again when an edit commits meanwhile
