from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from news.models import NewsItem
from pages.models import Page
from posts.models import Post
from projects.models import Project
from publications.models import Publication


class HomeSitemap(Sitemap):
    """The site's pages of which there is one: the homepage and the CV."""

    changefreq = "weekly"
    priority = 1.0

    def items(self):
        return ["home", "cv"]

    def location(self, item):
        return reverse(item)


class PublicationSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Publication.objects.public().order_by("pk")

    def lastmod(self, publication):
        return publication.updated


class SectionSitemap(Sitemap):
    """The sections' own indexes, when they have something in them."""

    changefreq = "weekly"
    priority = 0.7

    def items(self):
        from .navigation import SECTIONS

        return [reverse(name) for _, name, model in SECTIONS if model.objects.public().exists()]

    def location(self, address):
        return address


class ObjectSitemap(Sitemap):
    """Public objects that have pages of their own: projects, posts, news with a story, the owner's pages."""

    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return [
            *Project.objects.public().order_by("pk"),
            *Post.objects.public().order_by("pk"),
            *NewsItem.objects.with_pages().order_by("pk"),
            *Page.objects.public().order_by("pk"),
        ]

    def lastmod(self, obj):
        return obj.updated


SITEMAPS = {
    "home": HomeSitemap,
    "publications": PublicationSitemap,
    "sections": SectionSitemap,
    "objects": ObjectSitemap,
}
