"""BibTeX in and out.

In: bibtexparser reads the file (@string and month macros resolved); LaTeX accents and escapes become Unicode
(pylatexenc); equal-contribution marks after names ("*", "\\textsuperscript{*}", "$^*$", "$^\\dagger$") and
biblatex's `author+an = {1=equal}` become the flag; entry types map to sections; eprint/doi/url and al-folio's
link fields (pdf, code, slides, video, poster, website, …) become typed links. An import is one transaction: a
malformed entry names its line and nothing is written. A publication already here (same DOI, arXiv id or
normalised title) is reported and left as it is.

Out: every stored field, in standard fields where they exist (pubstate, abbr, author+an) and `vita-section` for
the section, so that import → export → import adds nothing and loses nothing.
"""

import re
import unicodedata
from dataclasses import dataclass, field

import bibtexparser
from django.core.exceptions import ValidationError
from django.db import transaction
from pylatexenc.latex2text import LatexNodes2Text

from core.dates import month_macro, month_number
from core.links import ResourceKind, guess_kind

from .authors import AuthorEntry, read_author
from .models import MAX_YEAR, MIN_YEAR, Publication, normalise_arxiv_id, normalise_doi
from .services import AuthorSpec, LinkSpec, PublicationService, PublicationSpec

CONFERENCE, JOURNAL, CHAPTER, WORKSHOP, PREPRINT, THESIS = (
    "Conference",
    "Journal",
    "Book Chapter",
    "Workshop",
    "Preprint and Technical Report",
    "Thesis",
)
SECTION_BY_TYPE = {
    "inproceedings": CONFERENCE,
    "conference": CONFERENCE,
    "proceedings": CONFERENCE,
    "article": JOURNAL,
    "incollection": CHAPTER,
    "inbook": CHAPTER,
    "book": CHAPTER,
    "techreport": PREPRINT,
    "report": PREPRINT,
    "unpublished": PREPRINT,
    "misc": PREPRINT,
    "online": PREPRINT,
    "phdthesis": THESIS,
    "mastersthesis": THESIS,
    "thesis": THESIS,
}
TYPE_BY_SECTION = {
    CONFERENCE: "inproceedings",
    WORKSHOP: "inproceedings",
    JOURNAL: "article",
    CHAPTER: "incollection",
    PREPRINT: "misc",
    THESIS: "phdthesis",
}
VENUE_FIELD = {"article": "journal", "misc": "howpublished", "techreport": "institution", "phdthesis": "school"}

STATUS_BY_PUBSTATE = {
    "forthcoming": Publication.Status.ACCEPTED,
    "inpress": Publication.Status.ACCEPTED,
    "accepted": Publication.Status.ACCEPTED,
    "submitted": Publication.Status.UNDER_REVIEW,
    "underreview": Publication.Status.UNDER_REVIEW,
    "prepublished": Publication.Status.PREPRINT,
    "preprint": Publication.Status.PREPRINT,
    "published": Publication.Status.PUBLISHED,
}
PUBSTATE_BY_STATUS = {
    Publication.Status.ACCEPTED: "forthcoming",
    Publication.Status.UNDER_REVIEW: "submitted",
    Publication.Status.PREPRINT: "prepublished",
}

# Link fields, read in the order they stand in an entry; a number after the name ("slides2") adds another.
LINK_FIELDS = {
    "arxivurl": ResourceKind.ARXIV,
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
    "other": ResourceKind.OTHER,
}
FIELD_BY_KIND = {ResourceKind.ARXIV: "arxivurl", ResourceKind.PROJECT: "project"}
_LINK_FIELD = re.compile(rf"^({'|'.join(LINK_FIELDS)})(\d*)$")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_latex = LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)


class BibtexError(Exception):
    """The input cannot be imported; `problems` says why, entry by entry, with line numbers."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class ParsedEntry:
    key: str
    line: int
    section: str
    fields: dict
    authors: list
    links: list  # (kind, url, label)


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (title, why)
    new_people: list = field(default_factory=list)
    new_sections: list = field(default_factory=list)
    publications: list = field(default_factory=list)  # those created
    dry_run: bool = False

    def lines(self):
        verb = "Would import" if self.dry_run else "Imported"
        out = [f"{verb} {len(self.created)} publication(s); {len(self.skipped)} already here."]
        out += [f"  + {title}" for title in self.created]
        out += [f"  = {title} ({why})" for title, why in self.skipped]
        if self.new_people:
            out.append(f"New people: {', '.join(self.new_people)}.")
        if self.new_sections:
            out.append(f"New sections: {', '.join(self.new_sections)}.")
        return out


def latex_to_text(value):
    text = _latex.latex_to_text(value).replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip()


def _split_authors(value):
    """Split on ' and ' outside braces."""
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", value, re.IGNORECASE):
        piece = match.group()
        if piece == "{":
            depth += 1
        elif piece == "}":
            depth -= 1
        elif depth == 0:
            names.append(value[start : match.start()])
            start = match.end()
    names.append(value[start:])
    return [name.strip() for name in names if name.strip()]


def _equal_positions(annotation):
    """biblatex's author+an = {1=equal; 3=equal,corresponding} -> {1, 3}."""
    positions = set()
    for part in annotation.split(";"):
        index, _, labels = part.partition("=")
        if index.strip().isdigit() and "equal" in labels:
            positions.add(int(index))
    return positions


