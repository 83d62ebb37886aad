"""BibTeX and biblatex in: what BibTeX, biber and the common exporters (Mendeley, DBLP, Zotero, NASA ADS, al-folio)
write, read the way those tools read it.

bibtexparser splits the text and runs its middlewares (macros, enclosing, months, co-authors), with Vita's own
where it has none (middlewares.py). Then each entry becomes a PublicationSpec for publications.services. Every
problem is collected, with its file, line and key, in one pass: a block that cannot be parsed is an error; anything
else Vita cannot use (a link that is no link, a macro nobody defined, a relative path) is a warning, and the rest of
the entry is kept.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

import bibtexparser
from bibtexparser.middlewares import (
    MonthIntMiddleware,
    RemoveEnclosingMiddleware,
    ResolveStringReferencesMiddleware,
    SeparateCoAuthors,
)
from bibtexparser.model import DuplicateBlockKeyBlock
from django.conf import settings

from core.dates import loose_date, month_number
from core.links import ResourceKind, guess_kind
from core.validators import is_safe_url
from profile.names import expand_initials

from ..models import MAX_YEAR, MIN_YEAR, Publication, normalise_arxiv_id, normalise_doi
from ..services import PREPRINT_SECTION, AuthorSpec, LinkSpec, PublicationSpec
from .middlewares import (
    NAME_FIELDS,
    EqualContributionMarks,
    NameSplitting,
    StringConcatenation,
    VitaLatexDecoding,
    is_verbatim,
)

CONFERENCE, JOURNAL, CHAPTER, WORKSHOP, THESIS, BOOK = (
    "Conference",
    "Journal",
    "Book Chapter",
    "Workshop",
    "Thesis",
    "Book",
)
PREPRINT = PREPRINT_SECTION
SECTION_BY_TYPE = {
    "inproceedings": CONFERENCE,
    "conference": CONFERENCE,
    "proceedings": CONFERENCE,
    "article": JOURNAL,
    "periodical": JOURNAL,
    "incollection": CHAPTER,
    "inbook": CHAPTER,
    "book": CHAPTER,
    "mvbook": CHAPTER,
    "collection": CHAPTER,
    "techreport": PREPRINT,
    "report": PREPRINT,
    "unpublished": PREPRINT,
    "misc": PREPRINT,
    "online": PREPRINT,
    "electronic": PREPRINT,
    "www": PREPRINT,
    "manual": PREPRINT,
    "booklet": PREPRINT,
    "dataset": PREPRINT,
    "software": PREPRINT,
    "patent": PREPRINT,
    "phdthesis": THESIS,
    "mastersthesis": THESIS,
    "thesis": THESIS,
}
# Where an entry of each type names its venue, in order of preference.
VENUE_FIELDS = {
    "article": ("journal", "journaltitle"),
    "periodical": ("journal", "journaltitle", "title"),
    "techreport": ("institution", "organization"),
    "report": ("institution", "organization"),
    "phdthesis": ("school", "institution"),
    "mastersthesis": ("school", "institution"),
    "thesis": ("school", "institution"),
    "book": ("publisher", "series"),
    "misc": ("howpublished", "publisher", "organization", "journal", "booktitle"),
    "online": ("howpublished", "organization", "publisher"),
    "unpublished": ("howpublished", "note_venue"),
}
DEFAULT_VENUE_FIELDS = (
    "booktitle",
    "journal",
    "journaltitle",
    "maintitle",
    "howpublished",
    "institution",
    "school",
    "publisher",
    "organization",
)
# biblatex's containers of other entries' data, never publications themselves.
CONTAINER_ONLY_TYPES = {"set", "xdata"}
# Parents a child takes its booktitle from (biblatex's inheritance: the parent's title is the child's booktitle).
CONTAINER_TYPES = {"proceedings", "book", "collection", "mvbook", "mvproceedings", "mvcollection", "periodical"}

STATUS_BY_STATE = {
    "forthcoming": Publication.Status.ACCEPTED,
    "inpress": Publication.Status.ACCEPTED,
    "accepted": Publication.Status.ACCEPTED,
    "toappear": Publication.Status.ACCEPTED,
    "submitted": Publication.Status.UNDER_REVIEW,
    "underreview": Publication.Status.UNDER_REVIEW,
    "inreview": Publication.Status.UNDER_REVIEW,
    "prepublished": Publication.Status.PREPRINT,
    "preprint": Publication.Status.PREPRINT,
    "published": Publication.Status.PUBLISHED,
    "inprep": Publication.Status.PREPRINT,
    "inpreparation": Publication.Status.PREPRINT,
}

# Link fields, read in the order they stand; a number after the name ("slides2") adds another.
LINK_FIELDS = {
    "url": None,
    "arxivurl": ResourceKind.ARXIV,
    "paper": ResourceKind.PAPER,
    "pdf": ResourceKind.PDF,
    "code": ResourceKind.CODE,
    "slides": ResourceKind.SLIDES,
    "video": ResourceKind.VIDEO,
    "poster": ResourceKind.POSTER,
    "project": ResourceKind.PROJECT,
    "website": ResourceKind.PROJECT,
    "html": ResourceKind.PROJECT,
    "data": ResourceKind.DATA,
    "blog": ResourceKind.BLOG,
    "supp": ResourceKind.OTHER,
    "other": ResourceKind.OTHER,
}
LINK_LABELS = {"supp": "supplement"}
# al-folio keeps a paper's own files in assets/pdf/; a relative value in these fields is one of them.
ALFOLIO_FILES = {"pdf", "supp", "poster", "slides"}
_LINK_FIELD = re.compile(rf"^({'|'.join(LINK_FIELDS)})(\d*)$")
_VERBATIM_ESCAPES = [
    ("$\\backslash$", "\\"),
    ("{\\textbackslash}", "\\"),
    ("{\\_}", "_"),
    ("\\_", "_"),
    ("{\\%}", "%"),
    ("\\%", "%"),
    ("{\\&}", "&"),
    ("\\&", "&"),
    ("{\\#}", "#"),
    ("\\#", "#"),
    ("{\\$}", "$"),
    ("\\$", "$"),
    ("{\\~}", "~"),
    ("\\~{}", "~"),
    ("{~}", "~"),
    ("\\textasciitilde{}", "~"),
    ("\\textasciitilde", "~"),
    ("\\textunderscore", "_"),
]
# What separates several URLs in one field: white space before another address, and Mendeley's escaped newline.
_URL_SEPARATORS = re.compile(r"\s+(?=[a-z][a-z0-9+.-]*:|www\.)|\\n(?=[a-z]+:)|%5Cn(?=[a-z]+:)", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_ARXIV_ID = re.compile(r"^(?:arxiv:)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)$", re.I)
_YEAR = re.compile(r"\b(\d{4})\b")


@dataclass
class Problem:
    """Something wrong with one block, where it stands."""

    source: str
    line: int | None
    key: str | None
    message: str

    def __str__(self):
        where = ", ".join(part for part in (self.source, f"line {self.line}" if self.line else "") if part)
        what = f"entry “{self.key}”: {self.message}" if self.key else self.message
        return f"{where}: {what}" if where else what


@dataclass
class ParsedEntry:
    key: str
    line: int
    source: str
    spec: PublicationSpec


@dataclass
class Reading:
    """What a set of BibTeX texts holds: the entries that become publications, the blocks that could not be read
    (errors), and what was left out of an entry or guessed (warnings)."""

    entries: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    parents: int = 0  # entries that only serve as crossref targets


def parse_stack():
    return [
        StringConcatenation(),
        ResolveStringReferencesMiddleware(allow_inplace_modification=True),
        RemoveEnclosingMiddleware(allow_inplace_modification=True),
        MonthIntMiddleware(allow_inplace_modification=True),
        SeparateCoAuthors(allow_inplace_modification=True, name_fields=NAME_FIELDS),
        EqualContributionMarks(),
        NameSplitting(),
        VitaLatexDecoding(allow_inplace_modification=True),
    ]


def text_of(data):
    """The text of a .bib file's bytes: UTF-8, or the Windows/Latin-1 encoding older exporters wrote. ValueError for
    a file that is not text at all."""
    if b"\x00" in data[:65536]:
        raise ValueError("this is not a text file, so it is not BibTeX")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def unescape_verbatim(value):
    """BibTeX's escapes undone in a field read verbatim (a URL, a DOI): `10.1007/978-3-030-12345-6\\_7`."""
    value = str(value)
    if "\\" not in value and "{" not in value:
        return value.strip()
    for escaped, plain in _VERBATIM_ESCAPES:
        value = value.replace(escaped, plain)
    return value.replace("{", "").replace("}", "").strip()


