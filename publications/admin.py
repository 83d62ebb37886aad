from django.contrib import admin

from .models import Authorship, Publication, PublicationLink, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "slug"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    extra = 0
    fields = ["position", "person", "equal_contribution"]
    autocomplete_fields = ["person"]


class PublicationLinkInline(admin.TabularInline):
    model = PublicationLink
    extra = 0
    fields = ["order", "kind", "url", "label"]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["title", "section", "year", "status", "venue_short", "selected", "is_public"]
    list_filter = ["section", "status", "selected", "is_public", "year"]
    list_select_related = ["section"]
    search_fields = ["title", "venue_short", "venue_full", "authorships__person__family_name"]
    inlines = [AuthorshipInline, PublicationLinkInline]
    fieldsets = [
        (None, {"fields": ["title", "section", "status", "selected", "is_public", "order"]}),
        ("Venue", {"fields": ["venue_short", "venue_full", "year", "month", "volume", "number", "pages", "note"]}),
        ("Identifiers", {"fields": ["doi", "arxiv_id", "slug"]}),
        ("Abstract", {"fields": ["abstract"]}),
    ]
