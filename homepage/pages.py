"""The site-wide pages (core.pages): the homepage shows everything but the CV's own sections, the sitemap
everything, robots.txt nothing that changes."""

from core.pages import pages
from cv.models import CVEntry, CVEntryLink, CVSection


def register():
    pages.site_page("home", hides=[CVSection, CVEntry, CVEntryLink])
    pages.site_page("sitemap")
    pages.site_page("robots_txt", shows=())
