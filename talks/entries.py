"""Talks as the public pages list them: plain rows with their links, in two queries (see publications.entries)."""

import datetime
from dataclasses import dataclass, field

from core.dates import MONTH_ABBREVIATIONS
from publications.entries import links_of
from publications.models import publication_url

from .models import TalkLink


@dataclass(slots=True)
class TalkRow:
    FIELDS = (
        "pk",
        "title",
        "event",
        "event_url",
        "location",
        "talk_type",
        "date",
        "description",
        "updated",
        "publication__title",
        "publication__slug",
        "publication__is_public",
    )

    pk: int
    title: str
    event: str
    event_url: str
    location: str
    talk_type: str
    date: datetime.date
    description: str
    updated: datetime.datetime
    publication_title: str | None
    publication_slug: str | None
    publication_is_public: bool | None
    links: list = field(default_factory=list)

    def values(self):
        """Everything the row holds, links included, as plain tuples."""
        fields = tuple(getattr(self, name) for name in self.__dataclass_fields__ if name != "links")
        return (*fields, tuple((link.kind, link.label, link.url) for link in self.links))

    @property
    def month_label(self):
        """'Jul 2021': talks are dated by month."""
        return f"{MONTH_ABBREVIATIONS[self.date.month - 1]} {self.date.year}"

    @property
    def month_iso(self):
        return f"{self.date.year:04d}-{self.date.month:02d}"

    @property
    def presents_url(self):
        """The page of the paper this talk presents, when that paper is public."""
        if self.publication_slug and self.publication_is_public:
            return publication_url(self.publication_slug)
        return None


def talk_rows(talks):
    rows = [TalkRow(*values) for values in talks.values_list(*TalkRow.FIELDS)]
    links = links_of(TalkLink, "talk", talks)
    for row in rows:
        row.links = links[row.pk]
    return rows