def _authors(fields):
    equal = _equal_positions(fields.get("author+an", ""))
    authors = []
    for position, raw in enumerate(_split_authors(fields.get("author", "")), start=1):
        entry = read_author(raw)
        name = latex_to_text(entry.name)
        if name.lower() == "others":
            continue
        authors.append(AuthorEntry(name, entry.equal_contribution or position in equal))
    return authors


def _section(entry_type, fields):
    if fields.get("vita-section"):
        return latex_to_text(fields["vita-section"])
    venue = (fields.get("journal", "") + fields.get("booktitle", "")).lower()
    if re.search(r"\barxiv\b|\bcorr\b", venue) or (
        entry_type in ("article", "misc") and not venue and fields.get("eprint")
    ):
        return PREPRINT
    if "workshop" in venue:
        return WORKSHOP
    return SECTION_BY_TYPE.get(entry_type, PREPRINT)


def _links(fields, arxiv_id):
    links = []
    for name, value in fields.items():
        match = _LINK_FIELD.match(name)
        if not match or not value:
            continue
        kind, label = LINK_FIELDS[match.group(1)], ""
        if kind == ResourceKind.OTHER:
            label, _, value = value.rpartition(" | ")
        links.append((kind, value.strip(), label.strip()))
    url = fields.get("url", "").strip()
    if url and url not in {link[1] for link in links}:
        links.append((guess_kind(url), url, ""))
    if arxiv_id and not any(kind == ResourceKind.ARXIV for kind, _, _ in links):
        links.insert(0, (ResourceKind.ARXIV, f"https://arxiv.org/abs/{arxiv_id}", ""))
    return links


def _entry(block):
    fields = {key.lower(): str(value.value) for key, value in block.fields_dict.items()}
    entry_type = block.entry_type.lower()
    line = block.start_line + 1
    problems = []
    title = latex_to_text(fields.get("title", ""))
    if not title:
        problems.append(f"line {line}: entry “{block.key}” has no title.")
    year = fields.get("year", "").strip()
    if not (year.isdigit() and MIN_YEAR <= int(year) <= MAX_YEAR):
        problems.append(
            f"line {line}: entry “{block.key}” needs a year between {MIN_YEAR} and {MAX_YEAR}, not “{year}”."
        )
    if problems:
        raise BibtexError(problems)

    arxiv_id = ""
    if fields.get("eprint") and fields.get("archiveprefix", "arxiv").lower() == "arxiv":
        arxiv_id = normalise_arxiv_id(fields["eprint"])
    elif fields.get("arxiv"):  # al-folio writes the id here
        arxiv_id = normalise_arxiv_id(fields["arxiv"])
    section = _section(entry_type, fields)
    pubstate = re.sub(r"\W", "", fields.get("pubstate", "").lower())
    status = STATUS_BY_PUBSTATE.get(pubstate)
    if status is None:
        status = Publication.Status.PREPRINT if section == PREPRINT else Publication.Status.PUBLISHED
    venue = fields.get("journal") or fields.get("booktitle") or fields.get(VENUE_FIELD.get(entry_type, ""), "")
    values = {
        "title": title,
        "status": status,
        # Vita writes the short venue as the venue when there is no full one; read back, it stays short only.
        "venue_full": "" if latex_to_text(venue) == latex_to_text(fields.get("abbr", "")) else latex_to_text(venue),
        "venue_short": latex_to_text(fields.get("abbr", "")),
        "year": int(year),
        "month": month_number(fields.get("month", "")),
        "volume": latex_to_text(fields.get("volume", "")),
        "number": latex_to_text(fields.get("number", "")),
        "pages": latex_to_text(fields.get("pages", "")),
        "note": latex_to_text(fields.get("note", "")),
        "doi": normalise_doi(fields.get("doi", "")),
        "arxiv_id": arxiv_id,
        "abstract": latex_to_text(fields.get("abstract", "")),
        "selected": fields.get("selected", "").strip().lower() in ("true", "yes", "1"),
        "order": int(fields["vita-order"]) if fields.get("vita-order", "").strip().lstrip("-").isdigit() else 0,
    }
    return ParsedEntry(block.key, line, section, values, _authors(fields), _links(fields, arxiv_id))


def parse_bibtex(text):
    """Every entry of a BibTeX text, or BibtexError naming each bad entry with its line."""
    library = bibtexparser.parse_string(text)
    problems = []
    for block in library.failed_blocks:
        error = getattr(block, "error", None)
        reason = getattr(error, "abort_reason", "") or str(error or "") or "this block cannot be read"
        key = getattr(block, "key", None) or (re.findall(r"^\s*@\w+\s*[{(]\s*([^,\s]+)", block.raw) or ["?"])[0]
        if type(block).__name__ == "DuplicateBlockKeyBlock":
            reason = "this key is used by an earlier entry too"
        problems.append(f"line {block.start_line + 1}: entry “{key}”: {reason.strip()}")
    entries = []
    for block in library.entries:
        try:
            entries.append(_entry(block))
        except BibtexError as error:
            problems += error.problems
    if problems:
        raise BibtexError(problems)
    if not entries:
        raise BibtexError(["No BibTeX entries were found: is this a .bib file?"])
    return entries


