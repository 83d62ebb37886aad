"""Everything the homepage shows, fetched in a fixed number of queries and rendered without a template per entry.

The publication list is the page's bulk (hundreds of entries, each with its authors and links), so authors and
links come as plain rows (values_list), not model instances, and each entry's HTML is built by
publications.render. Measured: see docs/benchmark.md.
"""

from collections import defaultdict

from profile.markdown import render_markdown
from profile.models import Person, Profile
from publications.models import Authorship, Publication, PublicationLink
from publications.render import AuthorItem, publication_item_html
from talks.models import Talk
from teaching.models import Course

AUTHOR_FIELDS = [
    "publication_id",
    "person__given_names",
    "person__family_name",
    "person__homepage",
    "person__is_owner",
    "equal_contribution",
]


def publication_sections(style):
    """([(section, [entry html, …]), …] in page order, whether any entry has equal contributors, newest change)."""
    publications = list(Publication.objects.public().select_related("section").in_page_order())
    authors = defaultdict(list)
    rows = (
        Authorship.objects.filter(publication__is_public=True)
        .order_by("publication_id", "position", "pk")
        .values_list(*AUTHOR_FIELDS)
    )
    for publication_id, *fields in rows:
        authors[publication_id].append(AuthorItem(*fields))
    links = defaultdict(list)
    rows = (
        PublicationLink.objects.filter(publication__is_public=True)
        .order_by("publication_id", "order", "pk")
        .values_list("publication_id", "kind", "label", "url")
    )
    for publication_id, *fields in rows:
        links[publication_id].append(fields)

    sections = {}
    for publication in publications:
        abstract = render_markdown(publication.abstract) if publication.abstract else ""
        entry = publication_item_html(publication, authors[publication.pk], links[publication.pk], style, abstract)
        sections.setdefault(publication.section, []).append(entry)
    has_equal = any(author.equal_contribution for items in authors.values() for author in items)
    newest = max((p.updated for p in publications), default=None)
    return list(sections.items()), has_equal, newest


def homepage_context():
    profile = Profile.objects.prefetch_related("links").filter(pk=1).first() or Profile()
    sections, has_equal, newest = publication_sections(profile.author_style)
    talks = list(Talk.objects.public().for_listing())
    courses = list(Course.objects.all())
    # "Last updated" is derived from the entries themselves, so it can never go stale.
    times = [t for t in [profile.updated, newest, *(x.updated for x in talks), *(c.updated for c in courses)] if t]
    return {
        "profile": profile,
        "owner": Person.objects.owner(),
        "sections": sections,
        "has_equal_contributors": has_equal,
        "talks": talks,
        "courses": courses,
        "last_updated": max(times, default=None),
    }
