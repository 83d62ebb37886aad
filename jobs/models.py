from django.conf import settings
from django.core.cache import cache
from django.db import models


class Job(models.Model):
    """One of the admin's long operations (an import, a bulk action on many rows, a whole-site publish), run by the
    worker (jobs.runner): who asked for it, how far it has got, and what it came to."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    title = models.CharField(max_length=300)
    task_path = models.CharField(max_length=200, editable=False)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED, db_index=True)
    # What the job works on (a BibTeX text, the rows of a bulk action); emptied once nothing needs it.
    arguments = models.JSONField(default=dict, blank=True, editable=False)
    # What it came to, as its page shows it: {"heading", "alert", "lines", "next": {"label", "url"}}.
    result = models.JSONField(default=dict, blank=True, editable=False)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    phase = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return self.title

    @property
    def active(self):
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    def progress(self):
        """(done, total, phase): while it runs, as the worker last reported it (jobs.runner.Progress writes it to
        the cache, since a job's own transaction hides its rows until it commits); after, as it ended."""
        if self.state == self.State.RUNNING:
            live = cache.get(progress_key(self.pk)) or {}
            return live.get("done", 0), live.get("total", 0), live.get("phase", "")
        return self.done, self.total, self.phase


def progress_key(pk):
    return f"vita-job-progress-{pk}"