def import_bibtex(text, *, dry_run=False):
    """Import the entries of a BibTeX text, all or nothing. Returns an ImportReport.

    A dry run does the whole import, so that its report is exactly what a real one would say, and then rolls it
    back: nothing is written.
    """
    entries = parse_bibtex(text)
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        _import(entries, report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _import(entries, report):
    service = PublicationService()
    for entry in entries:
        spec = PublicationSpec(
            entry.fields,
            entry.section,
            [AuthorSpec(author.name, author.equal_contribution) for author in entry.authors],
            [LinkSpec(kind, url, label) for kind, url, label in entry.links],
            source=f"line {entry.line}: entry “{entry.key}”",
        )
        _validate(spec)
        outcome = service.add(spec)
        title = entry.fields["title"]
        if outcome.created:
            report.created.append(title)
            report.publications.append(outcome.publication)
        else:
            report.skipped.append((title, f"already here as “{outcome.publication.title}”: {outcome.reason}"))
    report.new_people, report.new_sections = service.new_people, service.new_sections


def _validate(spec):
    publication = Publication(**spec.fields)
    try:
        publication.full_clean(
            exclude=["slug", "title_key", "section"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        messages = getattr(error, "message_dict", {"": error.messages})
        detail = "; ".join(f"{name}: {' '.join(m)}" for name, m in messages.items())
        raise BibtexError([f"{spec.source}: {detail}"]) from error


# ---------------------------------------------------------------------------------------------------- export

_ESCAPES = str.maketrans({"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_"})


def _text(value):
    value = value.translate(_ESCAPES)
    if value.count("{") != value.count("}"):
        value = value.replace("{", "").replace("}", "")
    return value


def _ascii(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def citation_key(publication, used):
    first = publication.authorships.all()[0].person.family_name if publication.authorships.all() else "anon"
    words = [w for w in re.findall(r"[a-z0-9]+", _ascii(publication.title).lower()) if w not in ("a", "an", "the")]
    base = re.sub(r"[^a-z]", "", _ascii(first).lower()) + str(publication.year) + (words[0] if words else "")
    key, suffix = base, ord("a")
    while key in used:
        key, suffix = f"{base}{chr(suffix)}", suffix + 1
    used.add(key)
    return key


def entry_bibtex(publication, key):
    """One publication as a BibTeX entry. Needs authorships (with people) and links prefetched to be cheap."""
    section = publication.section.name
    entry_type = TYPE_BY_SECTION.get(section, "misc")
    authorships = list(publication.authorships.all())
    fields = [("title", "{" + _text(publication.title) + "}")]
    if authorships:
        names = [f"{a.person.family_name}, {a.person.given_names}".rstrip(", ") for a in authorships]
        fields.append(("author", " and ".join(_text(n) for n in names)))
        equal = [f"{i}=equal" for i, a in enumerate(authorships, start=1) if a.equal_contribution]
        if equal:
            fields.append(("author+an", "; ".join(equal)))
    if venue := publication.venue_full or publication.venue_short:
        fields.append((VENUE_FIELD.get(entry_type, "booktitle"), _text(venue)))
    if publication.venue_short:
        fields.append(("abbr", _text(publication.venue_short)))
    fields.append(("year", str(publication.year)))
    for name in ("volume", "number", "pages", "note"):
        if value := getattr(publication, name):
            fields.append((name, _text(value.replace("–", "--"))))
    if publication.doi:
        fields.append(("doi", publication.doi))
    if publication.arxiv_id:
        fields += [("eprint", publication.arxiv_id), ("archiveprefix", "arXiv")]
    if publication.status in PUBSTATE_BY_STATUS:
        fields.append(("pubstate", PUBSTATE_BY_STATUS[publication.status]))
    counts = {}
    for link in publication.links.all():
        name = FIELD_BY_KIND.get(link.kind, link.kind)
        counts[name] = counts.get(name, 0) + 1
        value = f"{link.label} | {link.url}" if link.kind == ResourceKind.OTHER else link.url
        fields.append((name + (str(counts[name]) if counts[name] > 1 else ""), value))
    if publication.selected:
        fields.append(("selected", "true"))
    if publication.abstract:
        fields.append(("abstract", _text(publication.abstract)))
    fields.append(("vita-section", _text(section)))
    if publication.order:
        fields.append(("vita-order", str(publication.order)))
    lines = [f"@{entry_type}{{{key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields]
    if publication.month:
        lines.append(f"  month = {month_macro(publication.month)},")  # a macro, unbraced
    lines.append("}")
    return "\n".join(lines)


def export_bibtex(publications):
    used = set()
    return "\n\n".join(entry_bibtex(p, citation_key(p, used)) for p in publications) + "\n"
