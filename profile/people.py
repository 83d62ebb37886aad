"""Finding the Person a written name means: the one matching rule every path that names people uses (the admin's
quick entry, the importers, the demo)."""

from collections import defaultdict

from .models import NameVariant, Person
from .names import initials, is_initials, name_key, split_name


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
            self.add(person, person.variants.all())

    def add(self, person, variants=()):
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

    def get_or_create(self, name, given_names=None, family_name=None):
        """(person, created): the person this name means, created if there is none: with the given and family names
        when the source splits them (BibTeX's "von Neumann, John"), otherwise split from the name as written."""
        person = self.find(name)
        if person is not None:
            return person, False
        if family_name is None:
            given_names, family_name = split_name(name)
        person = Person.objects.create(given_names=given_names or "", family_name=family_name)
        self.add(person)
        return person, True

    def add_variant(self, person, name):
        """Record another spelling of a person's name, unless it already leads to them."""
        if self.find(name) is None:
            NameVariant.objects.create(person=person, name=name)
            self._exact[name_key(name)] = person
