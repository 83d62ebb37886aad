"""CV files in and out. Each reader (JSON Resume, RenderCV; al-folio's cv.yml through the site importer) turns a
file into a CVData, and `save()` writes any CVData the same way: one transaction, what is already here is left as
it is (a second import adds nothing and overwrites nothing), publications go through the one publication service
and its same-work rule, every link through the one link rule, and whatever is left out is reported with its place.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from core.dates import DateError, is_present, loose_date
from core.reports import Report
from core.validators import is_safe_url
from history.revisions import add_to_current, recording
from profile.models import Person, Profile
from profile.people import PersonIndex
from profile.socials import add_profile_links
from publications.services import PublicationService

from ..models import CVEntry, CVEntryLink, CVSection

_PLACEHOLDER = re.compile(r"\blorem ipsum\b|^description \d+\.?$|@example\.(?:com|org)\b|^__HIDDEN__$", re.IGNORECASE)
_TWO_DIGIT_YEAR = re.compile(r"^[’']?(\d\d)$")
# The names sections of each kind get when a file does not name them.
DEFAULT_NAMES = {
    CVSection.Kind.EDUCATION: "Education",
    CVSection.Kind.POSITIONS: "Positions",
    CVSection.Kind.AWARDS: "Awards and honours",
    CVSection.Kind.GRANTS: "Grants",
    CVSection.Kind.SERVICE: "Service",
    CVSection.Kind.STUDENTS: "Students and mentoring",
    CVSection.Kind.SKILLS: "Skills",
    CVSection.Kind.LANGUAGES: "Languages",
    CVSection.Kind.INTERESTS: "Interests",
    CVSection.Kind.CERTIFICATES: "Certificates",
    CVSection.Kind.REFERENCES: "References",
}
# A section's title as people write it -> its kind.
KIND_WORDS = [
    (re.compile(r"educat|degree|studies", re.I), CVSection.Kind.EDUCATION),
    (re.compile(r"experience|employment|position|appointment|career|work", re.I), CVSection.Kind.POSITIONS),
    (re.compile(r"award|honou?r|prize|fellowship|scholarship|distinction", re.I), CVSection.Kind.AWARDS),
    (re.compile(r"grant|funding", re.I), CVSection.Kind.GRANTS),
    (re.compile(r"service|volunteer|review|committee", re.I), CVSection.Kind.SERVICE),
    (re.compile(r"student|mentor|advis|supervis", re.I), CVSection.Kind.STUDENTS),
    (re.compile(r"skill", re.I), CVSection.Kind.SKILLS),
    (re.compile(r"language", re.I), CVSection.Kind.LANGUAGES),
    (re.compile(r"interest", re.I), CVSection.Kind.INTERESTS),
    (re.compile(r"certific", re.I), CVSection.Kind.CERTIFICATES),
    (re.compile(r"reference", re.I), CVSection.Kind.REFERENCES),
]


def kind_of(title):
    """The kind a section's title suggests ("Work Experience" -> positions); other when none."""
    for pattern, kind in KIND_WORDS:
        if pattern.search(str(title or "")):
            return kind
    return CVSection.Kind.OTHER


@dataclass
class EntryData:
    title: str
    organisation: str = ""
    location: str = ""
    start: tuple = (None, None)  # (year, month)
    end: tuple = (None, None)
    ongoing: bool = False
    description: str = ""
    links: list = field(default_factory=list)  # [(kind, url, label)]
    where: str = ""  # its place in the file, for the report


@dataclass
class SectionData:
    name: str
    kind: str = CVSection.Kind.OTHER
    ordering: str = CVSection.Ordering.NEWEST
    entries: list = field(default_factory=list)


@dataclass
class CVData:
    """What a CV file holds, in Vita's terms."""

    name: str = ""
    profile: dict = field(default_factory=dict)  # Profile field -> value (headline, email, location, bio, …)
    links: list = field(default_factory=list)  # [(kind, label, url)] for the profile
    sections: list = field(default_factory=list)
    publications: list = field(default_factory=list)  # [PublicationSpec]
    report: Report = field(default_factory=Report)

    def section(self, name, kind=None, ordering=CVSection.Ordering.NEWEST):
        """The section of this name (made on first use)."""
        for section in self.sections:
            if section.name.casefold() == name.casefold():
                return section
        section = SectionData(name, kind or kind_of(name), ordering)
        self.sections.append(section)
        return section


