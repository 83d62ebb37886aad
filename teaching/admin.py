from django.contrib import admin

from core.admin import MarkdownAdminMixin
from history.admin import HistoryAdmin

from .models import Course


@admin.register(Course)
class CourseAdmin(MarkdownAdminMixin, HistoryAdmin):
    list_display = ["name", "season", "year", "role", "institution"]
    list_filter = ["season", "year", "institution"]
    search_fields = ["name", "role", "institution"]
