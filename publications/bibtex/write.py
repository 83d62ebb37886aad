"""BibTeX out, written by bibtexparser's writer and its unparse middlewares (names merged "Family, Given", months
as BibTeX's macros, values braced).

Two flavours:
- for citing (a publication's page, its .bib): standard fields only, nothing of Vita's own that a citation manager
  would carry into someone's paper;
- the owner's export (`export_bibtex`, /publications.bib): everything a lossless round trip needs, in standard or
  al-folio fields where they exist (abbr, selected, pdf, code, …) and `vita-section`/`vita-order` otherwise.

Text is written as Unicode with LaTeX's special characters escaped outside math; math is written as it is stored,
so export → import → export gives the same bytes.
"""

import re
import unicodedata

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import (
    AddEnclosingMiddleware,
    MergeCoAuthors,
    MergeNameParts,
    MonthAbbreviationMiddleware,
)
from bibtexparser.middlewares.names import NameParts
from bibtexparser.model import Entry, Field
from bibtexparser.writer import BibtexFormat

from core.latex import segments
from core.links import ResourceKind

from ..models import Publication
from .read import CHAPTER, CONFERENCE, JOURNAL, PREPRINT, THESIS, WORKSHOP

TYPE_BY_SECTION = {
    CONFERENCE: "inproceedings",
    WORKSHOP: "inproceedings",
    JOURNAL: "article",
    CHAPTER: "incollection",
    PREPRINT: "misc",
    THESIS: "phdthesis",
}
VENUE_FIELD = {"article": "journal", "misc": "howpublished", "phdthesis": "school", "techreport": "institution"}
PUBSTATE_BY_STATUS = {
    Publication.Status.ACCEPTED: "forthcoming",
    Publication.Status.UNDER_REVIEW: "submitted",
    Publication.Status.PREPRINT: "prepublished",
    Publication.Status.PUBLISHED: "published",
}
FIELD_BY_KIND = {ResourceKind.ARXIV: "arxivurl", ResourceKind.PROJECT: "project"}
# Outside math, what LaTeX would read as something else.
_SPECIAL = {
    "\\": "\\textbackslash{}",
    "{": "\\{",
    "}": "\\}",
    "&": "\\&",
    "%": "\\%",
    "#": "\\#",
    "_": "\\_",
    "~": "\\textasciitilde{}",
    "^": "\\textasciicircum{}",
}
_SPECIAL_RE = re.compile(r"\\\$|[\\{}&%#_~^]")


def encode(text):
    """Stored text as a BibTeX value: special characters escaped outside math, math as it is; an escaped dollar
    (stored as \\$) stays escaped."""
    out = []
    for is_math, piece in segments(text or ""):
        if is_math:
            out.append(f"${piece}$")  # display math's piece starts with "$" already: $$…$$
        else:
            out.append(_SPECIAL_RE.sub(lambda m: m.group() if m.group() == "\\$" else _SPECIAL[m.group()], piece))
    return "".join(out)


def _dashes(value):
    return value.replace("—", "---").replace("–", "--")


def _ascii(text):
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def citation_key(publication, used):
    authorships = publication.authorships.all()
    first = authorships[0].person.family_name if authorships else "anon"
    words = [w for w in re.findall(r"[a-z0-9]+", _ascii(publication.title).lower()) if w not in ("a", "an", "the")]
    base = re.sub(r"[^a-z]", "", _ascii(first).lower()) + str(publication.year or "") + (words[0] if words else "")
    key, suffix = base, ord("a")
    while key in used:
        key, suffix = f"{base}{chr(suffix)}", suffix + 1
    used.add(key)
    return key


def _family(family, has_given_names):
    """A family name as BibTeX reads it back whole: braced when it has words but no given names to follow it, or a
    comma of its own."""
    if "," in family or (not has_given_names and " " in family):
        return "{" + encode(family) + "}"
    return encode(family)


def _default_status(section):
    return Publication.Status.PREPRINT if section == PREPRINT else Publication.Status.PUBLISHED


