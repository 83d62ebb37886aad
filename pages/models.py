"""Pages of the owner's own (Research, Group, Contact): Markdown at an address they choose, listed in the site's
navigation in the order they give."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from markdownx.models import MarkdownxField

from core.models import Timestamped

# Addresses Vita's own pages use: a page may not take them.
RESERVED = {"admin", "blog", "cv", "feeds", "media", "news", "projects", "publications", "static", "markdownx"}
_PATH = re.compile(r"^[a-z0-9][a-z0-9-]*(?:/[a-z0-9][a-z0-9-]*)*$")


def validate_page_path(value):
    if not _PATH.match(value):
        raise ValidationError("Lower-case words joined by - and /, e.g. “research” or “group/alumni”.")
    if value.split("/")[0] in RESERVED:
        raise ValidationError(f"“{value.split('/')[0]}” is one of Vita's own addresses.")


class PageQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def in_menu(self):
        return self.public().filter(in_menu=True).order_by("menu_order", "title")


class Page(Timestamped):
    title = models.CharField(max_length=200)
    path = models.CharField(
        "address",
        max_length=200,
        unique=True,
        validators=[validate_page_path],
        help_text="Where it lives: “research” is /research/.",
    )
    body = MarkdownxField(blank=True)
    in_menu = models.BooleanField("in the menu", default=True)
    menu_order = models.PositiveSmallIntegerField(default=0, help_text="Pages are listed in the menu in this order.")
    is_public = models.BooleanField("public", default=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["menu_order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"/{self.path}/"
