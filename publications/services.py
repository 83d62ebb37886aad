"""The one way a publication is created or given its authors and links, and the one rule for "the same work".

Every path that adds publications uses it: the admin (quick author entry, duplicate check), the BibTeX importer,
the site importers, the CV importers and the demo.

The same work means: the same DOI; or the same arXiv id and a matching title; or the same normalised title and the
same first author's family name, unless each has a DOI of its own (a conference paper and its journal version are
two publications). Two different papers that happen to share a title, or a mistyped arXiv id, stay two. A preprint
and its published version are one publication: the published venue, year and DOI win; the arXiv id and its link
stay.
"""

import difflib
import re
from dataclasses import dataclass, field

from core.signals import bulk_change
from history.revisions import add_to_current
from profile.models import Person
from profile.names import name_key, split_name
from profile.people import PersonIndex

from .models import (
    Authorship,
    Publication,
    PublicationLink,
    Section,
    normalise_arxiv_id,
    normalise_doi,
    title_key,
    unique_slug,
)

PREPRINT_SECTION = "Preprint and Technical Report"
_PREPRINT_VENUE = re.compile(r"\b(arxiv|corr|biorxiv|medrxiv|ssrn|preprint|submitted|under review)\b", re.I)
_ARXIV_DOI = re.compile(r"^10\.48550/", re.I)


@dataclass
class AuthorSpec:
    """An author as written ("S. Kim"), or split when the source splits it; `person` when already chosen."""

    name: str
    equal_contribution: bool = False
    given_names: str | None = None
    family_name: str | None = None
    person: object = None

    @property
    def family_key(self):
        if self.person is not None:
            return name_key(self.person.family_name)
        if self.family_name is not None:
            return name_key(self.family_name)
        return name_key(split_name(self.name)[1])


@dataclass
class LinkSpec:
    kind: str
    url: str
    label: str = ""


@dataclass
class PublicationSpec:
    """A publication to add: model field values, its section's name, authors and links; `source` names where it
    came from ("refs.bib line 12, kim2022") for reports."""

    fields: dict
    section: str = PREPRINT_SECTION
    authors: list = field(default_factory=list)
    links: list = field(default_factory=list)
    source: str = ""

    @property
    def title(self):
        return self.fields.get("title", "")


@dataclass
class Work:
    """What the same-work rule compares."""

    title_key: str
    doi: str
    arxiv_id: str
    first_author: str  # name_key of the first author's family name, "" when there are no authors
    preprint: bool = False
    publication: object = None
    spec: object = None


def is_preprint(fields, section=""):
    """A version not (yet) published elsewhere: no DOI of its own, and an arXiv-like venue or a preprint status."""
    if fields.get("doi") and not _ARXIV_DOI.match(fields["doi"]):
        return False
    venue = f"{fields.get('venue_short', '')} {fields.get('venue_full', '')}"
    return (
        fields.get("status") == Publication.Status.PREPRINT
        or section == PREPRINT_SECTION
        or bool(_PREPRINT_VENUE.search(venue))
        or not venue.strip()
    )


def titles_match(a, b):
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.9


def same_work(new, old):
    """Why `new` is the same work as `old` (a sentence for reports), or None if it is another work."""
    if new.doi and old.doi and new.doi.lower() == old.doi.lower():
        return f"same DOI {old.doi}"
    if new.arxiv_id and new.arxiv_id == old.arxiv_id and titles_match(new.title_key, old.title_key):
        return f"same arXiv id {old.arxiv_id} and title"
    if new.title_key and new.title_key == old.title_key and new.first_author == old.first_author:
        if new.doi and old.doi:  # each has a DOI of its own: a conference paper and its journal version
            return None
        return "same title and first author"
    return None


def work_of(spec):
    fields = spec.fields
    first = spec.authors[0].family_key if spec.authors else ""
    return Work(
        title_key(fields.get("title", "")),
        normalise_doi(fields.get("doi", "")),
        normalise_arxiv_id(fields.get("arxiv_id", "")),
        first,
        is_preprint(fields, spec.section),
    )


