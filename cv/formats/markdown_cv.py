"""A CV written as a page (academicpages' `_pages/cv.md`): headed sections of bullets, in Markdown or HTML.

    Education
    ======
    * Ph.D in Geology, Texas A&M University, 2017
      * Advisors: [Peter Knappett](https://…)
    * <strong>Postdoctoral Researcher, ETH Zürich</strong> — 2023–present. Interpretability.

Each top-level bullet is an entry: "title, organisation, date" (or "organisation — title, date. more", or
"Spring 2024: title" with the organisation as its first sub-bullet); its date is read where it stands; the rest of
its text and its sub-bullets are its description, so nothing is lost. Sections a site fills from its collections
(Publications, Talks, Teaching: Liquid loops) are left to those importers.
"""

import re
from html.parser import HTMLParser

import markdown

from core.dates import DateError, is_present, loose_date

from ..models import CVSection
from . import CVData, EntryData, join_paragraphs, safe_links

COLLECTIONS = re.compile(r"^(publications?|talks?|presentations|teaching)$", re.IGNORECASE)
_YEAR = r"(?:19|20)\d\d"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_POINT = rf"(?:(?:{_MONTH}|{_SEASON})\s+)?{_YEAR}"
_DATE = re.compile(
    rf"(?P<start>{_POINT})(?:\s*(?:–|—|-|to)\s*(?P<end>{_POINT}|present|current|now))?(?P<note>\s*\((?:expected|exp\.)\))?",
    re.IGNORECASE,
)
_LEADING_DATE = re.compile(rf"^\s*(?P<date>{_DATE.pattern})\s*:\s*(?P<rest>.+)$", re.IGNORECASE | re.DOTALL)


class _Outline(HTMLParser):
    """Headings, and the top-level list items under each: their text, links and sub-items' text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections = []  # [(heading, [(text, [sub texts], [hrefs])])]
        self.heading = None
        self.depth = 0
        self.item = None
        self.sub = None

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "h3"):
            self.heading = []
        elif tag in ("ul", "ol"):
            self.depth += 1
        elif tag == "li":
            if self.depth == 1:
                self.item = ([], [], [])
                if not self.sections:
                    self.sections.append(("", []))
                self.sections[-1][1].append(self.item)
            elif self.item is not None:
                self.sub = []
        elif tag == "a" and self.item is not None:
            self.item[2].extend(value for name, value in attrs if name == "href" and value)
        elif tag == "br" and self.item is not None:
            (self.sub if self.sub is not None else self.item[0]).append(" ")

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3") and self.heading is not None:
            self.sections.append((" ".join("".join(self.heading).split()), []))
            self.heading = None
        elif tag in ("ul", "ol"):
            self.depth = max(0, self.depth - 1)
        elif tag == "li":
            if self.sub is not None:
                self.item[1].append(" ".join("".join(self.sub).split()))
                self.sub = None
            elif self.depth == 1:
                self.item = None

    def handle_data(self, data):
        if self.heading is not None:
            self.heading.append(data)
        elif self.sub is not None:
            self.sub.append(data)
        elif self.item is not None:
            self.item[0].append(data)


def _point(text):
    try:
        year, month, _ = loose_date(text)
    except DateError:
        return (None, None)
    return (year, month)


def entry_from_text(text, subs, where, kind=None):
    """An EntryData from one bullet's text and its sub-bullets (in a section of `kind`)."""
    text = " ".join(text.split())
    description = []
    organisation = ""
    start = end = (None, None)
    ongoing = False
    if match := _LEADING_DATE.match(text):  # "Spring 2024: Academic Pages Collaborator"
        date, text = match.group("date"), match.group("rest")
        found = _DATE.match(date)
        start, end = _point(found.group("start")), _point(found.group("end") or "")
        ongoing = is_present(found.group("end") or "")
        if subs and ":" not in subs[0]:
            organisation, subs = subs[0], subs[1:]
        title = text
    else:
        lead, dash, rest = text.partition(" — ")
        found = _DATE.search(rest if dash else text)
        if found:
            start, end = _point(found.group("start")), _point(found.group("end") or "")
            ongoing = is_present(found.group("end") or "")
            if found.group("note"):
                description.append(found.group("note").strip(" ()").capitalize() + ".")
        if dash:
            before = rest[: found.start()] if found else rest
            after = rest[found.end() :] if found else ""
            before = before.strip(" ,.;")
            if before and kind == CVSection.Kind.EDUCATION:  # "University — PhD in CS, 2019–2023"
                title, organisation = before, lead
            elif before:  # "Best paper award — ACL 2024"
                title, organisation = lead, before
            else:  # "Research Intern, Google — 2022": the lead is the role and the place
                title, _, organisation = lead.partition(", ")
            description.insert(0, after.strip(" ,.;"))
        else:
            head = text[: found.start()] if found else text
            after = text[found.end() :] if found else ""
            if head.rstrip().endswith("(") and after.lstrip().startswith(")"):  # "ICLR (2024)"
                head, after = head.rstrip()[:-1], after.lstrip()[1:]
            parts = [part.strip() for part in head.strip(" ,;").split(", ") if part.strip()]
            title = parts[0] if parts else head
            organisation = ", ".join(parts[1:])
            description.insert(0, after.strip(" ,.;"))
    lines = [line for line in subs if line]
    bullets = "\n".join(f"- {line}" for line in lines)
    return EntryData(
        title.strip(" ,.;") or text,
        organisation.strip(" ,.;"),
        start=start,
        end=end if end != start else (None, None),
        ongoing=ongoing,
        description=join_paragraphs(" ".join(part for part in description if part), bullets),
        where=where,
    )


_BULLET = re.compile(r"^( +)(?=(?:[*+-]|\d+\.) )", re.MULTILINE)


def _four_space_lists(text):
    """Sub-lists indented by two spaces (as GitHub and Jekyll take them) indented by four, as Python-Markdown
    needs."""
    indents = {len(match.group(1)) for match in _BULLET.finditer(text)}
    unit = min(indents, default=4)
    if unit >= 4:
        return text
    return _BULLET.sub(lambda match: " " * (4 * round(len(match.group(1)) / unit)), text)


def read(text, source="cv.md"):
    """A CVData from a CV page's Markdown (or HTML). Front matter and Liquid must be gone already."""
    cv = CVData()
    outline = _Outline()
    outline.feed(markdown.markdown(_four_space_lists(text), extensions=["extra", "sane_lists"]))
    outline.close()
    for heading, items in outline.sections:
        if not items:
            if heading and not COLLECTIONS.match(heading):
                cv.report.note(f"{source}: the section “{heading}” has no list of entries; add it in the admin.")
            continue
        if COLLECTIONS.match(heading):
            cv.report.note(f"{source}: the section “{heading}” comes from the site's collections, imported apart.")
            continue
        section = cv.section(heading or "CV")
        for number, (parts, subs, hrefs) in enumerate(items, start=1):
            where = f"{source}: {heading or 'CV'}, item {number}"
            entry = entry_from_text("".join(parts), subs, where, section.kind)
            entry.links = [(kind, url, label) for kind, url, label in safe_links(hrefs, where, cv.report)]
            section.entries.append(entry)
    return cv
