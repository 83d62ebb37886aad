from django.contrib import admin

from profile.admin import MarkdownAdminMixin
from profile.models import now_ms
from profile.signals import bulk_change

from .models import Talk, TalkLink


class TalkLinkInline(admin.TabularInline):
    model = TalkLink
    extra = 0
    fields = ["order", "kind", "url", "label"]


@admin.register(Talk)
class TalkAdmin(MarkdownAdminMixin, admin.ModelAdmin):
    list_display = ["title", "event", "location", "date", "is_public"]
    list_filter = ["is_public", "date"]
    list_select_related = ["publication"]
    search_fields = ["title", "event", "location"]
    date_hierarchy = "date"
    autocomplete_fields = ["publication"]
    inlines = [TalkLinkInline]
    actions = ["make_public", "make_hidden"]

    @admin.action(description="Make public")
    def make_public(self, request, queryset):
        self.message_user(request, f"{queryset.update(is_public=True, updated=now_ms())} talk(s) are now public.")
        bulk_change.send(sender=self.model)

    @admin.action(description="Hide from the site")
    def make_hidden(self, request, queryset):
        self.message_user(request, f"{queryset.update(is_public=False, updated=now_ms())} talk(s) are now hidden.")
        bulk_change.send(sender=self.model)
