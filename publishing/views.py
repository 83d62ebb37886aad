from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from jobs.models import Job
from jobs.runner import job_url, start

from .tasks import publish_everything_job


@staff_member_required
def publish_everything(request):
    """Admin → Jobs → "Publish every page again": a confirmation, then the whole-site publish as a job."""
    if not request.user.has_perm("jobs.add_job"):
        raise PermissionDenied
    if not getattr(settings, "VITA_PUBLISH_ROOT", None):
        messages.error(request, "Publishing is off (VITA_PUBLISH_ROOT is not set): Django serves every page.")
        return redirect("admin:jobs_job_changelist")
    if request.method == "POST":
        running = Job.objects.filter(
            task_path=publish_everything_job.module_path, state__in=[Job.State.QUEUED, Job.State.RUNNING]
        ).first()
        if running is not None:  # a second click, or a second editor: one publish is enough
            messages.info(request, "Every page is being published already: here it is.")
            return redirect(job_url(running))
        return redirect(job_url(start(publish_everything_job, "Publish every page again", request.user)))
    context = {
        **admin.site.each_context(request),
        "opts": Job._meta,
        "title": "Publish every page again?",
    }
    return TemplateResponse(request, "admin/publishing/publish.html", context)
