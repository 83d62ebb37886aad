"""What Vita adds to bibtexparser's own parse stack, each for something its middlewares don't do (said at each).

The stack (read.py): StringConcatenation, then bibtexparser's ResolveStringReferences, RemoveEnclosing,
MonthInt and SeparateCoAuthors, then EqualContributionMarks and NameSplitting, then VitaLatexDecoding.
"""

import re

from bibtexparser.library import Library
from bibtexparser.middlewares import BlockMiddleware, LatexDecodingMiddleware, LibraryMiddleware
from bibtexparser.middlewares.names import InvalidNameError, NameParts, parse_single_name_into_parts

from core.dates import MONTH_NAMES, MONTHS
from core.latex import bibtex_decoder, decode

from ..authors import strip_equal_marks

NAME_FIELDS = ("author", "editor")
# Fields read as they are (with BibTeX's escapes undone), never LaTeX-decoded: a % in a URL is not a comment.
VERBATIM_FIELDS = {
    "url",
    "doi",
    "eprint",
    "arxiv",
    "file",
    "pdf",
    "code",
    "slides",
    "video",
    "poster",
    "website",
    "html",
    "blog",
    "supp",
    "arxivurl",
    "paper",
    "project",
    "data",
    "other",
    "biburl",
    "urldate",
    "isbn",
    "issn",
    "google_scholar_id",
    "preview",
    "altmetric",
    "dimensions",
    "pmid",
    "pmcid",
    "eid",
}
_NUMBERED = re.compile(r"^(.*?)\d+$")

# BibTeX's standard styles define these macros.
MONTH_MACROS = dict(zip(MONTHS, MONTH_NAMES, strict=True))


def is_verbatim(key):
    key = key.lower()
    return key in VERBATIM_FIELDS or ((m := _NUMBERED.match(key)) is not None and m.group(1) in VERBATIM_FIELDS)


def _pieces(value):
    """A field value split at its top-level '#' (outside braces and quotes), or None when it is one piece."""
    pieces, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(value):
        if char == "\\":
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            pieces.append(value[start:index].strip())
            start = index + 1
    if not pieces:
        return None
    return [*pieces, value[start:].strip()]


def _enclosed(value):
    return len(value) >= 2 and value[0] + value[-1] in ("{}", '""')


class StringConcatenation(LibraryMiddleware):
    """Values joined with '#' ("Proc. " # ijcai), and macros nobody defined.

    bibtexparser's ResolveStringReferencesMiddleware resolves a value that is one macro name, but leaves
    concatenations as they are, and says nothing of a macro with no @string. This joins the pieces (macros
    resolved, months by BibTeX's standard names) and records, on each entry, the macros it uses that are undefined
    (`undefined_macros` in its parser metadata).
    """

    def __init__(self):
        super().__init__(allow_inplace_modification=True)

    @classmethod
    def metadata_key(cls):
        return "vita_concatenation"

    def transform(self, library: Library) -> Library:
        strings = {key.lower(): block.value for key, block in library.strings_dict.items()}
        for entry in library.entries:
            undefined = []
            for field in entry.fields:
                value = field.value
                if not isinstance(value, str) or _enclosed(value) or value.isdigit():
                    continue
                pieces = _pieces(value)
                if pieces is None:  # one macro: bibtexparser resolves it, or MonthInt reads a month
                    known = value.lower() in strings or value.lower() in MONTH_MACROS
                    if not known:
                        undefined.append(value)
                    continue
                joined = []
                for piece in pieces:
                    if _enclosed(piece):
                        joined.append(piece[1:-1])
                    elif piece.isdigit():
                        joined.append(piece)
                    elif piece.lower() in strings:
                        resolved = strings[piece.lower()]
                        joined.append(resolved[1:-1] if _enclosed(resolved) else resolved)
                    elif piece.lower() in MONTH_MACROS:
                        joined.append(MONTH_MACROS[piece.lower()])
                    else:
                        undefined.append(piece)
                        joined.append(piece)
                field.value = "{" + "".join(joined) + "}"
            if undefined:
                entry.parser_metadata["undefined_macros"] = undefined
        return library


class EqualContributionMarks(BlockMiddleware):
    """Equal-contribution marks after a name, in either order ("Lee*, Jian", "Einstein*†, A.", "Jian Lee*",
    "Lee\\textsuperscript{*}"): removed from the name and kept as positions (`equal_positions` in the entry's parser
    metadata), with biblatex's `author+an = {1=equal}` read too. bibtexparser has no notion of them."""

    def __init__(self):
        super().__init__(allow_inplace_modification=True, allow_parallel_execution=True)

    @classmethod
    def metadata_key(cls):
        return "vita_equal_marks"

    def transform_entry(self, entry, library):
        field = entry.fields_dict.get("author")
        positions = set()
        if field is not None and isinstance(field.value, list):
            names = []
            for position, name in enumerate(field.value, start=1):
                parts, marked = [], False
                for part in name.split(","):
                    part, had = strip_equal_marks(part)
                    parts.append(part)
                    marked |= had
                names.append(",".join(parts))
                if marked:
                    positions.add(position)
            field.value = names
        annotation = entry.fields_dict.get("author+an")
        if annotation is not None:
            for item in str(annotation.value).split(";"):
                index, _, labels = item.partition("=")
                if index.strip().isdigit() and "equal" in labels:
                    positions.add(int(index))
        entry.parser_metadata["equal_positions"] = positions
        return entry


class NameSplitting(BlockMiddleware):
    """Names split into first, von, last and jr by bibtexparser's own parse_single_name_into_parts, but tolerantly:
    its SplitNameParts middleware fails the whole entry on one odd name (too many commas), where BibTeX reads on."""

    def __init__(self):
        super().__init__(allow_inplace_modification=True, allow_parallel_execution=True)

    @classmethod
    def metadata_key(cls):
        return "vita_name_splitting"

    def transform_entry(self, entry, library):
        for key in NAME_FIELDS:
            field = entry.fields_dict.get(key)
            if field is None or not isinstance(field.value, list):
                continue
            parts = []
            for name in field.value:
                try:
                    parts.append(parse_single_name_into_parts(name, strict=True))
                except InvalidNameError:
                    parts.append(parse_single_name_into_parts(name, strict=False))
            field.value = parts
        return entry


class VitaLatexDecoding(LatexDecodingMiddleware):
    """bibtexparser's LaTeX decoding with its own decoder, except that: URL-like fields are left alone (a % there is
    no comment); math stays LaTeX between dollars; DBLP's doubly escaped LaTeX and \\( \\) math are understood; and
    names, split into parts by then, are decoded part by part (core.latex.decode does the text)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("decoder", bibtex_decoder())
        super().__init__(*args, **kwargs)

    def _transform_python_value_string(self, python_string):
        try:
            return decode(python_string, self._decoder), ""
        except Exception as error:  # pragma: no cover (decode already falls back on what pylatexenc can't read)
            return python_string, str(error)

    def transform_entry(self, entry, library):
        for field in entry.fields:
            if is_verbatim(field.key) or field.key in NAME_FIELDS or not isinstance(field.value, str):
                continue
            enclosing = field.enclosing
            field.value, _ = self._transform_python_value_string(field.value)
            field.enclosing = enclosing
        for key in NAME_FIELDS:
            field = entry.fields_dict.get(key)
            if field is not None and isinstance(field.value, list):
                field.value = [
                    NameParts(
                        *(
                            [self._transform_python_value_string(word)[0] for word in words]
                            for words in (name.first, name.von, name.last, name.jr)
                        )
                    )
                    for name in field.value
                ]
        return entry
