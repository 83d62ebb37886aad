"""RenderCV (https://rendercv.com) YAML in: `cv:` with its name, contact, social networks and `sections:`, each a
list of entries of RenderCV's types, told apart by their keys as RenderCV tells them:

- education (institution, area, degree), experience (company, position), normal (name), one-line (label, details),
  bullet, numbered and reversed-numbered entries, and text entries (a plain string): CV entries, in a section of
  the same title;
- publication entries (title, authors, doi, journal, date): publications, through the one publication service.

Markdown in titles (`[FlashInfer](https://…)`, `**bold**`) becomes plain text and the links typed links; highlights
become a Markdown list. The `design`, `locale` and `settings` blocks are RenderCV's own and are not read.
"""

import re

from core import safe_yaml
from core.links import ResourceKind, guess_kind
from profile.socials import social_link
from publications.models import Publication, normalise_doi
from publications.services import AuthorSpec, LinkSpec, PublicationSpec

from . import CVData, EntryData, bullets, entry_dates, join_paragraphs, read_date, safe_links, text

_MD_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]+)>?\s*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def plain(value, where, report):
    """(plain text, [(kind, url, label)]) of a Markdown line: links become their text and typed links."""
    value = text(value)
    links = []
    for _label, url in _MD_LINK.findall(value):
        for _, safe, _ in safe_links([url], where, report):
            kind = guess_kind(safe, default=ResourceKind.OTHER)
            links.append((kind, safe, "link" if kind == ResourceKind.OTHER else ""))
    return _EMPHASIS.sub(r"\2", _MD_LINK.sub(r"\1", value)).strip(), links


def _entry(item, where, report):
    """An EntryData for one RenderCV entry that is not a publication."""
    if isinstance(item, str | int | float):
        title, links = plain(item, where, report)
        return EntryData(title, links=links, where=where)
    if "institution" in item:
        degree, area = text(item.get("degree")), text(item.get("area"))
        title = f"{degree} in {area}" if degree and area else degree or area
        organisation = item.get("institution")
    elif "company" in item:
        title, organisation = text(item.get("position")), item.get("company")
    elif "label" in item:
        title, organisation = text(item.get("label")), ""
    elif "name" in item or "title" in item:
        title, organisation = text(item.get("name")) or text(item.get("title")), ""
    else:
        key = next((k for k in ("bullet", "number", "reversed_number") if k in item), None)
        title, organisation = (text(item.get(key)) if key else ""), ""
    title, links = plain(title, where, report)
    organisation, more = plain(organisation, where, report)
    links += more
    links += [
        (guess_kind(url, default=ResourceKind.OTHER), url, "")
        for _, url, _ in safe_links([item.get("url")], where, report)
    ]
    links = [(kind, url, label or ("link" if kind == ResourceKind.OTHER else "")) for kind, url, label in links]
    description = join_paragraphs(text(item.get("summary")), text(item.get("details")), bullets(item.get("highlights")))
    start, end, present, kept = entry_dates(
        item.get("start_date"), item.get("end_date"), item.get("date"), where, report
    )
    description = join_paragraphs(kept, description)
    return EntryData(
        title,
        organisation,
        text(item.get("location")),
        start,
        end,
        present,
        description,
        links,
        where,
    )


def _publication(item, section, where, report):
    title, links = plain(item.get("title"), where, report)
    fields = {"title": title, "venue_short": plain(item.get("journal"), where, report)[0]}
    (year, month), _ = read_date(item.get("date"), where, report)
    fields.update(year=year, month=month)
    if doi := normalise_doi(text(item.get("doi"))):
        fields["doi"] = doi
    specs = [LinkSpec(kind, url) for kind, url, _ in links]
    for _, url, _ in safe_links([item.get("url")], where, report):
        if re.match(r"^https?://(dx\.)?doi\.org/", url, re.I) and not fields.get("doi"):
            fields["doi"] = normalise_doi(url)
        else:
            specs.append(LinkSpec(guess_kind(url), url))
    if text(item.get("summary")):
        fields["abstract"] = text(item.get("summary"))
    venue = fields["venue_short"]
    for prefix, status in _STATUS_PREFIXES:
        if match := prefix.match(venue):
            fields["venue_short"], fields["status"] = venue[match.end() :].strip(), status
    return PublicationSpec(fields, section, _authors(item.get("authors"), where, report), specs, source=where)


