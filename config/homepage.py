"""Everything the homepage shows, fetched in a fixed number of queries and rendered without a template per entry.

The publication list is the page's bulk (hundreds of entries, each with its authors and links), so authors and
links come as plain rows (values_list), not model instances, and each entry's HTML is built by
publications.render. Measured: see docs/benchmark.md.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.utils.safestring import mark_safe

from profile.markdown import render_markdown
from profile.models import Person, Profile
from publications.models import Authorship, Publication, PublicationLink
from publications.render import AuthorItem, PublicationRow, publication_item_html
from talks.models import Talk, TalkLink
from talks.render import TalkRow, talk_item_html
from teaching.models import Course

AUTHOR_FIELDS = [
    "publication_id",
    "person__given_names",
    "person__family_name",
    "person__homepage",
    "person__is_owner",
    "equal_contribution",
]


LINK_FIELDS = ["publication_id", "kind", "label", "url"]


def grouped(queryset, fields, make=list):
    """{first field's value: [make(other fields), …]} from one query of plain rows, in the queryset's order."""
    groups = defaultdict(list)
    for key, *values in queryset.values_list(*fields):
        groups[key].append(make(values) if make is list else make(*values))
    return groups


@dataclass(frozen=True)
class SectionHeading:
    name: str
    slug: str


def publication_sections(style):
    """([(section, its entries' html), …] in page order, facts about them for the legend and the filter)."""
    publications = [
        PublicationRow(*row) for row in Publication.objects.public().in_page_order().values_list(*PublicationRow.FIELDS)
    ]
    authors = grouped(
        Authorship.objects.filter(publication__is_public=True).order_by("publication_id", "position", "pk"),
        AUTHOR_FIELDS,
        AuthorItem,
    )
    links = grouped(
        PublicationLink.objects.filter(publication__is_public=True).order_by("publication_id", "order", "pk"),
        LINK_FIELDS,
    )

    sections = {}
    for publication in publications:
        abstract = render_markdown(publication.abstract) if publication.abstract else ""
        entry = publication_item_html(publication, authors[publication.pk], links[publication.pk], style, abstract)
        sections.setdefault(publication.section_id, (publication, []))[1].append(entry)
    has_equal = any(author.equal_contribution for items in authors.values() for author in items)
    facts = {
        "has_equal_contributors": has_equal,
        "has_selected": any(p.selected for p in publications),
        "years": sorted({p.year for p in publications}, reverse=True),
        "newest": max((p.updated for p in publications), default=None),
    }
    # Each section's entries joined once: escaped HTML from publications/render.py.
    headed = [
        (SectionHeading(first.section_name, first.section_slug), mark_safe("\n".join(entries)))  # noqa: S308
        for first, entries in sections.values()
    ]
    return headed, facts


TALK_FIELDS = ("pk", "title", "event", "event_url", "location", "date", "updated", "publication__title",
               "publication__slug", "publication__is_public")  # fmt: skip


def talk_items():
    """(the talks' entries as html, newest change): each talk with its links, in two queries of plain rows."""
    talks = [TalkRow(*row) for row in Talk.objects.public().values_list(*TALK_FIELDS)]
    links = grouped(TalkLink.objects.filter(talk__is_public=True).order_by("talk_id", "order", "pk"),
                    ["talk_id", *LINK_FIELDS[1:]])  # fmt: skip
    entries = mark_safe("\n".join(talk_item_html(talk, links[talk.pk]) for talk in talks))  # noqa: S308 (escaped)
    return entries, max((t.updated for t in talks), default=None)


def homepage_context():
    profile = Profile.objects.prefetch_related("links").filter(pk=1).first() or Profile()
    sections, facts = publication_sections(profile.author_style)
    newest = facts.pop("newest")
    talks, newest_talk = talk_items()
    courses = list(Course.objects.all())
    # "Last updated" is derived from the entries themselves, so it can never go stale.
    times = [t for t in [profile.updated, newest, newest_talk, *(c.updated for c in courses)] if t]
    return {
        "profile": profile,
        "owner": Person.objects.owner(),
        "sections": sections,
        **facts,
        "talks": talks,
        "courses": courses,
        "last_updated": max(times, default=None),
    }
