"""Running a long operation as a Job, in the worker (django-tasks: the database backend in production, at once in
development and tests), with its progress where the admin can see it.

    @job_task()
    def import_things(job, progress):           # in an app's tasks.py
        for i, thing in enumerate(things):
            progress(i + 1, len(things), "Importing")
        return {"heading": "Imported 12 things", "lines": [...]}

    job = start(import_things, "Import of things.csv", request.user, text=...)   # in the admin view
    return redirect(job_url(job))                                               # its page follows it

A job is claimed once (a task run again finds it started and does nothing), and it ends done or failed, with what
it came to in `Job.result`. Its arguments are kept for the task to read; the task empties `job.arguments` when no
one needs them any more, and start() empties those of jobs finished a day ago.
"""

import functools
import logging
import time
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .models import Job, progress_key

try:  # Django 6 has tasks built in; django-tasks brings the same API to 5.2
    from django.tasks import task
except ImportError:
    from django_tasks import task

logger = logging.getLogger("vita")

KEEP_ARGUMENTS = timedelta(days=1)


def job_task(**options):
    """A task (django-tasks' @task, with its options) that runs `function(job, progress)` for a Job queued by
    start(): it returns the job's result (a dict for its page)."""

    def decorate(function):
        @functools.wraps(function)
        def run(job_id):
            return _run(job_id, function)

        return task(**options)(run)

    return decorate


def start(job_task, title, user=None, **arguments):
    """Record a Job and queue its task once the current transaction commits (at once, outside one)."""
    Job.objects.filter(finished__lt=timezone.now() - KEEP_ARGUMENTS).exclude(arguments={}).update(arguments={})
    job = Job.objects.create(
        title=title[:300],
        task_path=job_task.module_path,
        user=user if getattr(user, "is_authenticated", False) else None,
        arguments=arguments,
    )

    def enqueue():
        result = job_task.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))

    transaction.on_commit(enqueue)
    return job


def job_url(job):
    return reverse("admin:jobs_job_change", args=[job.pk])


class Progress:
    """Called as progress(done, total=None, phase=None) by a job as it goes; written to the cache, where the job's
    page reads it, at most every EVERY seconds (and whenever the phase changes)."""

    EVERY = 0.25

    def __init__(self, job):
        self.key = progress_key(job.pk)
        self.done, self.total, self.phase = 0, 0, ""
        self._written = 0.0

    def __call__(self, done, total=None, phase=None):
        new_phase = phase is not None and phase != self.phase
        self.done = done
        if total is not None:
            self.total = total
        self.total = max(self.total, done)  # a total estimated short
        if phase is not None:
            self.phase = phase
        now = time.monotonic()
        if new_phase or now - self._written >= self.EVERY:
            self._written = now
            cache.set(self.key, {"done": self.done, "total": self.total, "phase": self.phase}, timeout=24 * 3600)


def _run(job_id, function):
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started=timezone.now()
    )
    if not claimed:  # run already (a task queued twice), or gone
        return {"job": job_id, "state": "not queued"}
    job = Job.objects.select_related("user").get(pk=job_id)
    progress = Progress(job)
    progress(0, 0, "Starting")
    try:
        result = function(job, progress) or {}
    except BaseException as error:  # the worker stopped mid-job (SystemExit) included: the job must not stay running
        logger.exception("Job %s (%s) failed", job.pk, job.title)
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.FAILED,
            finished=timezone.now(),
            arguments=job.arguments,
            result={"heading": "Failed", "alert": f"{type(error).__name__}: {error}"},
            done=progress.done,
            total=progress.total,
            phase=progress.phase,
        )
        cache.delete(progress.key)
        raise  # the task's result says so too (Admin → Task results, the worker's log)
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.DONE,
        finished=timezone.now(),
        arguments=job.arguments,
        result=result,
        done=progress.done,
        total=progress.total,
        phase="",
    )
    cache.delete(progress.key)
    return {"job": job.pk, "state": "done"}