def read_bibtex(sources, base_url=None):
    """Read [(name, text), …] as one bibliography (macros and crossref parents may sit in other files than the
    entries using them, as `\\bibliography{macros,entries,crossref}` allows). Returns a Reading."""
    reading = Reading()
    library = None
    origin = {}  # id(block) -> (source name, line)
    for name, text in sources:
        before = {id(block) for block in library.blocks} if library is not None else set()
        library = bibtexparser.parse_string(text, parse_stack=parse_stack(), library=library)
        for block in library.blocks:
            if id(block) not in before:
                origin[id(block)] = (name, (block.start_line or 0) + 1)
        for block in library.failed_blocks:
            if id(block) not in before and isinstance(block, DuplicateBlockKeyBlock):
                library = _read_duplicate(block, name, library, origin, reading)
    for block in library.failed_blocks:
        if isinstance(block, DuplicateBlockKeyBlock):
            continue
        source, line = origin.get(id(block), ("", (block.start_line or 0) + 1))
        error = getattr(block, "error", None)
        reason = str(getattr(error, "abort_reason", "") or error or "this block cannot be read").strip()
        key = getattr(getattr(block, "ignore_error_block", None), "key", None) or _key_of(block.raw)
        reading.problems.append(Problem(source, line, key, reason))

    entries = library.entries
    by_key = {entry.key.lower(): entry for entry in entries}
    parents = set()
    for entry in entries:
        parent_key = _crossref_key(entry)
        if parent_key:
            parents.add(parent_key)
            if parent_key not in by_key:
                source, line = origin.get(id(entry), ("", 0))
                reading.warnings.append(
                    Problem(source, line, entry.key, f"its crossref “{parent_key}” is in none of the files read")
                )
    reading.parents = sum(1 for key in parents if key in by_key)
    for entry in entries:
        if entry.key.lower() in parents or entry.entry_type.lower() in CONTAINER_ONLY_TYPES:
            continue  # a parent that only serves as a crossref target, or a biblatex set, is not a publication
        source, line = origin.get(id(entry), ("", 0))
        fields = _inherited_fields(entry, by_key)
        spec, problems, warnings = entry_spec(entry, fields, base_url)
        where = {"source": source, "line": line, "key": entry.key}
        reading.problems += [Problem(**where, message=message) for message in problems]
        reading.warnings += [Problem(**where, message=message) for message in warnings]
        if not problems:
            spec.source = f"{source}, line {line}: “{entry.key}”" if source else f"line {line}: “{entry.key}”"
            reading.entries.append(ParsedEntry(entry.key, line, source, spec))
    return reading


