from django.contrib import admin
from django.db.models import Count

from core.admin import MarkdownAdminMixin, PublicActionsMixin
from history.admin import HistoryAdmin

from .models import CVEntry, CVEntryLink, CVSection


class CVEntryLinkInline(admin.TabularInline):
    model = CVEntryLink
    extra = 0
    fields = ["order", "kind", "url", "label"]


class CVEntryInline(MarkdownAdminMixin, admin.StackedInline):
    model = CVEntry
    extra = 0
    show_change_link = True
    fields = [
        ("title", "organisation"),
        "location",
        ("start_year", "start_month", "end_year", "end_month", "ongoing"),
        "description",
        ("order", "is_public"),
    ]


@admin.register(CVSection)
class CVSectionAdmin(PublicActionsMixin, HistoryAdmin):
    list_display = ["name", "kind", "ordering", "order", "entry_count", "is_public"]
    list_editable = ["order"]
    list_filter = ["kind", "is_public"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CVEntryInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_count=Count("entries"))

    @admin.display(description="entries", ordering="entry_count")
    def entry_count(self, section):
        return section.entry_count


@admin.register(CVEntry)
class CVEntryAdmin(PublicActionsMixin, MarkdownAdminMixin, HistoryAdmin):
    list_display = ["title", "organisation", "section", "start_year", "end_year", "ongoing", "is_public"]
    list_filter = ["section", "is_public", "ongoing"]
    list_select_related = ["section"]
    search_fields = ["title", "organisation", "location", "description"]
    fields = [
        "section",
        ("title", "organisation"),
        "location",
        ("start_year", "start_month"),
        ("end_year", "end_month", "ongoing"),
        "description",
        ("order", "is_public"),
    ]
    inlines = [CVEntryLinkInline]
