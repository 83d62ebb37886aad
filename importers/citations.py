"""Author lists as people write them in citations and front matter, in the forms real sites use:

- BibTeX-like: "Lovelace, A. Augusta and Babbage, Charles";
- APA: "Shuai, P., Knappett, P. S. K., & Cardenas, M. B. (2017)";
- Chicago, the first name inverted: "Ribes, David, Steve Jackson, and Tom Finholt (2012)";
- plain: "Thomas Hikaru Clark, Clara Meister, and Roger Levy. A Cross-Linguistic …";
- initials after the name: "Zachara J., X. Chen".

Only the authors are read: a citation's author list ends where its year, its quoted title or its first sentence
begins. Names come back split into given and family names, with equal-contribution marks read.
"""

import html
import re

from profile.names import expand_initials, split_name
from publications.authors import strip_equal_marks
from publications.services import AuthorSpec

_TAGS = re.compile(r"<[^>]+>")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d"), None)
# Where the authors end: "(2013)", a quote that opens the title, ". 2021." or "2021." after the names.
_END = re.compile(r"\(\s*(?:1[5-9]|20)\d\d|[“\"]|\.\s+(?:1[5-9]|20)\d\d\b|,\s*(?:1[5-9]|20)\d\d\.")
# In the plain style the authors end with the first full stop after a word of two letters or more ("Levy. A …").
_SENTENCE_END = re.compile(r"(?<=[^\W\d_]{2})\.(?:\s|$)")
_SEPARATORS = re.compile(r"\s*(?:,\s*(?:and\s+|&\s*)?|;\s*|\s+&\s+|\s+and\s+)", re.IGNORECASE)
_INITIALS = re.compile(r"^(?:[A-Z]\.?\s*(?:-\s*)?){1,4}$")
_TRAILING_INITIALS = re.compile(r"^([^\W\d_][\w'’-]+)\s+((?:[A-Z]\.?\s*){1,3})$")
_ETAL = re.compile(r"\bet\s+al\.?", re.IGNORECASE)


def clean(text):
    """Text of a front-matter value: entities decoded, tags and invisible characters gone, spacing folded."""
    text = _TAGS.sub("", html.unescape(str(text or "")).translate(_INVISIBLE))
    return re.sub(r"\s+", " ", text).strip()


def author_segment(citation):
    """The part of a citation that names its authors: up to its year or its quoted title, or else its first
    sentence."""
    text = clean(citation)
    if (match := _END.search(text)) or (match := _SENTENCE_END.search(text)):
        text = text[: match.start()]
    return _ETAL.sub("", text).strip(" .,;:")


def _is_initials(token):
    return bool(_INITIALS.match(token.replace(" ", "")))


def _single_word(token):
    return " " not in token.strip()


def parse_authors(text, venue=""):
    """[AuthorSpec] for an author list in any of the forms above (a citation, or an `authors:` value, a string or a
    list). A citation that only names its venue ("<b>Economics Letters</b>, 2016") names no authors."""
    text = author_segment(text) if not isinstance(text, list) else ", ".join(clean(item) for item in text)
    if not text or (venue and clean(venue).casefold().startswith(text.casefold())):
        return []
    names = _bibtex_like(text) or _general(text)
    authors = []
    for raw in names:
        parts, equal = [], False
        for part in raw.split(","):
            part, marked = strip_equal_marks(part)
            parts.append(part.strip())
            equal |= marked
        name = ", ".join(part for part in parts if part)
        if not name or re.search(r"\d", name):  # a year or a volume, not a person
            continue
        given, family = split_name(name)
        given = " ".join(word if _is_initials(word) else word.rstrip(".") for word in given.split())
        if not family or family.lower() in ("others", "al", "al."):
            continue
        given = expand_initials(given)
        authors.append(AuthorSpec(f"{given} {family}".strip(), equal, given, family))
    return authors


def _bibtex_like(text):
    """'Last, First and Last, First': each part holds exactly one comma."""
    parts = re.split(r"\s+and\s+", text)
    if len(parts) < 2 or not all(part.count(",") == 1 for part in parts):
        return None
    return parts


def _general(text):
    # Tokens, and whether each is joined to the next by a bare comma ("Shuai, P.") or by "and"/"&" (two people).
    pieces = _SEPARATORS.split(text)
    separators = _SEPARATORS.findall(text)
    tokens, comma_after = [], []
    for index, piece in enumerate(pieces):
        piece = re.sub(r"^(?:and|&)\s+", "", (piece or "").strip(), flags=re.IGNORECASE)
        if not piece:
            continue
        # "Aaron." loses its full stop (a sentence's, or a typo's); "R.S." keeps it (an initial's).
        tokens.append(re.sub(r"(?<=[^\W\d_]{2})\.$", "", piece))
        following = separators[index] if index < len(separators) else ""
        comma_after.append(bool(re.fullmatch(r"\s*,\s*", following)))
    if len(tokens) == 2 and comma_after[0] and _looks_given(tokens[1]):  # one author, inverted: "Geiger, R. Stuart"
        return [f"{tokens[0]}, {tokens[1]}"]
    names, index = [], 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        inverted = following is not None and comma_after[index] and _single_word(token) and not _is_initials(token)
        if inverted and _looks_given(following):
            # "Shuai, P." (APA), "Ribes, David, Steve Jackson" (Chicago), "Halfaker, Aaron., Geiger, R. Stuart."
            names.append(f"{token}, {following}")
            index += 2
            continue
        if match := _TRAILING_INITIALS.match(token):  # "Zachara J."
            names.append(f"{match.group(1)}, {match.group(2).strip()}")
        elif not _is_initials(token):  # initials left alone are no one
            names.append(token)
        index += 1
    return names


def _looks_given(token):
    """Given names after an inverted family name: initials ("P. S. K."), one name ("David"), or names led by an
    initial ("R. Stuart")."""
    return _is_initials(token) or _single_word(token) or bool(re.match(r"^[A-Z]\.\s", token))
