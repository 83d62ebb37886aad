"""CV entries as the CV page, the PDF and /cv.json list them: plain rows with their links, in two queries (see
publications.entries), grouped under their public sections in page order."""

import datetime
from dataclasses import dataclass, field

from core.dates import MONTH_ABBREVIATIONS
from publications.entries import links_of

from .models import CVEntry, CVEntryLink, CVSection, entry_sort_key


@dataclass(slots=True)
class CVEntryRow:
    FIELDS = (
        "pk",
        "section_id",
        "title",
        "organisation",
        "location",
        "start_year",
        "start_month",
        "end_year",
        "end_month",
        "ongoing",
        "description",
        "order",
        "updated",
    )

    pk: int
    section_id: int
    title: str
    organisation: str
    location: str
    start_year: int | None
    start_month: int | None
    end_year: int | None
    end_month: int | None
    ongoing: bool
    description: str
    order: int
    updated: datetime.datetime
    links: list = field(default_factory=list)

    def values(self):
        """What the entry shows, links included, as plain data (the fragment cache's key)."""
        fields = tuple(getattr(self, name) for name in self.__dataclass_fields__ if name not in ("links", "updated"))
        return (*fields, tuple((link.kind, link.label, link.url) for link in self.links))

    @property
    def start(self):
        return partial_date(self.start_year, self.start_month)

    @property
    def end(self):
        return partial_date(self.end_year, self.end_month)

    @property
    def dates(self):
        """'Sep 2019 – present', '2015 – 2019', '2021': the span as people write it on a CV."""
        start, end = month_label(self.start_year, self.start_month), month_label(self.end_year, self.end_month)
        if self.ongoing:
            return f"{start} – present" if start else "present"
        if start and end and start != end:
            return f"{start} – {end}"
        return start or end


def partial_date(year, month):
    """'2019', '2019-03' or '' (JSON Resume's and HTML's date forms)."""
    if not year:
        return ""
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


def month_label(year, month):
    if not year:
        return ""
    return f"{MONTH_ABBREVIATIONS[month - 1]} {year}" if month else str(year)


@dataclass
class SectionRows:
    pk: int
    name: str
    slug: str
    kind: str
    ordering: str
    entries: list
    html: list = field(default_factory=list)  # the entries rendered (cv.record)


def cv_sections():
    """[SectionRows] of the public sections that have public entries, in page order: two queries."""
    sections = {
        section.pk: SectionRows(section.pk, section.name, section.slug, section.kind, section.ordering, [])
        for section in CVSection.objects.public().order_by("order", "pk")
    }
    entries = CVEntry.objects.public().filter(section__in=list(sections))
    rows = [CVEntryRow(*values) for values in entries.values_list(*CVEntryRow.FIELDS)]
    links = links_of(CVEntryLink, "entry", entries)
    for row in rows:
        row.links = links[row.pk]
        sections[row.section_id].entries.append(row)
    for section in sections.values():
        section.entries.sort(key=lambda row, ordering=section.ordering: entry_sort_key(ordering, row))
    return [section for section in sections.values() if section.entries]