# ---------------------------------------------------------------------------------------------- reading helpers
def text(value):
    """A value as one line of text: numbers and dates written out, lists joined, None as ""."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(filter(None, (text(item) for item in value)))
    if isinstance(value, dict):
        return ""
    return str(value).strip()


def bullets(items):
    """Markdown for a list of highlights ("- one\n- two"); a string stays as it is."""
    if isinstance(items, str):
        return items.strip()
    lines = []
    for item in items or []:
        if isinstance(item, list):
            lines += [f"  - {text(sub)}" for sub in item if text(sub)]
        elif text(item):
            lines.append(f"- {text(item)}")
    return "\n".join(lines)


def join_paragraphs(*parts):
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def read_date(value, where, report, kept=False):
    """((year, month), present) from a date as CV files write it: 2019, "2019-03", "2024.02", "Mar 2019", "'16",
    "Present". A date that cannot be read is reported and left out."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return (None, None), False
    if is_present(value):
        return (None, None), True
    raw = str(value).strip()
    if match := _TWO_DIGIT_YEAR.match(raw):
        two = int(match.group(1))
        year = 2000 + two if two <= datetime.date.today().year % 100 + 5 else 1900 + two
        report.note(f"{where}: the date “{raw}” is read as {year}.")
        return (year, None), False
    try:
        year, month, _ = loose_date(value)
    except DateError:
        report.note(
            f"{where}: “{raw}” is not a date; " + ("it is kept in the description." if kept else "it is left out.")
        )
        return (None, None), False
    return (year, month), False


_SPAN = re.compile(
    r"^(\d{4}(?:[-/.]\d{1,2})?|[A-Za-z]{3,9}\.? \d{4})\s*(?:–|—|-|to)\s*"
    r"(present|current|now|ongoing|\d{4}(?:[-/.]\d{1,2})?|[A-Za-z]{3,9}\.? \d{4})$",
    re.IGNORECASE,
)


def read_span(value, where, report, kept=False):
    """(start, end, present) from one date field that may hold a span: "2021-present", "2019 – 2024", "Sep 2019 -
    Jun 2020"; a single date is the start."""
    if isinstance(value, str) and (match := _SPAN.match(value.strip())):
        start, _ = read_date(match.group(1), where, report)
        end, present = read_date(match.group(2), where, report)
        return start, end, present
    start, present = read_date(value, where, report, kept)
    return start, (None, None), present


def entry_dates(start, end, date, where, report):
    """(start, end, present, text) of an entry from its start and end, or else its one date field (which may hold
    a span, or text that is no date at all, like a course code: returned as `text`, to keep)."""
    if start or end:
        start, present_start = read_date(start, where, report)
        end, present_end = read_date(end, where, report)
        return start, end, present_start or present_end, ""
    start, end, present = read_span(date, where, report, kept=True)
    kept = text(date) if text(date) and not start[0] and not present else ""
    return start, end, present, kept


def safe_links(urls, where, report, kind="other"):
    """[(kind, url, label)] for the http(s) addresses among urls; the others are reported."""
    out = []
    for url in urls:
        url = text(url)
        if not url:
            continue
        if is_safe_url(url):
            out.append((kind, url, "" if kind != "other" else "link"))
        else:
            report.note(f"{where}: the link “{url[:80]}” is not an http(s) address; it is left out.")
    return out


# ---------------------------------------------------------------------------------------------- writing
def _placeholder(entry):
    return any(_PLACEHOLDER.search(value) for value in (entry.title, entry.organisation, entry.description) if value)


def _unique_slug(name, taken):
    base = slugify(name)[:180] or "section"
    slug, number = base, 2
    while slug in taken or slug in RESERVED_SLUGS:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


# The CV page's own anchors, which no section may take.
RESERVED_SLUGS = {"main", "publications", "talks", "teaching", "about"}


def _entry_key(section_id, title, organisation, location, start_year, start_month):
    """What makes an entry the same one again (a second import of the same file)."""
    return (
        section_id,
        *(value.casefold().strip() for value in (title, organisation, location)),
        start_year,
        start_month,
    )


