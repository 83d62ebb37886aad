"""Work the admin hands to the worker as jobs (jobs/): a bulk action on more rows than a request should hold."""

from django.apps import apps
from django.db import transaction

from history.revisions import recording
from jobs.runner import job_task

from .bulk import update_rows


@job_task()
def bulk_update_job(job, progress):
    """job.arguments: {"model": "app.Model", "pks": [...], "values": {attname: value}, "message": "... {count} ..."}.
    One revision, as in the request, so that Admin → Revisions undoes it as a whole."""
    arguments = job.arguments
    model = apps.get_model(arguments["model"])
    comment = arguments["message"].format(count=len(arguments["pks"]))
    with transaction.atomic(), recording(comment, job.user):
        count = update_rows(model, arguments["pks"], arguments["values"], comment=comment, progress=progress)
    job.arguments = {}
    return {"heading": arguments["message"].format(count=count)}
