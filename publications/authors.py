"""Author lists as people write them ("S. Kim*, A. Gholami*, and M. W. Mahoney") turned into Persons."""

import re
from dataclasses import dataclass

# Marks people put after a co-first author's name: *, †, ‡, <sup>*</sup>, \textsuperscript{*}, $^*$, $^\dagger$, {*}.
_EQUAL_MARK = re.compile(
    r"\s*(?:<sup>\s*[*†]\s*</sup>|\\textsuperscript\{\s*(?:[*†]|\\dagger)\s*\}"
    r"|\$\^\{?\s*(?:\*|\\dagger|\\ast)\s*\}?\$|\^\{?\s*(?:\*|\\dagger)\s*\}?|\{[*†]\}|\\dagger|\\ast|[*†‡])\s*$"
)
_MARK_WINDOW = 48  # longer than any mark above, with its spaces
_SEPARATOR = re.compile(r" ?, ?(?:and )?| and | ?; ?")


def strip_equal_marks(text):
    """(text without the equal-contribution marks at its end, whether it had any).

    Linear in the text's length, however hostile: a mark is looked for only in the last few characters, and the
    text is cut once, at the end."""
    end = len(text.rstrip())
    marked = False
    while end and (match := _EQUAL_MARK.search(text, max(0, end - _MARK_WINDOW), end)):
        marked, end = True, match.start()
        while end and text[end - 1].isspace():
            end -= 1
    return text[:end], marked


@dataclass(frozen=True)
class AuthorEntry:
    name: str
    equal_contribution: bool = False


def read_author(raw):
    """One written author: the name without bold markup or equal-contribution marks, and whether it had one."""
    name, equal = strip_equal_marks(re.sub(r"</?(?:b|strong)>|\*\*", "", raw).strip())
    return AuthorEntry(name.strip(), equal)


def parse_author_list(text):
    """Split an author string into entries, in order, reading equal-contribution marks."""
    text = " ".join(text.split()).rstrip(",;")  # spacing folded first: the separators then never backtrack
    entries = [read_author(raw) for raw in _SEPARATOR.split(text)]
    return [entry for entry in entries if entry.name]


def format_author_list(authorships):
    """The quick-entry text for authorships: full names in order, * after each equal contributor."""
    return ", ".join(f"{a.person.full_name}{'*' if a.equal_contribution else ''}" for a in authorships)
