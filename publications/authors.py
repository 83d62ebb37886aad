"""Author lists as people write them ("S. Kim*, A. Gholami*, and M. W. Mahoney") turned into Persons."""

import re
from dataclasses import dataclass
from profile.models import NameVariant, Person
from profile.names import name_key, split_name

# Marks people put after a co-first author's name: *, †, <sup>*</sup>, \textsuperscript{*}, $^*$, $^\dagger$.
_EQUAL_MARK = re.compile(
    r"\s*(?:<sup>\s*[*†]\s*</sup>|\\textsuperscript\{\s*[*†]\s*\}|\$\^\{?\s*(?:\*|\\dagger)\s*\}?\$|[*†])\s*$"
)
_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*;\s*")


@dataclass(frozen=True)
class AuthorEntry:
    name: str
    equal_contribution: bool = False


def parse_author_list(text):
    """Split an author string into entries, in order, reading equal-contribution marks."""
    entries = []
    for raw in _SEPARATOR.split(text.strip().rstrip(",;")):
        name = re.sub(r"</?(?:b|strong)>|\*\*", "", raw).strip()
        equal = False
        while (match := _EQUAL_MARK.search(name)) and name:
            equal = True
            name = name[: match.start()].strip()
        if name:
            entries.append(AuthorEntry(name, equal))
    return entries


class PersonIndex:
    """Finds the Person a written name means: by full name, by initials and family name, or a recorded variant."""

    def __init__(self):
        self._by_key = {}
        for person in Person.objects.prefetch_related("variants"):
            self._add(person)

    def _add(self, person):
        for key in person.name_keys():
            self._by_key.setdefault(key, person)
        for variant in person.variants.all():
            self._by_key.setdefault(name_key(variant.name), person)

    def find(self, name):
        return self._by_key.get(name_key(name))

    def get_or_create(self, name, **fields):
        """(person, created): the person this name means, created with the name as written if there is none."""
        person = self.find(name)
        if person is not None:
            return person, False
        given, family = split_name(name)
        person = Person.objects.create(given_names=given, family_name=family, **fields)
        self._add(person)
        return person, True

    def add_variant(self, person, name):
        """Record another spelling of a person's name, unless it already leads to them."""
        if self.find(name) is None:
            NameVariant.objects.create(person=person, name=name)
            self._by_key[name_key(name)] = person


def format_author_list(authorships):
    """The quick-entry text for authorships: full names in order, * after each equal contributor."""
    return ", ".join(f"{a.person.full_name}{'*' if a.equal_contribution else ''}" for a in authorships)
