from django.contrib import admin

from .models import Talk, TalkLink


class TalkLinkInline(admin.TabularInline):
    model = TalkLink
    extra = 0
    fields = ["order", "kind", "url", "label"]


@admin.register(Talk)
class TalkAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "location", "date", "is_public"]
    list_filter = ["is_public", "date"]
    search_fields = ["title", "event", "location"]
    date_hierarchy = "date"
    autocomplete_fields = ["publication"]
    inlines = [TalkLinkInline]
