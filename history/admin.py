"""History in the admin: every content admin is a HistoryAdmin (History page with "Revert to this version",
"Recover deleted …"), and Admin → History → Revisions lists every change, with "Undo" for a whole one."""

import reversion
from django.contrib import admin, messages
from django.db.models import Count
from reversion.admin import VersionAdmin
from reversion.models import Revision
from reversion.revisions import _get_options

from .revisions import UndoError, restore, snapshot_and_delete, undo


class _ThisObjectOnly:
    """Stands in for a version's revision while the admin reverts it: reversion would put back every object of
    the revision; this puts back only the version's own object and its inline rows."""

    def __init__(self, version):
        self.version, self.date_created = version, version.revision.date_created

    def revert(self, delete=False):
        restore(self.version)


class HistoryAdmin(VersionAdmin):
    """A ModelAdmin whose model is versioned with its inlines, and whose deletes can be recovered."""

    history_latest_first = True

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        # reversion registers a model once, with the first admin's inlines: a CV entry, an inline of its section,
        # would miss its own links. Every admin adds what it edits inline.
        follow = []
        for inline in self.inlines:
            inline_model, field = self._reversion_introspect_inline_admin(inline)
            if inline_model is not None and not reversion.is_registered(inline_model):
                self._reversion_autoregister(inline_model, ())
            if field:
                follow.append(field)
        known = tuple(_get_options(model).follow)
        if not set(follow) <= set(known):
            reversion.unregister(model)
            self._reversion_autoregister(model, known + tuple(f for f in follow if f not in known))

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        version._state.fields_cache["revision"] = _ThisObjectOnly(version)
        return super()._reversion_revisionform_view(request, version, template_name, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.POST.get("action") == "delete_selected":  # the deletion keeps a revision of its own
            return admin.ModelAdmin.changelist_view(self, request, extra_context)
        return super().changelist_view(request, extra_context)

    def delete_model(self, request, obj):
        snapshot_and_delete([obj], f"Deleted {self.model._meta.verbose_name} “{obj}”", request.user)

    def delete_queryset(self, request, queryset):
        objects = list(queryset)
        name = self.model._meta.verbose_name if len(objects) == 1 else self.model._meta.verbose_name_plural
        snapshot_and_delete(objects, f"Deleted {len(objects)} {name}", request.user)


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    """Every revision, newest first; read only, with an action that undoes the chosen ones."""

    list_display = ["date_created", "user", "comment", "objects"]
    list_filter = ["date_created"]
    search_fields = ["comment"]
    actions = ["undo_selected"]
    date_hierarchy = "date_created"
    ordering = ["-date_created", "-pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user").annotate(object_count=Count("version"))

    @admin.display(description="objects", ordering="object_count")
    def objects(self, revision):
        return revision.object_count

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_undo_permission(self, request):
        """Undoing may change any content: superusers only (a staff member may be allowed to see the list)."""
        return request.user.is_superuser

    @admin.action(description="Undo the selected changes (the newest first)", permissions=["undo"])
    def undo_selected(self, request, queryset):
        for revision in queryset.order_by("-date_created", "-pk"):
            try:
                lines = undo(revision, user=request.user)
            except UndoError as error:
                self.message_user(request, str(error), messages.ERROR)
                return
            summary = "; ".join(lines) if len(lines) <= 10 else f"{len(lines)} objects put back or deleted"
            self.message_user(request, f"Undid “{revision.comment}”: {summary or 'nothing left to undo'}")
