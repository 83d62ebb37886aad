"""Load the demo homepage (seed.toml) into the database: every missing entry is created, nothing is changed.

Entries are matched by their natural keys (a person by any spelling of their name, a publication by the one
same-work rule of publications.services, a talk by title and month, a course by name and term), so a second run,
or a run over edited data, creates nothing and overwrites nothing.
"""

import datetime
import tomllib
from collections import Counter
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from cv.models import CVEntry, CVSection
from history.revisions import recording
from profile.models import Person, Profile, ProfileLink
from profile.people import PersonIndex
from publications.authors import parse_author_list
from publications.models import Publication, Section
from publications.services import AuthorSpec, LinkSpec, PublicationService, PublicationSpec
from talks.models import Talk, TalkLink
from teaching.models import Course

SEED = Path(__file__).with_name("seed.toml")
# Publication field: its key in seed.toml.
PUBLICATION_FIELDS = {
    "title": "title",
    "venue_short": "venue",
    "volume": "volume",
    "number": "number",
    "pages": "pages",
    "note": "note",
    "arxiv_id": "arxiv",
}


def _month(text):
    year, month = text.split("-")
    return datetime.date(int(year), int(month), 1)


def load_demo(path=SEED):
    """Returns a Counter of what was created, by kind. One revision (history/), which can be undone."""
    with transaction.atomic(), recording("Loaded the demo"):
        return _load_demo(path)


def _load_demo(path):
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    created = Counter()
    people = PersonIndex()

    owner = Person.objects.owner()
    if owner is None:
        owner_data = data["owner"]
        owner = people.find(f"{owner_data['given_names']} {owner_data['family_name']}")
        if owner is None:
            owner = Person.objects.create(**owner_data, is_owner=True)
            created["people"] += 1
        else:
            owner.is_owner = True
            owner.save(update_fields=["is_owner"])
        people = PersonIndex()

    if not Profile.objects.filter(pk=1).exists():
        profile_data = dict(data["profile"])
        links = profile_data.pop("links", [])
        profile = Profile.objects.create(**profile_data)
        for order, link in enumerate(links, start=1):
            ProfileLink.objects.create(profile=profile, order=order, **link)
        created["profile"] += 1

    for person in data.get("people", []):
        fields = {k: v for k, v in person.items() if k != "variants"}
        found = people.find(f"{fields['given_names']} {fields['family_name']}")
        if found is None:
            found = Person.objects.create(**fields)
            people.add(found)
            created["people"] += 1
        for variant in person.get("variants", []):
            people.add_variant(found, variant)

    for order, section in enumerate(data.get("sections", []), start=1):
        _, made = Section.objects.get_or_create(name=section["name"], defaults={"order": order})
        created["sections"] += made

    service = PublicationService(people)
    for order, entry in enumerate(data.get("publications", []), start=1):
        fields = {name: entry.get(key, "") for name, key in PUBLICATION_FIELDS.items()}
        fields.update(year=entry["year"], order=order, status=entry.get("status", Publication.Status.PUBLISHED))
        authors = [AuthorSpec(a.name, a.equal_contribution) for a in parse_author_list(entry["authors"])]
        links = [LinkSpec(**link) for link in entry.get("links", [])]
        outcome = service.add(PublicationSpec(fields, entry["section"], authors, links, source=entry["title"]))
        created["publications"] += outcome.created
    created["people"] += len(service.new_people)

    for entry in data.get("talks", []):
        date = _month(entry["date"])
        if Talk.objects.filter(title=entry["title"], date=date).exists():
            continue
        presents = entry.get("presents")
        talk = Talk.objects.create(
            title=entry["title"],
            event=entry.get("event", ""),
            event_url=entry.get("event_url", ""),
            location=entry.get("location", ""),
            date=date,
            publication=Publication.objects.filter(title=presents).first() if presents else None,
        )
        for link_order, link in enumerate(entry.get("links", []), start=1):
            TalkLink.objects.create(talk=talk, order=link_order, **link)
        created["talks"] += 1

    for entry in data.get("courses", []):
        season = Course.Season[entry["season"].upper()]
        _, made = Course.objects.get_or_create(
            name=entry["name"],
            season=season,
            year=entry["year"],
            defaults={k: entry.get(k, "") for k in ("url", "role", "institution")},
        )
        created["courses"] += made

    for order, section in enumerate(data.get("cv_sections", []), start=1):
        cv_section, made = CVSection.objects.get_or_create(
            name=section["name"],
            defaults={
                "slug": slugify(section["name"]),
                "kind": section["kind"],
                "order": order,
                "ordering": CVSection.Ordering.MANUAL,
            },
        )
        created["CV sections"] += made
        for position, entry in enumerate(section["entries"], start=1):
            _, made = CVEntry.objects.get_or_create(
                section=cv_section,
                title=entry["title"],
                organisation=entry.get("organisation", ""),
                defaults={"ongoing": entry.get("ongoing", False), "order": position},
            )
            created["CV entries"] += made

    return +created  # without the kinds of which nothing was created
