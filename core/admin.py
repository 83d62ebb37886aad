"""Admin pieces every app's admin uses: the Markdown editor, an autocomplete without a query per row."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.db import models
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from history.revisions import add_to_current

from .models import now_ms
from .signals import bulk_change


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
    """Admin actions that update many rows in one query, then tell publishing which rows changed and version them
    in the action's revision, so that the action can be undone as a whole (a queryset update sends no signals)."""

    def bulk_update(self, request, queryset, message, **values):
        pks = list(queryset.values_list("pk", flat=True))
        count = self.model.objects.filter(pk__in=pks).update(**values, updated=now_ms())
        bulk_change.send(sender=self.model, pks=pks)
        add_to_current(self.model._base_manager.filter(pk__in=pks), comment=message.format(count=count))
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
