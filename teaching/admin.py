from django.contrib import admin

from core.admin import MarkdownAdminMixin

from .models import Course


@admin.register(Course)
class CourseAdmin(MarkdownAdminMixin, admin.ModelAdmin):
    list_display = ["name", "season", "year", "role", "institution"]
    list_filter = ["season", "year", "institution"]
    search_fields = ["name", "role", "institution"]
