from django.contrib import admin

from core.admin import MarkdownAdminMixin, PublicActionsMixin
from history.admin import HistoryAdmin

from .models import Post, Tag


@admin.register(Tag)
class TagAdmin(HistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Post)
class PostAdmin(PublicActionsMixin, MarkdownAdminMixin, HistoryAdmin):
    list_display = ["title", "date", "is_public"]
    list_filter = ["is_public", "date", "tags"]
    search_fields = ["title", "summary", "body"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["tags"]
    fields = ["title", "slug", "date", "summary", "body", "tags", "is_public", "old_path"]
