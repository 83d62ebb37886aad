from django.contrib.sitemaps import Sitemap
from django.urls import reverse

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


SITEMAPS = {"home": HomeSitemap, "publications": PublicationSitemap}
