from django.contrib import admin

from core.admin import MarkdownAdminMixin, PublicActionsMixin
from history.admin import HistoryAdmin

from .models import Page


@admin.register(Page)
class PageAdmin(PublicActionsMixin, MarkdownAdminMixin, HistoryAdmin):
    list_display = ["title", "path", "in_menu", "menu_order", "is_public"]
    list_editable = ["menu_order"]
    list_filter = ["is_public", "in_menu"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"path": ["title"]}
    fields = ["title", "path", "body", ("in_menu", "menu_order"), "is_public"]
