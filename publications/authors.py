"""Author lists as people write them ("S. Kim*, A. Gholami*, and M. W. Mahoney") turned into Persons."""

import re
from collections import defaultdict
from dataclasses import dataclass

from profile.models import NameVariant, Person
from profile.names import initials, is_initials, name_key, split_name

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


class PersonIndex:
    """Finds the Person a written name means.

    In order: the full name or a recorded variant ('Kurt Keutzer', 'K Keutzer'; 'Keutzer, Kurt' too); then, when
    either side is written with initials only, initials and family name ('K. Keutzer' finds 'Kurt Keutzer', and
    'Zhewei Yao' finds 'Z. Yao') if exactly one person fits. Two full given names never match each other by
    initials: 'Zhiwei Yao' is not 'Zhewei Yao'.
    """

    def __init__(self):
        self._exact = {}
        self._by_initials = defaultdict(list)
        for person in Person.objects.prefetch_related("variants"):
            self._add(person, person.variants.all())

    def _add(self, person, variants=()):
        self._exact.setdefault(name_key(person.full_name), person)
        for variant in variants:
            self._exact.setdefault(name_key(variant.name), person)
        self._by_initials[name_key(person.short_name)].append(person)

    def find(self, name):
        given, family = split_name(name)
        for key in (name_key(f"{given} {family}"), name_key(name)):
            if key in self._exact:
                return self._exact[key]
        candidates = [
            person
            for person in self._by_initials.get(name_key(f"{initials(given)} {family}"), [])
            if is_initials(given) or is_initials(person.given_names)
        ]
        return candidates[0] if len(candidates) == 1 else None

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
            self._exact[name_key(name)] = person
