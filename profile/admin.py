from django.contrib import admin
from django.db.models import Count
from django.shortcuts import redirect

from .models import NameVariant, Person, Profile, ProfileLink


class NameVariantInline(admin.TabularInline):
    model = NameVariant
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "short_name", "is_owner", "homepage", "publication_count"]
    list_filter = ["is_owner"]
    search_fields = ["given_names", "family_name", "variants__name"]
    inlines = [NameVariantInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(publication_count=Count("authorships"))

    @admin.display(description="publications", ordering="publication_count")
    def publication_count(self, person):
        return person.publication_count


class ProfileLinkInline(admin.TabularInline):
    model = ProfileLink
    extra = 0
    fields = ["order", "kind", "url", "label"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    """One profile: the list page goes straight to it; it can be neither added twice nor deleted."""

    inlines = [ProfileLinkInline]
    readonly_fields = ["cv_updated"]
    fieldsets = [
        (None, {"fields": ["headline", "affiliation", "location", "email"]}),
        ("About", {"fields": ["bio"]}),
        ("Files", {"fields": ["photo", "cv", "cv_updated"]}),
        ("Display", {"fields": ["author_style"]}),
    ]

    def changelist_view(self, request, extra_context=None):
        Profile.load()
        return redirect("admin:profile_profile_change", 1)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