def save(data, source="the file"):
    """Write a CVData: the owner and profile fields still empty, profile links, sections, entries and publications
    that are not here yet, as one revision (history/). Returns the Report (data.report, with counts)."""
    with transaction.atomic(), recording(f"Imported the CV {source}"):
        return _save(data, source)


def _save(data, source):
    report = data.report
    people = PersonIndex()
    owner = Person.objects.owner()
    if owner is None and data.name:
        owner, created = people.get_or_create(data.name)
        owner.is_owner = True
        owner.save(update_fields=["is_owner"])
        report.count("people", created)
    profile, created = Profile.objects.get_or_create(pk=1)
    changed = [name for name, value in data.profile.items() if value and not getattr(profile, name)]
    for name in changed:
        setattr(profile, name, data.profile[name])
    if changed:
        profile.save()
    report.count("profile fields", number=len(changed))
    report.count("profile fields", False, number=sum(1 for n, v in data.profile.items() if v and n not in changed))
    added, already = add_profile_links(profile, data.links)
    report.count("profile links", number=added)
    report.count("profile links", False, number=already)

    sections = {section.name.casefold(): section for section in CVSection.objects.all()}
    slugs = {section.slug for section in sections.values()}
    order = max((section.order for section in sections.values()), default=0)
    existing = {
        _entry_key(*values)
        for values in CVEntry.objects.values_list(
            "section_id", "title", "organisation", "location", "start_year", "start_month"
        )
    }
    for section_data in data.sections:
        entries = []
        for entry in section_data.entries:
            if _placeholder(entry):
                report.note(
                    f"{entry.where or source}: “{entry.title[:60]}” looks like a template's placeholder; left out."
                )
                continue
            if not entry.title.strip():
                report.note(f"{entry.where or source}: an entry with no title; left out.")
                continue
            entries.append(entry)
        if not entries:
            continue
        section = sections.get(section_data.name.casefold())
        if section is None:
            order += 1
            section = CVSection.objects.create(
                name=section_data.name,
                slug=_unique_slug(section_data.name, slugs),
                kind=section_data.kind,
                ordering=section_data.ordering,
                order=order,
            )
            sections[section.name.casefold()] = section
            report.count("CV sections")
        new_links = []
        for position, entry in enumerate(entries, start=1):
            key = _entry_key(section.pk, entry.title, entry.organisation, entry.location, *entry.start)
            if key in existing:
                report.count("CV entries", False)
                continue
            existing.add(key)
            row = CVEntry(
                section=section,
                title=entry.title.strip(),
                organisation=entry.organisation.strip(),
                location=entry.location.strip(),
                start_year=entry.start[0],
                start_month=entry.start[1] if entry.start[0] else None,
                end_year=None if entry.ongoing else entry.end[0],
                end_month=None if entry.ongoing or not entry.end[0] else entry.end[1],
                ongoing=entry.ongoing,
                description=entry.description.strip(),
                order=position,
            )
            if (
                row.start_year
                and row.end_year
                and (row.end_year, row.end_month or 12) < (row.start_year, row.start_month or 0)
            ):
                report.note(f"{entry.where or source}: it ends before it starts; the end is left out.")
                row.end_year = row.end_month = None
            row.save()
            new_links += [
                CVEntryLink(entry=row, kind=kind, url=url, label=label, order=number)
                for number, (kind, url, label) in enumerate(entry.links, start=1)
            ]
            report.count("CV entries")
        CVEntryLink.objects.bulk_create(new_links)
        add_to_current(new_links)

    if data.publications:
        outcomes = PublicationService(people).add_many(data.publications)
        report.count("publications", number=sum(o.created for o in outcomes))
        report.count("publications", False, number=sum(not o.created for o in outcomes))
        for outcome in outcomes:
            if not outcome.created and outcome.reason:
                report.note(f"{outcome.spec.source}: already here ({outcome.reason}).")
    return report


def read_file(raw, source):
    """A CVData from a CV file's text, whichever format it is in: JSON Resume (JSON or JSONC) or RenderCV YAML.
    ValueError, naming the file, when it is neither."""
    from . import jsonresume, rendercv

    stripped = raw.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("{", "[", "//", "/*")):
        return jsonresume.read(raw, source)
    return rendercv.read(raw, source)
