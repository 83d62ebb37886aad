"""Where news appears (core.pages): the latest items on the homepage, all of them on /news/ and in their feed, and
an item with a body on a page of its own."""

from core.pages import pages

from .models import NewsItem


def register():
    pages.object_pages(NewsItem, paths=lambda item: [item.get_absolute_url()] if item.body else [])
    pages.site_page("news:index", shows=[NewsItem])
    pages.site_page("news_feed", shows=[NewsItem])