class WorkIndex:
    """Every stored publication as a Work, for checking many new entries against them in memory (two queries)."""

    @classmethod
    def empty(cls):
        index = cls.__new__(cls)
        index.by_doi, index.by_arxiv, index.by_title = {}, {}, {}
        return index

    def __init__(self, publications=None):
        publications = Publication.objects.all() if publications is None else publications
        firsts = {}
        for publication_id, family in (
            Authorship.objects.filter(publication__in=publications.values("pk"))
            .order_by("publication_id", "-position", "-pk")
            .values_list("publication_id", "person__family_name")
        ):
            firsts[publication_id] = family  # the lowest position is seen last
        self.by_doi, self.by_arxiv, self.by_title = {}, {}, {}
        for publication in publications.select_related("section"):
            self.add(self.work(publication, firsts.get(publication.pk, "")))

    @staticmethod
    def work(publication, first_family):
        fields = {name: getattr(publication, name) for name in ("doi", "status", "venue_short", "venue_full")}
        return Work(
            publication.title_key,
            publication.doi,
            publication.arxiv_id,
            name_key(first_family),
            is_preprint(fields, publication.section.name),
            publication,
        )

    def add(self, work):
        if work.doi:
            self.by_doi.setdefault(work.doi.lower(), work)
        if work.arxiv_id:
            self.by_arxiv.setdefault(work.arxiv_id, []).append(work)
        self.by_title.setdefault(work.title_key, []).append(work)

    def find(self, new):
        """(stored Work, reason) for the stored work `new` repeats, or None."""
        candidates = []
        if new.doi and new.doi.lower() in self.by_doi:
            candidates.append(self.by_doi[new.doi.lower()])
        candidates += self.by_arxiv.get(new.arxiv_id, []) if new.arxiv_id else []
        candidates += self.by_title.get(new.title_key, [])
        for old in candidates:
            if reason := same_work(new, old):
                return old, reason
        return None


def find_same_work(spec, exclude=None):
    """(publication, reason) for the stored publication that `spec` repeats, or None: a few indexed queries, for
    checking one publication (the admin); importers use a WorkIndex."""
    new = work_of(spec)
    candidates = Publication.objects.none()
    for lookup, value in (("doi__iexact", new.doi), ("arxiv_id", new.arxiv_id), ("title_key", new.title_key)):
        if value:
            candidates |= Publication.objects.filter(**{lookup: value})
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude)
    index = WorkIndex(candidates)
    found = index.find(new)
    return (found[0].publication, found[1]) if found else None


@dataclass
class Outcome:
    publication: Publication
    created: bool = False
    merged: bool = False  # a preprint stored before became its published version, or gained an arXiv id
    reason: str = ""  # why it is the same work as one already stored (or earlier in the same import)
    spec: PublicationSpec = None
    same_as: PublicationSpec = None  # the earlier entry of the same import it repeats


