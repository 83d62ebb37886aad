"""Where the owner's pages appear (core.pages): at their own addresses, and (through the navigation) on every page."""

from core.pages import pages

from .models import Page


def register():
    pages.object_pages(Page, paths=lambda page: [page.get_absolute_url()])
