"""The site-wide pages: the homepage (every public entry of every app), robots.txt, the error pages."""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from profile.models import Person, Profile
from publications.models import Publication
from talks.models import Talk
from teaching.models import Course

logger = logging.getLogger("vita")


def group_by_section(publications):
    """[(section, [publication, …]), …] in section order; empty sections are left out."""
    groups = {}
    for publication in publications:
        groups.setdefault(publication.section, []).append(publication)
    return sorted(groups.items(), key=lambda item: (item[0].order, item[0].name))


def home(request):
    # A fixed number of queries whatever the data size: one per table, the rest prefetched.
    profile = Profile.objects.prefetch_related("links").filter(pk=1).first() or Profile()
    publications = list(Publication.objects.public().for_listing())
    talks = list(Talk.objects.public().for_listing())
    courses = list(Course.objects.all())
    owner = Person.objects.owner()
    context = {
        "profile": profile,
        "owner": owner,
        "json_ld": person_json_ld(owner, profile, request) if owner else None,
        "canonical_url": request.build_absolute_uri(reverse("home")),
        "sections": group_by_section(publications),
        "has_equal_contributors": any(p.has_equal_contributors for p in publications),
        "talks": talks,
        "courses": courses,
        # "Last updated" is derived from the entries themselves, so it can never go stale.
        "last_updated": max((e.updated for e in [profile, *publications, *talks, *courses] if e.updated), default=None),
    }
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
