from django.contrib import admin

from core.admin import BulkUpdateMixin, MarkdownAdminMixin

from .models import Talk, TalkLink


class TalkLinkInline(admin.TabularInline):
    model = TalkLink
    extra = 0
    fields = ["order", "kind", "url", "label"]


@admin.register(Talk)
class TalkAdmin(BulkUpdateMixin, MarkdownAdminMixin, admin.ModelAdmin):
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
        self.bulk_update(request, queryset, "{count} talk(s) are now public.", is_public=True)

    @admin.action(description="Hide from the site")
    def make_hidden(self, request, queryset):
        self.bulk_update(request, queryset, "{count} talk(s) are now hidden.", is_public=False)
