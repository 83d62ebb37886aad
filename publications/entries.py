"""Publications as the public pages list them: plain rows with their authors and links, read in three queries
whatever the count (model instances cost several times more, and a CV lists hundreds). The rows share the models'
own methods (PersonName, LinkLabelMixin, VenueLineMixin), so a name or a label is written one way everywhere.

The HTML is in templates/publications/entry.html; Python only gathers the data.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from core.links import LinkLabelMixin
from profile.names import PersonName

from .models import Authorship, PublicationLink, VenueLineMixin, publication_url


@dataclass(slots=True)
class AuthorRow(PersonName):
    FIELDS = (
        "person__given_names",
        "person__family_name",
        "person__homepage",
        "person__is_owner",
        "equal_contribution",
    )

    given_names: str
    family_name: str
    homepage: str
    is_owner: bool
    equal_contribution: bool


@dataclass(slots=True)
class LinkRow(LinkLabelMixin):
    FIELDS = ("kind", "label", "url")

    kind: str
    label: str
    url: str


@dataclass(slots=True)
class PublicationRow(VenueLineMixin):
    FIELDS = (
        "pk",
        "title",
        "slug",
        "status",
        "venue_short",
        "venue_full",
        "year",
        "month",
        "volume",
        "number",
        "pages",
        "note",
        "doi",
        "arxiv_id",
        "abstract",
        "selected",
        "updated",
        "section_id",
        "section__name",
        "section__slug",
    )

    pk: int
    title: str
    slug: str
    status: str
    venue_short: str
    venue_full: str
    year: int
    month: int | None
    volume: str
    number: str
    pages: str
    note: str
    doi: str
    arxiv_id: str
    abstract: str
    selected: bool
    updated: object
    section_id: int
    section_name: str
    section_slug: str
    authors: list = field(default_factory=list)
    links: list = field(default_factory=list)

    @property
    def url(self):
        return publication_url(self.slug)

    @property
    def has_equal_contributors(self):
        return any(author.equal_contribution for author in self.authors)


def grouped(queryset, key, fields, make):
    """{key: [make(*fields), …]} from one query of plain rows, in the queryset's order."""
    groups = defaultdict(list)
    for first, *values in queryset.values_list(key, *fields):
        groups[first].append(make(*values))
    return groups


def publication_rows(publications):
    """PublicationRows, with authors and links, for a queryset of publications (in its order): three queries."""
    rows = [PublicationRow(*values) for values in publications.values_list(*PublicationRow.FIELDS)]
    ids = [row.pk for row in rows]
    selection = {"publication_id__in": ids} if len(ids) <= 100 else {"publication__in": publications.values("pk")}
    authors = grouped(
        Authorship.objects.filter(**selection).order_by("publication_id", "position", "pk"),
        "publication_id",
        AuthorRow.FIELDS,
        AuthorRow,
    )
    links = grouped(
        PublicationLink.objects.filter(**selection).order_by("publication_id", "order", "pk"),
        "publication_id",
        LinkRow.FIELDS,
        LinkRow,
    )
    for row in rows:
        row.authors, row.links = authors[row.pk], links[row.pk]
    return rows


def _value(obj, path):
    for name in path.split("__"):
        obj = getattr(obj, name)
    return obj


def publication_row(publication):
    """The row of one publication loaded with for_listing() (its authors and links prefetched): no queries."""
    row = PublicationRow(*(_value(publication, path) for path in PublicationRow.FIELDS))
    row.authors = [AuthorRow(*(_value(a, path) for path in AuthorRow.FIELDS)) for a in publication.authorships.all()]
    row.links = [LinkRow(link.kind, link.label, link.url) for link in publication.links.all()]
    return row