_STATUS_PREFIXES = [
    (re.compile(r"^in press(?: in| at|,)?\s*", re.I), Publication.Status.ACCEPTED),
    (
        re.compile(r"^(?:in review|under review|submitted)(?: (?:in|at|to))?,?\s*", re.I),
        Publication.Status.UNDER_REVIEW,
    ),
]
_NOT_AUTHORS = {"...", "…", "et al.", "et al", "others", "__HIDDEN__"}


def _authors(authors, where, report):
    """AuthorSpecs from RenderCV's author list. A list split at every comma of a BibTeX author field ("Denolle",
    "Marine*", "and Miyake", "Hiroe": family and given names in turn) is put back together."""
    if isinstance(authors, str):
        authors = re.split(r"\s*(?:;|\band\b)\s*", authors)
    names = [plain(name, where, report)[0].strip("* ") for name in authors or [] if text(name)]
    names = [name for name in names if name not in _NOT_AUTHORS]
    if any(name.lower().startswith("and ") or " and " in name for name in names):
        segments = re.split(r"\s*(?:,\s*)?\band\s+", ", ".join(names))
        tokens = [
            [t.strip("* ") for t in segment.split(",") if t.strip("* ")] for segment in segments if segment.strip()
        ]
        if tokens and all(len(group) % 2 == 0 for group in tokens):
            pairs = [(group[i], group[i + 1]) for group in tokens for i in range(0, len(group), 2)]
            return [AuthorSpec(f"{given} {family}", given_names=given, family_name=family) for family, given in pairs]
    return [AuthorSpec(name.removeprefix("and ").strip()) for name in names]


def read(raw, source="cv.yaml"):
    """A CVData from a RenderCV file's text. ValueError when it is not YAML with a `cv:` block."""
    try:
        data = safe_yaml.load(raw, source)
    except safe_yaml.UnreadableYAML as error:
        raise ValueError(str(error)) from error
    if not isinstance(data, dict) or not isinstance(data.get("cv"), dict):
        raise ValueError(f"{source}: a RenderCV file has a `cv:` block at its top.")
    block = data["cv"]
    cv = CVData()
    report = cv.report
    cv.name = text(block.get("name"))
    cv.profile = {
        "headline": text(block.get("headline")),
        "email": text(block.get("email")) if isinstance(block.get("email"), str) else "",
        "location": text(block.get("location")),
    }
    for key in ("phone", "photo"):
        if text(block.get(key)):
            report.note(
                f"{source}: cv.{key} is not imported" + (" (upload a photo in the admin)." if key == "photo" else ".")
            )
    if text(block.get("website")) and (link := social_link("website", block.get("website"))):
        cv.links.append(link)
    for number, item in enumerate(block.get("social_networks") or [], start=1):
        if isinstance(item, dict):
            link = social_link(item.get("network"), item.get("url") or item.get("username"))
            if link is None:
                report.note(f"{source}: social_networks[{number}] ({text(item.get('network'))}) has no web address.")
            else:
                cv.links.append(link)
    sections = block.get("sections") or {}
    if not isinstance(sections, dict):
        raise ValueError(f"{source}: cv.sections is a set of titled lists.")
    for title, items in sections.items():
        if not isinstance(items, list):
            report.note(f"{source}: the section “{title}” is not a list of entries; left out.")
            continue
        name = str(title).replace("_", " ").strip()
        name = name[:1].upper() + name[1:]
        for number, item in enumerate(items, start=1):
            where = f"{source}: {title}[{number}]"
            if item is None:
                continue
            if isinstance(item, dict) and text(item.get("title")) not in ("", "__HIDDEN__") and "authors" in item:
                cv.publications.append(_publication(item, name, where, report))
            elif isinstance(item, dict | str | int | float):
                cv.section(name).entries.append(_entry(item, where, report))
    return cv
