"""How names are written and compared: initials, and the key two spellings of one name share."""

import functools
import re
import unicodedata

_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=8192)
def initials(given_names):
    """'Michael W.' -> 'M. W.'; 'Kai-Wei' -> 'K.-W.'; '' -> ''."""
    parts = []
    for token in given_names.split():
        pieces = [piece for piece in token.split("-") if piece]
        parts.append("-".join(piece[0] + "." for piece in pieces))
    return " ".join(parts)


def name_key(name):
    """A comparison key: case, accents, dots and spacing don't count ('K Keutzer' == 'k. keutzer')."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace(".", " ").replace(",", " ")
    return _SPACES.sub(" ", stripped).strip().casefold()


def split_name(name):
    """Split a written name into (given names, family name): 'M. W. Mahoney' -> ('M. W.', 'Mahoney').

    'Last, First' is understood too. A single word is a family name.
    """
    name = _SPACES.sub(" ", name).strip()
    if "," in name:
        family, _, given = name.partition(",")
        return given.strip(), family.strip()
    given, _, family = name.rpartition(" ")
    return given.strip(), family.strip()


_INITIAL = re.compile(r"^\w\.?(?:-\w\.?)*$")


def is_initials(given_names):
    """'M. W.', 'K', 'K.-W.' are initials; 'Michael W.' is not. No given names counts as initials."""
    return all(_INITIAL.match(token) for token in given_names.split())
