"""The homepage: the owner's profile and every public entry of every app, on one page."""

from profile.models import Person, Profile

from django.shortcuts import render

from publications.models import Publication
from talks.models import Talk
from teaching.models import Course


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
    context = {
        "profile": profile,
        "owner": Person.objects.owner(),
        "sections": group_by_section(publications),
        "has_equal_contributors": any(p.has_equal_contributors for p in publications),
        "talks": talks,
        "courses": courses,
        # "Last updated" is derived from the entries themselves, so it can never go stale.
        "last_updated": max((e.updated for e in [profile, *publications, *talks, *courses] if e.updated), default=None),
    }
    return render(request, "home.html", context)