def _key_of(raw):
    match = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s]+)", raw or "")
    return match.group(1) if match else None


def _read_duplicate(block, source, library, origin, reading):
    """A key used twice: BibTeX keeps the first, but the second is often another work (lose nothing). It is read
    under a key of its own, and the reuse is reported."""
    key = _key_of(block.raw) or "?"
    renamed = block.raw.replace(key, f"{key}--{block.start_line + 1}", 1)
    reading.warnings.append(
        Problem(source, block.start_line + 1, key, "this key is used by an earlier entry too; both entries are read")
    )
    before = {id(b) for b in library.blocks}
    library = bibtexparser.parse_string(renamed, parse_stack=parse_stack(), library=library)
    for added in library.blocks:
        if id(added) not in before:
            origin[id(added)] = (source, block.start_line + 1)
    return library


def _crossref_key(entry):
    value = entry.fields_dict.get("crossref")
    return str(value.value).strip().lower() if value is not None and str(value.value).strip() else None


def _inherited_fields(entry, by_key, depth=0):
    """The entry's fields, with those it lacks taken from its crossref parent (and its parent's, in turn) and from
    biblatex's xdata entries it names."""
    fields = {f.key.lower(): f.value for f in entry.fields}
    for name in str(fields.pop("xdata", "") or "").split(","):
        source = by_key.get(name.strip().lower())
        if source is not None and depth <= 5:
            for key, value in _inherited_fields(source, by_key, depth + 1).items():
                fields.setdefault(key, value)
    parent = by_key.get(_crossref_key(entry) or "")
    if parent is None or depth > 5:
        return fields
    inherited = _inherited_fields(parent, by_key, depth + 1)
    if parent.entry_type.lower() in CONTAINER_TYPES and "booktitle" not in fields and "title" in inherited:
        fields["booktitle"] = inherited["booktitle"] if "booktitle" in inherited else inherited["title"]
    for key, value in inherited.items():
        if key not in fields and key not in ("title", "crossref", "ids", "key", "subtitle", "titleaddon"):
            fields[key] = value
    fields.pop("crossref", None)
    return fields


def _text(fields, key):
    value = fields.get(key)
    return "" if value is None or isinstance(value, list) else str(value).strip()


