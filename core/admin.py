"""Admin pieces every app's admin uses: the Markdown editor, an autocomplete without a query per row."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.db import models
from django.utils.html import format_html
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from jobs.runner import job_url, start

from .bulk import IN_REQUEST, as_json, update_rows
from .tasks import bulk_update_job


class MarkdownAdminMixin:
    """Markdown fields get django-markdownx's editor (live preview and image drop, both staff only); other text
    fields, which have no length limit but hold a line (a title, a venue, a name), a wide one-line input."""

    formfield_overrides = {
        MarkdownxField: {"widget": AdminMarkdownxWidget},
        models.TextField: {"widget": forms.TextInput(attrs={"class": "vLargeTextField"})},
    }


class SelectedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that shows its current choice from an object already loaded, not with a query per row.

    Django's own widget looks its selected option up in the database, once per inline row: an N+1 on every
    change page with a list of authors. The row's form hands over the object it already has.
    """

    selected_object = None

    def optgroups(self, name, value, attr=None):
        selected = self.selected_object
        if selected is None or [str(v) for v in value if v not in (None, "")] != [str(selected.pk)]:
            return super().optgroups(name, value, attr)
        option = self.create_option(name, selected.pk, str(selected), True, 0, subindex=None, attrs=None)
        return [(None, [option], 0)]


class BulkUpdateMixin:
    """Admin actions that update many rows in one query (core.bulk), as one revision that Admin → Revisions can undo
    as a whole. More rows than a request should hold (core.bulk.IN_REQUEST) go to the worker, as a job whose page
    follows it."""

    def bulk_update(self, request, queryset, message, **values):
        pks = list(queryset.values_list("pk", flat=True))
        if len(pks) > IN_REQUEST:
            job = start(
                bulk_update_job,
                message.format(count=len(pks)),
                request.user,
                model=self.model._meta.label,
                pks=pks,
                values=as_json(self.model, values),
                message=message,
            )
            self.message_user(
                request,
                format_html(
                    '{} rows: this runs in the background. <a href="{}">Follow it</a>.', len(pks), job_url(job)
                ),
            )
            return
        count = update_rows(self.model, pks, values, comment=message.format(count=len(pks)))
        self.message_user(request, message.format(count=count))


class PublicActionsMixin(BulkUpdateMixin):
    """The admin actions "Make public" and "Hide from the site", for a model with `is_public`."""

    actions = ["make_public", "make_hidden"]

    def _plural(self):
        return self.model._meta.verbose_name_plural

    @admin.action(description="Make public")
    def make_public(self, request, queryset):
        self.bulk_update(request, queryset, f"{{count}} {self._plural()} made public.", is_public=True)

    @admin.action(description="Hide from the site")
    def make_hidden(self, request, queryset):
        self.bulk_update(request, queryset, f"{{count}} {self._plural()} hidden from the site.", is_public=False)
