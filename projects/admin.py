from django.contrib import admin

from core.admin import MarkdownAdminMixin, PublicActionsMixin
from history.admin import HistoryAdmin

from .models import Project, ProjectLink


class ProjectLinkInline(admin.TabularInline):
    model = ProjectLink
    extra = 0
    fields = ["order", "kind", "url", "label"]


@admin.register(Project)
class ProjectAdmin(PublicActionsMixin, MarkdownAdminMixin, HistoryAdmin):
    list_display = ["title", "order", "is_public"]
    list_editable = ["order"]
    list_filter = ["is_public"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["publications"]
    fields = ["title", "slug", "summary", "image", "image_alt", "body", "publications", ("order", "is_public")]
    inlines = [ProjectLinkInline]
