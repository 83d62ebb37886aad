"""Publications as the public pages list them: plain rows with their authors and links, read in three queries
whatever the count (model instances cost several times more, and a CV lists hundreds). The rows share the models'
own methods (PersonName, LinkLabelMixin, VenueLineMixin), so a name or a label is written one way everywhere.

The HTML is in templates/publications/entry.html; Python only gathers the data.
"""

from collections import defaultdict
from dataclasses import dataclass

from core.links import LinkLabelMixin
from profile.names import PersonName

from .models import Authorship, PublicationLink, VenueLineMixin, publication_url

# Stands for the owner's name in entries rendered for a long list (owner_marked): the fragments are kept without
# it and the page writes it in (core.templating.render_each's `fill`), so renaming the owner re-renders no entry.
OWNER = "\ue000owner\ue000"


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
    written: str = ""  # the name as the profile's author style writes it: name(style), set by the rows' maker


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
    author_values: tuple = ()
    link_values: tuple = ()
    style: str = "initials"
    owner_marked: bool = False  # the owner's name written as OWNER, for the page to fill in
    _authors: list | None = None
    _links: list | None = None

    @property
    def authors(self):
        """AuthorRows, their names written in the profile's author style; built when first read, so a page whose
        entries all come from the fragment cache never builds them."""
        if self._authors is None:
            self._authors = []
            for values in self.author_values:
                author = AuthorRow(*values)
                author.written = OWNER if author.is_owner and self.owner_marked else author.name(self.style)
                self._authors.append(author)
        return self._authors

    @property
    def links(self):
        if self._links is None:
            self._links = [LinkRow(*values) for values in self.link_values]
        return self._links

    @property
    def url(self):
        return publication_url(self.slug)

    def values(self):
        """What the entry shows, as plain data: the fragment cache's key (`updated` left out, as no entry shows it;
        the owner's name too when it is marked, as the page puts it in afterwards)."""
        authors = self.author_values
        if self.owner_marked:
            authors = tuple((OWNER, OWNER, "", True, a[4]) if a[3] else a for a in authors)
        return (
            self.pk,
            self.title,
            self.slug,
            self.status,
            self.venue_short,
            self.venue_full,
            self.year,
            self.month,
            self.volume,
            self.number,
            self.pages,
            self.note,
            self.doi,
            self.arxiv_id,
            self.abstract,
            self.selected,
            self.style,
            authors,
            self.link_values,
        )

    @property
    def has_equal_contributors(self):
        return any(author.equal_contribution for author in self.authors)


def grouped(queryset, key, fields, make):
    """{key: [make(*fields), …]} from one query of plain rows, in the queryset's order."""
    groups = defaultdict(list)
    for first, *values in queryset.values_list(key, *fields):
        groups[first].append(make(*values))
    return groups


def links_of(link_model, owner, objects):
    """{id: [LinkRow, …]} of the typed links (an OrderedLink model whose foreign key is `owner`) of a queryset of
    objects, in their order: one query."""
    key = f"{owner}_id"
    return grouped(
        link_model.objects.filter(**{f"{owner}__in": objects.values("pk")}).order_by(key, "order", "pk"),
        key,
        LinkRow.FIELDS,
        LinkRow,
    )


def publication_rows(publications, style="initials", owner_marked=False):
    """PublicationRows, with authors (their names written in the profile's author style) and links, for a queryset
    of publications (in its order): three queries. With owner_marked, the owner's name is written as OWNER."""
    rows = [PublicationRow(*values) for values in publications.values_list(*PublicationRow.FIELDS)]
    ids = [row.pk for row in rows]
    selection = {"publication_id__in": ids} if len(ids) <= 100 else {"publication__in": publications.values("pk")}
    authors = grouped_values(
        Authorship.objects.filter(**selection).order_by("publication_id", "position", "pk"), AuthorRow.FIELDS
    )
    links = grouped_values(
        PublicationLink.objects.filter(**selection).order_by("publication_id", "order", "pk"), LinkRow.FIELDS
    )
    for row in rows:
        _complete(row, authors.get(row.pk, ()), links.get(row.pk, ()), style)
        row.owner_marked = owner_marked
    return rows


def _complete(row, author_values, link_values, style):
    row.author_values, row.link_values, row.style = tuple(author_values), tuple(link_values), style


def grouped_values(queryset, fields):
    """{first field's value: [the other fields' values, …]} from one query of plain rows, in the queryset's order."""
    groups = defaultdict(list)
    for first, *values in queryset.values_list(queryset.model._meta.get_field("publication").attname, *fields):
        groups[first].append(tuple(values))
    return groups


def _value(obj, path):
    for name in path.split("__"):
        obj = getattr(obj, name)
    return obj


def publication_row(publication, style="initials"):
    """The row of one publication loaded with for_listing() (its authors and links prefetched): no queries."""
    row = PublicationRow(*(_value(publication, path) for path in PublicationRow.FIELDS))
    author_values = [tuple(_value(a, path) for path in AuthorRow.FIELDS) for a in publication.authorships.all()]
    link_values = [tuple(_value(link, path) for path in LinkRow.FIELDS) for link in publication.links.all()]
    _complete(row, author_values, link_values, style)
    return row


def publication_sections(rows, entries):
    """[(section name, section slug, [entries' HTML])] in page order, for rows already in page order and their
    rendered entries."""
    sections = {}
    for row, html in zip(rows, entries, strict=True):
        sections.setdefault(row.section_id, (row.section_name, row.section_slug, []))[2].append(html)
    return list(sections.values())
