"""HTML for publication entries, built directly: the homepage lists hundreds of them, and a template per entry
costs ten times as much. One implementation serves the homepage and the publication pages.

Everything interpolated goes through escape() (format_html costs several times more per call, and a long list
makes thousands of calls).
"""

from collections import Counter
from dataclasses import dataclass
from html import escape

from django.utils.safestring import mark_safe

from profile.names import initials

from .models import ResourceKind, VenueLineMixin, publication_url

KIND_LABELS = dict(ResourceKind.choices)
EQUAL_MARK = '<sup class="equal" title="Equal contribution">*</sup>'


@dataclass(frozen=True, slots=True)
class AuthorItem:
    given_names: str
    family_name: str
    homepage: str
    is_owner: bool
    equal_contribution: bool

    def name(self, style):
        if style == "full":
            return f"{self.given_names} {self.family_name}".strip()
        return f"{initials(self.given_names)} {self.family_name}".strip()


@dataclass(slots=True)
class PublicationRow(VenueLineMixin):
    """What the homepage needs of a publication, read as a plain row (no model instance: lists are long)."""

    FIELDS = (
        "pk", "title", "slug", "status", "venue_short", "venue_full", "year", "volume", "number", "pages", "note",
        "arxiv_id", "abstract", "selected", "updated", "section_id", "section__name", "section__slug",
    )  # fmt: skip

    pk: int
    title: str
    slug: str
    status: str
    venue_short: str
    venue_full: str
    year: int
    volume: str
    number: str
    pages: str
    note: str
    arxiv_id: str
    abstract: str
    selected: bool
    updated: object
    section_id: int
    section_name: str
    section_slug: str


def author_items(authorships):
    """AuthorItems from Authorship rows (with their people loaded)."""
    items = []
    for a in authorships:
        person = a.person
        items.append(AuthorItem(person.given_names, person.family_name, person.homepage, person.is_owner,
                                a.equal_contribution))  # fmt: skip
    return items


def authors_html(authors, style="initials"):
    """'S. Kim*, <strong class="owner">Z. Yao*</strong>, …': the owner highlighted, co-authors linked."""
    parts = []
    for author in authors:
        name = escape(author.name(style))
        if author.homepage and not author.is_owner:
            name = f'<a href="{escape(author.homepage)}">{name}</a>'
        if author.equal_contribution:
            name += EQUAL_MARK
        parts.append(f'<strong class="owner">{name}</strong>' if author.is_owner else name)
    return mark_safe(f'<span class="authors">{", ".join(parts)}</span>')  # noqa: S308 (every part escaped above)


def link_labels(links):
    """[(label, url)] for (kind, label, url) rows: the label from the kind, numbered when a kind repeats."""
    named = [((label or "link") if kind == ResourceKind.OTHER else KIND_LABELS.get(kind, kind), url)
             for kind, label, url in links]  # fmt: skip
    if len({label for label, _ in named}) == len(named):
        return named  # no kind repeats: nothing to number
    counts = Counter(label for label, _ in named)
    seen = Counter()
    labelled = []
    for label, url in named:
        if counts[label] > 1:
            seen[label] += 1
            label = f"{label} {seen[label]}"
        labelled.append((label, url))
    return labelled


def links_html(links):
    if not links:
        return ""
    items = ", ".join(f'<a href="{escape(url)}">{escape(label)}</a>' for label, url in link_labels(links))
    return mark_safe(f'<span class="links">{items}</span>')  # noqa: S308 (each link escaped above)


def publication_item_html(publication, authors, links, style, abstract_html=""):
    """One <li> of the homepage's publication list, for a PublicationRow."""
    parts = [
        f'<li class="publication" id="pub-{publication.pk}" data-year="{publication.year}" '
        f'data-section="{escape(publication.section_slug)}"{" data-selected" if publication.selected else ""}>',
        f'<a class="title" href="{escape(publication_url(publication.slug))}">{escape(publication.title)}</a>.<br>',
        authors_html(authors, style) + "<br>",
    ]
    if links:
        parts.append(links_html(links) + "<br>")
    parts.append(f'<span class="venue">{escape(publication.venue_line)}</span>')
    if abstract_html:
        parts.append(f'<details class="abstract"><summary>Abstract</summary>{abstract_html}</details>')
    parts.append("</li>")
    return mark_safe("\n".join(parts))  # noqa: S308 (each part is escaped or sanitised HTML)
