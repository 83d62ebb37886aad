from django.contrib import admin

from core.admin import MarkdownAdminMixin, PublicActionsMixin
from history.admin import HistoryAdmin

from .models import NewsItem


@admin.register(NewsItem)
class NewsItemAdmin(PublicActionsMixin, MarkdownAdminMixin, HistoryAdmin):
    list_display = ["date", "__str__", "has_page", "is_public"]
    list_filter = ["is_public", "date"]
    search_fields = ["text", "body"]
    date_hierarchy = "date"
    fields = ["date", "text", "body", "slug", "is_public"]

    @admin.display(boolean=True, description="own page")
    def has_page(self, item):
        return bool(item.body)
