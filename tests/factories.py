"""Small factories: each makes one valid object, with only what a test cares about given."""

import datetime
import itertools

from profile.models import Person
from publications.models import Authorship, Publication, PublicationLink, Section
from talks.models import Talk, TalkLink
from teaching.models import Course

_counter = itertools.count(1)


def make_person(given_names="A.", family_name=None, **fields):
    return Person.objects.create(
        given_names=given_names, family_name=family_name or f"Author{next(_counter)}", **fields
    )


def make_owner(**fields):
    return make_person("Zhewei", "Yao", is_owner=True, **fields)


def make_section(name=None, order=0):
    return Section.objects.create(name=name or f"Section {next(_counter)}", order=order)


def make_publication(section=None, authors=(), equal=(), links=(), **fields):
    """authors: Persons in order; equal: the positions (1-based) of equal contributors; links: (kind, url)."""
    fields.setdefault("title", f"Paper {next(_counter)}")
    fields.setdefault("year", 2021)
    publication = Publication.objects.create(section=section or make_section(), **fields)
    for position, person in enumerate(authors, start=1):
        Authorship.objects.create(
            publication=publication, person=person, position=position, equal_contribution=position in equal
        )
    for order, (kind, url) in enumerate(links, start=1):
        PublicationLink.objects.create(publication=publication, kind=kind, url=url, order=order)
    return publication


def make_talk(links=(), **fields):
    fields.setdefault("title", f"Talk {next(_counter)}")
    fields.setdefault("date", datetime.date(2020, 10, 1))
    talk = Talk.objects.create(**fields)
    for order, (kind, url) in enumerate(links, start=1):
        TalkLink.objects.create(talk=talk, kind=kind, url=url, order=order)
    return talk


def make_course(**fields):
    fields.setdefault("name", f"Course {next(_counter)}")
    fields.setdefault("season", Course.Season.SPRING)
    fields.setdefault("year", 2018)
    return Course.objects.create(**fields)
