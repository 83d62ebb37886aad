"""The site-wide pages (core.pages): the homepage and the sitemap show everything; robots.txt nothing that changes."""

from core.pages import pages


def register():
    pages.site_page("home")
    pages.site_page("sitemap")
    pages.site_page("robots_txt", shows=())
