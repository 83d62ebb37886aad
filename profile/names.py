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


# Letters that are not a base letter plus an accent, so Unicode decomposition leaves them alone.
_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
        "Þ": "Th",
        "ð": "d",
        "Ð": "D",
    }
)


@functools.lru_cache(maxsize=16384)
def name_key(name):
    """A comparison key: case, accents, dots and spacing don't count ('K Keutzer' == 'k. keutzer', 'Łukasz' ==
    'Lukasz')."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_FOLD))
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


class PersonName:
    """How a person's name is written, for a Person or a plain row with `given_names` and `family_name`."""

    __slots__ = ()

    @property
    def full_name(self):
        return f"{self.given_names} {self.family_name}".strip()

    @property
    def short_name(self):
        """The name as author lists write it: initials and family name ('M. W. Mahoney')."""
        return f"{initials(self.given_names)} {self.family_name}".strip()

    def name(self, style="initials"):
        """The name as the profile's author style asks: "full" (as entered) or "initials"."""
        return self.full_name if style == "full" else self.short_name


_RUN_TOGETHER = re.compile(r"^[A-Z]{2,3}$")
_DOTTED_TOGETHER = re.compile(r"^[A-Z](?:\.[A-Z]){1,3}\.?$")


def expand_initials(given_names):
    """Initials written run together, as Google Scholar and Web of Science do ('AH' in 'Taub, AH'), or with no
    space between them ('G.B.'), as 'A. H.' and 'G. B.'."""
    if _RUN_TOGETHER.match(given_names or ""):
        return " ".join(f"{letter}." for letter in given_names)
    if _DOTTED_TOGETHER.match(given_names or ""):
        return " ".join(f"{letter}." for letter in given_names.replace(".", ""))
    # A lone capital without its dot ("M. B", "Tamar I") is an initial.
    return " ".join(f"{word}." if len(word) == 1 and word.isupper() else word for word in (given_names or "").split())
