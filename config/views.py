"""The site-wide pages: the homepage (every public entry of every app), robots.txt, the error pages."""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from .homepage import homepage_context

logger = logging.getLogger("vita")


def home(request):
    context = homepage_context()
    owner, profile = context["owner"], context["profile"]
    context["json_ld"] = person_json_ld(owner, profile, request) if owner else None
    context["canonical_url"] = request.build_absolute_uri(reverse("home"))
    return render(request, "home.html", context)


def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("django.contrib.sitemaps.views.sitemap"))
    lines = ["User-agent: *", f"Disallow: /{settings.ADMIN_PATH}", "Allow: /", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def person_json_ld(owner, profile, request):
    """schema.org Person for the homepage."""
    data = {"@context": "https://schema.org", "@type": "Person", "name": owner.full_name,
            "url": request.build_absolute_uri(reverse("home"))}  # fmt: skip
    if profile.headline:
        data["jobTitle"] = profile.headline
    if profile.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": profile.affiliation}
    if profile.email:
        data["email"] = f"mailto:{profile.email}"
    if profile.photo:
        data["image"] = request.build_absolute_uri(profile.photo.url)
    same_as = [link.url for link in profile.links.all() if link.kind != "cv"] if profile.pk else []
    if same_as:
        data["sameAs"] = same_as
    return data


def server_error(request):
    """handler500: a plain page that needs no database; a 503 when the database is what failed."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        logger.error("Database unavailable: %s", error)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)
