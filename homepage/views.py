"""The site-wide pages: the homepage (every public entry of every app), the sitemap, robots.txt, the error pages."""

import logging
import sys
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from core.pages import pages
from core.site import absolute, site_url

from .context import homepage_context
from .sitemaps import SITEMAPS

logger = logging.getLogger("vita")


def home(request):
    context = {**homepage_context(), **pages.chrome_context()}
    owner, profile = context["owner"], context["profile"]
    context["canonical_url"] = absolute(reverse("home"))
    context["json_ld"] = person_json_ld(owner, profile, context["profile_links"]) if owner else None
    return render(request, "home.html", context, using="jinja2")


def person_json_ld(owner, profile, links):
    """schema.org Person for the homepage."""
    data = {"@context": "https://schema.org", "@type": "Person", "name": owner.full_name, "url": absolute("/")}
    if profile.headline:
        data["jobTitle"] = profile.headline
    if profile.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": profile.affiliation}
    if profile.email:
        data["email"] = f"mailto:{profile.email}"
    if profile.photo:
        data["image"] = absolute(profile.photo.url)
    same_as = [link.url for link in links if link.kind != "cv"]
    if same_as:
        data["sameAs"] = same_as
    return data


def sitemap(request):
    """Every public page's address, absolute from the configured site address (core.site)."""
    parts = urlsplit(site_url())
    site = SimpleNamespace(domain=parts.netloc + parts.path, name=parts.netloc)
    urls = []
    for sitemap_class in SITEMAPS.values():
        urls += sitemap_class().get_urls(site=site, protocol=parts.scheme)
    xml = render_to_string("sitemap.xml", {"urlset": urls}, using="django")
    return HttpResponse(xml, content_type="application/xml")


def robots_txt(request):
    sitemap_url = absolute(reverse("sitemap"))
    # The admin's address is not named (it may be a secret, DJANGO_ADMIN_PATH); its pages need a login anyway.
    lines = ["User-agent: *", "Allow: /", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def page_not_found(request, exception=None):
    return HttpResponse(render_to_string("404.html", using="jinja2"), status=404)


def server_error(request):
    """handler500: a plain page that needs no database; a 503 when the database is what failed."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        logger.error("Database unavailable: %s", error)
        response = HttpResponse(render_to_string("503.html", using="jinja2"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html", using="jinja2"), status=500)