class PublicationService:
    """Adds publications with their authors (matched to people by PersonIndex), equal-contribution marks and links,
    and sections by name, creating what is missing. One instance serves a whole import; add_many() writes a whole
    bibliography in a handful of bulk inserts."""

    def __init__(self, people=None):
        self.people = people or PersonIndex()
        self.sections = {section.name: section for section in Section.objects.all()}
        self.new_people = []
        self.new_sections = []
        self._works = None
        self._slugs = None

    # ------------------------------------------------------------------ pieces
    def section(self, name):
        if name not in self.sections:
            order = max((s.order for s in self.sections.values()), default=0) + 1
            self.sections[name] = Section.objects.create(name=name, order=order)
            self.new_sections.append(name)
        return self.sections[name]

    def _person(self, author, taken, unsaved):
        """The person an author names: one already known, or a new one (unsaved, added to `unsaved`); a namesake
        when the person found is already an author of this paper (two people written alike)."""
        person = author.person or self.people.find(author.name)
        namesake = person is not None and id(person) in taken
        if person is None or namesake:
            if author.family_name is not None:
                given, family = author.given_names, author.family_name
            else:
                given, family = split_name(author.name)
            person = Person(given_names=given or "", family_name=family)
            unsaved.append(person)
            self.new_people.append(f"{person.full_name} (a namesake)" if namesake else person.full_name)
            if not namesake:
                self.people.add(person)  # later entries of the same import find them
        taken.add(id(person))
        return person

    def _people(self, author_lists):
        """[[Person, …], …] for lists of AuthorSpecs, the new people created in one insert."""
        unsaved, people = [], []
        for authors in author_lists:
            taken = set()
            people.append([self._person(author, taken, unsaved) for author in authors])
        Person.objects.bulk_create(unsaved)
        add_to_current(unsaved)
        return people

    def set_authors(self, publication, authors):
        """Replace the publication's authors. Two authors written alike on one paper are two people (namesakes), never
        one person twice."""
        publication.authorships.all().delete()
        [people] = self._people([authors])
        rows = [
            Authorship(
                publication=publication, person=person, position=position, equal_contribution=author.equal_contribution
            )
            for position, (author, person) in enumerate(zip(authors, people, strict=True), start=1)
        ]
        Authorship.objects.bulk_create(rows)
        add_to_current(rows)
        return rows

    def add_links(self, publication, links, start=0):
        rows = [
            PublicationLink(
                publication=publication, kind=link.kind, url=link.url, label=link.label, order=start + order
            )
            for order, link in enumerate(links, start=1)
        ]
        PublicationLink.objects.bulk_create(rows)
        add_to_current(rows)
        return rows

    def create(self, spec):
        return self._create_many([spec])[0]

    def _create_many(self, specs):
        if self._slugs is None:
            self._slugs = set(Publication.objects.values_list("slug", flat=True))
        people = self._people([spec.authors for spec in specs])
        publications = []
        for spec in specs:
            publication = Publication(section=self.section(spec.section), **spec.fields)
            publication.normalise()
            publication.slug = unique_slug(publication.title, self._slugs)
            publications.append(publication)
        Publication.objects.bulk_create(publications, batch_size=500)
        authorships, links = [], []
        for spec, publication, persons in zip(specs, publications, people, strict=True):
            authorships += [
                Authorship(
                    publication=publication,
                    person=person,
                    position=position,
                    equal_contribution=author.equal_contribution,
                )
                for position, (author, person) in enumerate(zip(spec.authors, persons, strict=True), start=1)
            ]
            links += [
                PublicationLink(publication=publication, kind=link.kind, url=link.url, label=link.label, order=order)
                for order, link in enumerate(spec.links, start=1)
            ]
            if self._works is not None:
                work = work_of(spec)
                work.title_key, work.doi, work.arxiv_id = publication.title_key, publication.doi, publication.arxiv_id
                work.publication = publication
                self._works.add(work)
        Authorship.objects.bulk_create(authorships, batch_size=1000)
        PublicationLink.objects.bulk_create(links, batch_size=1000)
        # In the import's revision, with their authorships and links (history/).
        add_to_current(publications)
        bulk_change.send(sender=Publication, pks=[p.pk for p in publications])
        return publications

    # ------------------------------------------------------------------ the same work
    @property
    def works(self):
        if self._works is None:
            self._works = WorkIndex()
        return self._works

    def add(self, spec):
        """Create the publication unless it is already here; a stored preprint becomes its published version."""
        return self.add_many([spec])[0]

    def add_many(self, specs, progress=None):
        """An Outcome for each spec: created, or the same work as one stored before or earlier in the list (merged
        into it when it is that work's published version). `progress(done, total, phase)`, if given, hears how far
        it has got (jobs.runner.Progress)."""
        outcomes, pending, pending_works = [], [], []
        batch = WorkIndex.empty()
        specs = list(specs)
        for done, spec in enumerate(specs):
            if progress is not None:
                progress(done, len(specs), "Matching the entries with the publications here")
            new = work_of(spec)
            found = self.works.find(new)
            if found is not None:
                old, reason = found
                outcomes.append(Outcome(old.publication, merged=self._merge(old, new, spec), reason=reason, spec=spec))
                continue
            found = batch.find(new)
            if found is not None:
                old, reason = found
                merged = _merge_specs(old.spec, spec, old, new)
                outcomes.append(
                    Outcome(None, merged=merged, reason=f"{reason} as {old.spec.source}", spec=spec, same_as=old.spec)
                )
                continue
            new.spec = spec
            batch.add(new)
            pending.append(spec)
            pending_works.append(new)
            outcomes.append(Outcome(None, created=True, spec=spec))
        if progress is not None:
            progress(len(specs), len(specs), f"Writing {len(pending)} new publication(s)")
        created = dict(zip(map(id, pending), self._create_many(pending), strict=True)) if pending else {}
        for outcome in outcomes:
            if outcome.publication is None:
                outcome.publication = created[id(outcome.same_as or outcome.spec)]
        return outcomes

    def _merge(self, old, new, spec):
        publication = old.publication
        changed = []
        if old.preprint and not new.preprint:
            # The published version arrived: its venue, year, DOI, status and section win.
            for name in ("venue_short", "venue_full", "year", "month", "volume", "number", "pages", "doi", "status"):
                value = spec.fields.get(name)
                if value not in (None, "") and getattr(publication, name) != value:
                    setattr(publication, name, value)
                    changed.append(name)
            if spec.section != publication.section.name:
                publication.section = self.section(spec.section)
                changed.append("section")
            old.preprint = False
        if new.arxiv_id and not publication.arxiv_id:
            publication.arxiv_id = new.arxiv_id
            changed.append("arxiv_id")
        if changed:
            publication.save()
            old.doi, old.arxiv_id = publication.doi, publication.arxiv_id
            if publication.doi:
                self.works.by_doi.setdefault(publication.doi.lower(), old)
            known = set(publication.links.values_list("url", flat=True))
            missing = [link for link in spec.links if link.url not in known]
            self.add_links(publication, missing, start=publication.links.count())
        return bool(changed)


def _merge_specs(kept, later, old, new):
    """Two entries of one import that are the same work: a preprint listed before its published version takes the
    published venue, year and DOI, and keeps its arXiv id; links either has are kept."""
    changed = False
    if old.preprint and not new.preprint:
        for name in ("venue_short", "venue_full", "year", "month", "volume", "number", "pages", "doi", "status"):
            value = later.fields.get(name)
            if value not in (None, ""):
                kept.fields[name] = value
        kept.section = later.section
        old.preprint, old.doi = False, new.doi or old.doi
        changed = True
    if new.arxiv_id and not kept.fields.get("arxiv_id"):
        kept.fields["arxiv_id"] = new.arxiv_id
        changed = True
    urls = {link.url for link in kept.links}
    extra = [link for link in later.links if link.url not in urls]
    if extra and changed:
        kept.links += extra
    return changed