def entry_spec(entry, fields, base_url=None):
    """(PublicationSpec, problems, warnings) for one entry, with its fields already decoded and inherited."""
    problems, warnings = [], []
    entry_type = entry.entry_type.lower()
    title = _text(fields, "title")
    if title and _text(fields, "subtitle"):  # biblatex prints them together
        title = f"{title.rstrip(':.')}: {_text(fields, 'subtitle')}"
    if not title:
        problems.append("it has no title, so it cannot be a publication")
        return None, problems, warnings
    for macro in entry.parser_metadata.get("undefined_macros", []):
        if macro.lower() in ("true", "false"):  # al-folio's `selected = true`: a flag, not a macro anyone defines
            continue
        warnings.append(f"the macro “{macro}” is defined by no @string; its name is kept as the text")

    year, month, year_state = _year_and_month(fields, warnings)
    state = re.sub(r"\W", "", _text(fields, "pubstate").lower()) or year_state
    venue = next(
        (_text(fields, key) for key in VENUE_FIELDS.get(entry_type, DEFAULT_VENUE_FIELDS) if _text(fields, key)), ""
    )
    if not venue:
        venue = next((_text(fields, key) for key in DEFAULT_VENUE_FIELDS if _text(fields, key)), "")
    arxiv_id = _arxiv_id(fields)
    if not venue and arxiv_id and entry_type in ("misc", "online", "unpublished", "article"):
        venue = ""
    # Vita's own export names the section, and the status follows it as the export assumed (a journal article with
    # no venue yet, written as @misc, is still published).
    section = _text(fields, "vita-section") or _section(entry_type, fields, venue, arxiv_id)
    status = STATUS_BY_STATE.get(state)
    if status is None:
        status = Publication.Status.PREPRINT if section == PREPRINT else Publication.Status.PUBLISHED
    short = _text(fields, "abbr")
    doi = normalise_doi(unescape_verbatim(_text(fields, "doi")).split()[0]) if _text(fields, "doi") else ""
    if doi and not doi.startswith("10."):
        warnings.append(f"“{doi}” is not a DOI (they start with 10.); it is left out")
        doi = ""
    note = _text(fields, "note") or _text(fields, "award")
    values = {
        "title": title,
        "status": status,
        # Vita writes the short venue as the venue when there is no full one; read back, it stays short only.
        "venue_full": "" if venue == short else venue,
        "venue_short": short,
        "year": year,
        "month": month,
        "volume": _text(fields, "volume"),
        "number": _text(fields, "number") or _text(fields, "issue"),
        "pages": _text(fields, "pages"),
        "note": note,
        "doi": doi,
        "arxiv_id": arxiv_id,
        "abstract": _text(fields, "abstract"),
        "selected": _text(fields, "selected").lower() in ("true", "yes", "1"),
        "order": int(_text(fields, "vita-order")) if _text(fields, "vita-order").lstrip("-").isdigit() else 0,
    }
    if scholar := unescape_verbatim(_text(fields, "google_scholar_id")):
        values["scholar_id"] = scholar
    spec = PublicationSpec(values, section, _authors(entry, fields), _links(fields, arxiv_id, base_url, warnings))
    return spec, problems, warnings


def _year_and_month(fields, warnings):
    """(year or None, month or None, a publication state the year field states, like "in press")."""
    raw = _text(fields, "year")
    date = _text(fields, "date")
    month = fields.get("month")
    month = month if isinstance(month, int) and 1 <= month <= 12 else month_number(_text(fields, "month"))
    text = raw or date
    if not text:
        return None, month, ""
    state = re.sub(r"\W", "", text.lower())
    if state in STATUS_BY_STATE:
        return None, month, state
    try:
        year, date_month, _ = loose_date(text.split("/")[0])
    except ValueError:
        warnings.append(f"the year “{text}” is not one; the publication is listed without a year")
        return None, month, ""
    if not MIN_YEAR <= year <= MAX_YEAR:
        warnings.append(f"the year {year} is outside {MIN_YEAR}–{MAX_YEAR}; the publication is listed without one")
        return None, month, ""
    return year, month or (date_month if not raw else None), ""


def _arxiv_id(fields):
    eprint = unescape_verbatim(_text(fields, "eprint"))
    archive = (_text(fields, "archiveprefix") or _text(fields, "eprinttype")).lower()
    if eprint and ((archive in ("arxiv", "") and _ARXIV_ID.match(eprint)) or archive == "arxiv"):
        return normalise_arxiv_id(eprint)
    if arxiv := unescape_verbatim(_text(fields, "arxiv")):  # al-folio writes the id here
        return normalise_arxiv_id(arxiv)
    journal = _text(fields, "journal")
    volume = _text(fields, "volume")
    if journal.lower() == "corr" and volume.lower().startswith("abs/"):  # DBLP's CoRR entries
        return normalise_arxiv_id(volume[4:])
    return ""