def entry(publication, key, citation):
    """A bibtexparser Entry for a publication (authorships with people, and links, prefetched)."""
    section = publication.section.name
    entry_type = TYPE_BY_SECTION.get(section, "misc")
    fields = [("title", "{" + encode(publication.title) + "}")]
    authorships = list(publication.authorships.all())
    if authorships:
        # "Family, Given": everything before the comma is the family name, so "De Moura" needs no braces; a name
        # with no given names ("{International Skat Players Association}") keeps its words together in braces.
        names = [
            NameParts(
                first=[encode(a.person.given_names)] if a.person.given_names else [],
                last=[_family(a.person.family_name, bool(a.person.given_names))],
            )
            for a in authorships
        ]
        fields.append(("author", names))
        equal = [f"{i}=equal" for i, a in enumerate(authorships, start=1) if a.equal_contribution]
        if equal and not citation:
            fields.append(("author+an", "; ".join(equal)))
    if venue := publication.venue_full or publication.venue_short:
        fields.append((VENUE_FIELD.get(entry_type, "booktitle"), encode(venue)))
    if publication.venue_short and not citation:
        fields.append(("abbr", encode(publication.venue_short)))
    if publication.year:
        fields.append(("year", str(publication.year)))
    if publication.month:
        fields.append(("month", publication.month))
    for name in ("volume", "number", "pages", "note"):
        if value := getattr(publication, name):
            fields.append((name, encode(_dashes(value))))
    if publication.doi:
        fields.append(("doi", publication.doi))
    if publication.arxiv_id:
        fields += [("eprint", publication.arxiv_id), ("archiveprefix", "arXiv")]
    if publication.status != _default_status(section) and (not citation or publication.status != "published"):
        fields.append(("pubstate", PUBSTATE_BY_STATUS[publication.status]))
    links = list(publication.links.all())
    if citation:
        main = next((link for link in links if link.kind in (ResourceKind.PDF, ResourceKind.PROJECT)), None)
        if main is not None:
            fields.append(("url", main.url))
    else:
        counts = {}
        for link in links:
            name = FIELD_BY_KIND.get(link.kind, link.kind)
            counts[name] = counts.get(name, 0) + 1
            value = f"{link.label} | {link.url}" if link.kind == ResourceKind.OTHER else link.url
            fields.append((name + (str(counts[name]) if counts[name] > 1 else ""), value))
        if publication.selected:
            fields.append(("selected", "true"))
        if publication.scholar_id:
            fields.append(("google_scholar_id", publication.scholar_id))
    if publication.abstract:
        fields.append(("abstract", encode(publication.abstract)))
    if not citation:
        fields.append(("vita-section", encode(section)))
        if publication.order:
            fields.append(("vita-order", publication.order))
    return Entry(entry_type, key, [Field(name, value) for name, value in fields])


def _format():
    layout = BibtexFormat()
    layout.indent = "  "
    return layout


def write(entries):
    library = Library(entries)
    unparse = [
        MonthAbbreviationMiddleware(allow_inplace_modification=True),
        MergeNameParts(style="last", allow_inplace_modification=True, name_fields=("author",)),
        MergeCoAuthors(allow_inplace_modification=True, name_fields=("author",)),
        AddEnclosingMiddleware(
            allow_inplace_modification=True,
            default_enclosing="{",
            reuse_previous_enclosing=False,
            enclose_integers=False,
        ),
    ]
    return bibtexparser.write_string(library, unparse_stack=unparse, bibtex_format=_format())


def entry_bibtex(publication, key=None, citation=True):
    """One publication as BibTeX; for citing, unless citation=False (the owner's lossless export)."""
    return write([entry(publication, key or citation_key(publication, set()), citation)]).rstrip("\n")


def export_bibtex(publications, citation=False):
    """Publications (for_listing()) as one BibTeX file: the owner's lossless export unless citation=True."""
    used = set()
    return write([entry(p, citation_key(p, used), citation) for p in publications])
