from django.contrib import admin
from django.db.models import Count
from django.shortcuts import redirect

from core.admin import MarkdownAdminMixin
from history.admin import HistoryAdmin

from .models import NameVariant, Person, Profile, ProfileLink


class NameVariantInline(admin.TabularInline):
    model = NameVariant
    extra = 0


@admin.register(Person)
class PersonAdmin(MarkdownAdminMixin, HistoryAdmin):
    list_display = ["full_name", "short_name", "is_owner", "homepage", "publication_count"]
    list_filter = ["is_owner"]
    search_fields = ["given_names", "family_name", "variants__name"]
    inlines = [NameVariantInline]

    def get_queryset(self, request):
        # Ordered explicitly: with the count's GROUP BY the model's default ordering no longer counts as one,
        # and the autocomplete's paginator needs an ordered list.
        people = super().get_queryset(request).annotate(publication_count=Count("authorships"))
        return people.order_by(*Person._meta.ordering)

    @admin.display(description="publications", ordering="publication_count")
    def publication_count(self, person):
        return person.publication_count

    def get_deleted_objects(self, objs, request):
        """The site owner is never deleted by accident: the delete page says why, as it does for authors."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for person in objs:
            if person.is_owner:
                protected = [
                    *protected,
                    f"{person} is the site owner. Make someone else the owner first.",
                ]
        return deleted, counts, perms_needed, protected


class ProfileLinkInline(admin.TabularInline):
    model = ProfileLink
    extra = 0
    fields = ["order", "kind", "url", "label"]


@admin.register(Profile)
class ProfileAdmin(MarkdownAdminMixin, HistoryAdmin):
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
