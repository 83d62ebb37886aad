"""Author lists as people write them ("S. Kim*, A. Gholami*, and M. W. Mahoney") turned into Persons."""

import re
from dataclasses import dataclass

# Marks people put after a co-first author's name: *, †, <sup>*</sup>, \textsuperscript{*}, $^*$, $^\dagger$.
_EQUAL_MARK = re.compile(
    r"\s*(?:<sup>\s*[*†]\s*</sup>|\\textsuperscript\{\s*(?:[*†]|\\dagger)\s*\}"
    r"|\$\^\{?\s*(?:\*|\\dagger|\\ast)\s*\}?\$|\^\{?\s*(?:\*|\\dagger)\s*\}?|[*†])\s*$"
)
_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*;\s*")


@dataclass(frozen=True)
class AuthorEntry:
    name: str
    equal_contribution: bool = False


def read_author(raw):
    """One written author: the name without bold markup or equal-contribution marks, and whether it had one."""
    name = re.sub(r"</?(?:b|strong)>|\*\*", "", raw).strip()
    equal = False
    while name and (match := _EQUAL_MARK.search(name)):
        equal = True
        name = name[: match.start()].strip()
    return AuthorEntry(name, equal)


def parse_author_list(text):
    """Split an author string into entries, in order, reading equal-contribution marks."""
    entries = [read_author(raw) for raw in _SEPARATOR.split(text.strip().rstrip(",;"))]
    return [entry for entry in entries if entry.name]


def format_author_list(authorships):
    """The quick-entry text for authorships: full names in order, * after each equal contributor."""
    return ", ".join(f"{a.person.full_name}{'*' if a.equal_contribution else ''}" for a in authorships)