def _section(entry_type, fields, venue, arxiv_id):
    lowered = venue.lower()
    if re.search(r"\barxiv\b|\bcorr\b|\bbiorxiv\b|\bmedrxiv\b|\bssrn\b", lowered) or (
        entry_type in ("article", "misc", "online", "unpublished") and not venue and arxiv_id
    ):
        return PREPRINT
    if "workshop" in lowered:
        return WORKSHOP
    return SECTION_BY_TYPE.get(entry_type, PREPRINT)


def _authors(entry, fields):
    names = fields.get("author")
    if not isinstance(names, list):
        return []
    equal = entry.parser_metadata.get("equal_positions", set())
    authors = []
    for position, parts in enumerate(names, start=1):
        family = " ".join(part for part in [*parts.von, *parts.last] if part)
        given = " ".join(parts.first)
        if parts.jr:
            family = f"{family} {' '.join(parts.jr)}"  # "King Jr.": written back as "King Jr., Martin Luther"
        if not family and not given:
            continue
        if family.lower() in ("others", "al.", "et al.") or (given.lower() == "et" and family.lower() == "al."):
            continue  # "and others": et al.
        given = expand_initials(given)
        written = f"{given} {family}".strip()
        authors.append(AuthorSpec(written, position in equal, given_names=given, family_name=family or given))
    return authors


def split_urls(value):
    """The addresses in a field: "http://a http://b" is two; a space inside one address (Mendeley keeps file names
    as they are: ".../Final Report.pdf") is that address's %20."""
    value = re.sub(r"<go to isi>://", "isi:", unescape_verbatim(value), flags=re.IGNORECASE)  # EndNote's WoS records
    pieces = _URL_SEPARATORS.split(value)
    return [re.sub(r"\s+", "%20", piece.strip()) for piece in pieces if piece and piece.strip()]


def resolve_link(url, field_name, base_url):
    """(absolute URL or None, the reason it was left out). base_url is where relative paths pointed, or a function
    (path, field name) -> (address, None) or (None, why)."""
    if url.lower().startswith(("<go to isi>", "isi:")):
        return None, f"“{url}” in {field_name} is a Web of Science record number, not a link; it is left out"
    if url.startswith(settings.MEDIA_URL):  # a file on this site (Vita's own export)
        return url, ""
    if not _SCHEME.match(url):
        if callable(base_url):  # a site importer that copies the site's own files (al-folio's assets/pdf/)
            resolved, why = base_url(url, field_name)
            if resolved is None:
                return None, f"“{url}” in {field_name}: {why}"
            return resolved, ""
        if not base_url:
            return None, (
                f"“{url}” in {field_name} is a path on the old site; give --base-url to link it there, "
                "or upload the file and add the link in the admin"
            )
        folder = "assets/pdf/" if field_name in ALFOLIO_FILES and not url.startswith("/") else ""
        url = urljoin(base_url.rstrip("/") + "/", folder + url.lstrip("/") if folder else url.lstrip("/"))
    if not is_safe_url(url):
        return None, f"“{url}” in {field_name} is not an http(s) or mailto link; it is left out"
    return url, ""


def _links(fields, arxiv_id, base_url, warnings):
    links, seen = [], set()
    for key, value in fields.items():
        match = _LINK_FIELD.match(key)
        if not match or not value or isinstance(value, list):
            continue
        name = match.group(1)
        label = ""
        if name == "other" and " | " in str(value):  # Vita's own "label | url"
            label, _, value = str(value).rpartition(" | ")
            label = label.strip()
        for raw in split_urls(value):
            url, reason = resolve_link(raw.strip(), name, base_url)
            if url is None:
                warnings.append(reason)
                continue
            if url in seen or (
                fields.get("doi")
                and url.lower()
                .rstrip("/")
                .endswith("doi.org/" + normalise_doi(unescape_verbatim(_text(fields, "doi"))).lower())
            ):
                continue  # the page links the DOI already
            seen.add(url)
            kind = LINK_FIELDS[name] or guess_kind(url)
            links.append(LinkSpec(kind, url, label or LINK_LABELS.get(name, "")))
    if arxiv_id and not any(link.kind == ResourceKind.ARXIV for link in links):
        links.insert(0, LinkSpec(ResourceKind.ARXIV, f"https://arxiv.org/abs/{arxiv_id}"))
    return links


__all__ = [
    "ParsedEntry",
    "Problem",
    "Reading",
    "is_verbatim",
    "read_bibtex",
    "split_urls",
    "text_of",
    "unescape_verbatim",
]
