from django.contrib import admin

from core.admin import MarkdownAdminMixin, PublicActionsMixin
from history.admin import HistoryAdmin

from .models import Talk, TalkLink


class TalkLinkInline(admin.TabularInline):
    model = TalkLink
    extra = 0
    fields = ["order", "kind", "url", "label"]


@admin.register(Talk)
class TalkAdmin(PublicActionsMixin, MarkdownAdminMixin, HistoryAdmin):
    list_display = ["title", "event", "location", "date", "is_public"]
    list_filter = ["is_public", "date"]
    list_select_related = ["publication"]
    search_fields = ["title", "event", "location"]
    date_hierarchy = "date"
    autocomplete_fields = ["publication"]
    inlines = [TalkLinkInline]
