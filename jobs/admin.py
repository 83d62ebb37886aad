from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from .models import Job
from .worker import worker_status


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """The admin's long operations, newest first: each one's page follows it as it runs (it reloads itself each
    second until the job ends) and then shows what it came to. Above the list, what the worker has to do."""

    list_display = ["title", "state_and_progress", "user", "created", "finished"]
    list_filter = ["state"]
    list_select_related = ["user"]
    search_fields = ["title"]
    change_list_template = "admin/jobs/job/change_list.html"

    def has_add_permission(self, request):
        return False  # jobs are started by what they do (an import, a bulk action, a publish)

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        """Those who may see every job, and anyone their own (an editor who may import, but not see the list)."""
        own = obj is not None and obj.user_id is not None and obj.user_id == request.user.pk
        return own or super().has_view_permission(request, obj)

    # Deleting a job that waits for the worker cancels it (the worker finds nothing to run); deleting a running
    # one only forgets it (one a worker's crash left "running" for ever, say).

    @admin.display(description="state")
    def state_and_progress(self, job):
        done, total, phase = job.progress()
        if not job.active:
            return job.get_state_display()
        return format_html(
            '{}<br><progress max="{}" value="{}">{} of {}</progress> {}',
            job.get_state_display(),
            total or 1,
            done if total else 0,
            done,
            total,
            phase,
        )

    def changelist_view(self, request, extra_context=None):
        try:
            publish_url = reverse("publish_everything") if getattr(settings, "VITA_PUBLISH_ROOT", None) else None
        except NoReverseMatch:
            publish_url = None
        extra_context = {
            **(extra_context or {}),
            "worker": worker_status(),
            "refresh": Job.objects.filter(state__in=[Job.State.QUEUED, Job.State.RUNNING]).exists(),
            "publish_url": publish_url,
        }
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, unquote(object_id))
        if job is None:
            raise Http404
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        done, total, phase = job.progress()
        took = (job.finished - job.started).total_seconds() if job.finished and job.started else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": job.title,
            "job": job,
            "result": job.result,
            "done": done,
            "total": total,
            "phase": phase,
            "took": took,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/jobs/job/detail.html", context)
