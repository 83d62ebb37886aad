"""al-folio's CV data (`_data/cv.yml`, and the other `_data/*.yml` files people keep in the same shape): a list of
sections, each with a `title`, a `type` and its `contents`:

- `map`: name/value pairs ("General Information" is the profile, which the site's config gives; others become
  entries);
- `time_table`: entries with `title`, `institution`, `year` ("2020–2025", "1933 - 1955"), `location`,
  `description` (a string, or a list of strings and nested `title`/`contents` lists); or a `year` with `items`;
- `list`: strings (HTML allowed) or such entries;
- `nested_list`: a `title` with `items`.

The al-folio demo's CV (Albert Einstein's) is recognised and left out.
"""

import html
import re

import nh3

from . import CVData, EntryData, join_paragraphs, read_span, safe_links, text
from .markdown_cv import COLLECTIONS, entry_from_text

_HREF = re.compile(r"""href=["']([^"']+)["']""", re.IGNORECASE)
DEMO_NAMES = {"albert einstein"}


def plain_html(value):
    """Text of a string that may hold HTML (<strong>, <a>, <br>)."""
    cleaned = nh3.clean(re.sub(r"<br\s*/?>", " ", str(value or "")), tags=set())
    return " ".join(html.unescape(cleaned).split())


def _lines(description, depth=0):
    """Markdown bullets for a description: a string, or a list of strings and {title, contents} groups."""
    if description is None:
        return []
    if not isinstance(description, list):
        return [plain_html(description)] if depth == 0 else [f"{'  ' * depth}- {plain_html(description)}"]
    out = []
    for item in description:
        if isinstance(item, dict):
            out.append(f"{'  ' * depth}- {plain_html(item.get('title'))}")
            out += _lines(item.get("contents") or item.get("items") or [], depth + 1)
        elif plain_html(item):
            out.append(f"{'  ' * depth}- {plain_html(item)}")
    return out


def _links(value, where, report):
    return [(kind, url, label) for kind, url, label in safe_links(_HREF.findall(str(value or "")), where, report)]


def is_demo(sections):
    """Whether this is al-folio's demo CV (its General Information names Albert Einstein)."""
    for section in sections if isinstance(sections, list) else []:
        if isinstance(section, dict) and section.get("type") == "map":
            for item in section.get("contents") or []:
                if isinstance(item, dict) and plain_html(item.get("value")).casefold() in DEMO_NAMES:
                    return True
    return False


def read(sections, source="_data/cv.yml", cv=None):
    """Add the sections of an al-folio CV file (already parsed YAML) to a CVData (a new one when None)."""
    cv = cv or CVData()
    report = cv.report
    if not isinstance(sections, list):
        report.note(f"{source}: not a list of sections, left out.")
        return cv
    for number, block in enumerate(sections, start=1):
        if not isinstance(block, dict):
            continue
        title = plain_html(block.get("title")) or f"Section {number}"
        kind, contents = block.get("type"), block.get("contents") or []
        if COLLECTIONS.match(title):
            report.note(f"{source}: “{title}” comes from the site's own collections, imported apart.")
            continue
        if kind == "map" and re.search(r"general|personal|contact", title, re.IGNORECASE):
            continue  # the profile: the site's config has it
        section = cv.section(title)
        for index, item in enumerate(contents if isinstance(contents, list) else [], start=1):
            where = f"{source}: {title}, item {index}"
            if kind == "map" and isinstance(item, dict):
                entry = EntryData(plain_html(item.get("name")), description=plain_html(item.get("value")), where=where)
                section.entries.append(entry)
            elif kind == "nested_list" and isinstance(item, dict):
                lines = _lines(item.get("items") or item.get("contents") or [])
                entry = EntryData(plain_html(item.get("title")), description="\n".join(lines), where=where)
                entry.links = _links(item, where, report)
                section.entries.append(entry)
            elif isinstance(item, dict) and "items" in item and "title" not in item:  # a year and its items
                for sub in item.get("items") or []:
                    entry = entry_from_text(plain_html(sub), [], where, section.kind)
                    if not entry.start[0]:
                        entry.start, entry.end, entry.ongoing = read_span(item.get("year"), where, report)
                    entry.links = _links(sub, where, report)
                    section.entries.append(entry)
            elif isinstance(item, dict):
                start, end, ongoing = read_span(text(item.get("year")), where, report)
                entry = EntryData(
                    plain_html(item.get("title")),
                    plain_html(item.get("institution")),
                    plain_html(item.get("location")),
                    start,
                    end if end != start else (None, None),
                    ongoing,
                    join_paragraphs("\n".join(_lines(item.get("description")))),
                    _links(item.get("description"), where, report),
                    where,
                )
                section.entries.append(entry)
            elif plain_html(item):
                entry = entry_from_text(plain_html(item), [], where, section.kind)
                entry.links = _links(item, where, report)
                section.entries.append(entry)
    return cv
