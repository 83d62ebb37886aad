"""Moving in from academicpages (Jekyll): the owner's profile, publications, talks and courses.

Reads `_config.yml` (the `author:` block), `_pages/about.md` (the bio), and the front matter of
`_publications/*.md`, `_talks/*.md` and `_teaching/*.md`. One transaction; entries already here are left as they
are, and profile fields already filled are not overwritten, so running it twice changes nothing.
"""

import datetime
import html
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.files import File
from django.db import transaction

from core.dates import DateError
from core.dates import loose_date as read_date
from core.links import ResourceKind, guess_kind
from core.uploads import validate_image
from profile.models import Person, Profile, ProfileLink
from profile.names import is_initials
from profile.people import PersonIndex
from publications.authors import AuthorEntry, read_author
from publications.services import AuthorSpec, LinkSpec, PublicationService, PublicationSpec
from talks.models import Talk, TalkLink
from teaching.models import Course


class AcademicpagesError(Exception):
    pass


@dataclass
class Report:
    created: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    notes: list = field(default_factory=list)

    def lines(self):
        kinds = ["profile", "profile links", "publications", "talks", "courses", "people"]
        out = [
            f"{kind}: {self.created[kind]} added, {self.skipped[kind]} already here"
            for kind in kinds
            if self.created[kind] or self.skipped[kind]
        ]
        return out + self.notes


SECTION_BY_CATEGORY = {
    "conferences": "Conference",
    "conference": "Conference",
    "manuscripts": "Journal",
    "journal": "Journal",
    "journals": "Journal",
    "books": "Book Chapter",
    "book": "Book Chapter",
    "workshops": "Workshop",
    "preprints": "Preprint and Technical Report",
    "preprint": "Preprint and Technical Report",
}
DEFAULT_SECTION = "Publications"
# author: block keys -> (link kind, URL for a bare user name)
PROFILE_LINKS = {
    "googlescholar": ("scholar", "{}"),
    "github": ("github", "https://github.com/{}"),
    "orcid": ("orcid", "https://orcid.org/{}"),
    "linkedin": ("linkedin", "https://www.linkedin.com/in/{}"),
    "twitter": ("x", "https://x.com/{}"),
    "bluesky": ("bluesky", "https://bsky.app/profile/{}"),
    "semantic": ("semantic_scholar", "{}"),
    "dblp": ("dblp", "{}"),
    "mastodon": ("mastodon", "{}"),
}


def clean(value):
    """A front-matter value as text: None and empty are '', HTML entities decoded, whitespace trimmed."""
    if value is None:
        return ""
    return html.unescape(str(value)).strip()


def loose_date(value):
    try:
        return read_date(clean(value) if not hasattr(value, "year") else value)
    except DateError as error:
        raise AcademicpagesError(str(error)) from error


def read_markdown(path):
    """(front matter as a dict, body) of a Jekyll Markdown file."""
    text = path.read_text(encoding="utf-8-sig")
    match = re.match(r"^---\s*\n(.*?)\n---\s*(?:\n|$)(.*)", text, re.DOTALL)
    if not match:
        return {}, text
    try:
        front = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        raise AcademicpagesError(f"{path}: the front matter is not valid YAML ({error}).") from error
    if not isinstance(front, dict):
        raise AcademicpagesError(f"{path}: the front matter is not a set of fields.")
    return front, match.group(2).strip()


def citation_authors(citation):
    """Authors from an academicpages citation ('Smith, J., <b>Doe, A.</b>, & Roe, R. (2020). "Title." …')."""
    text = re.sub(r"<[^>]+>", "", clean(citation))
    text = re.split(r"\(\s*\d{4}|[\"“]", text, maxsplit=1)[0]
    # Plain style ("Jane Doe and Amy Smith. Title. 2025."): the authors end at the first full stop after a word.
    text = re.split(r"(?<=[^\W\d_]{2})\.(?:\s|$)", text, maxsplit=1)[0].strip().rstrip(",")
    pieces = [p.strip().lstrip("& ") for p in re.split(r",\s*|\s+&\s+|\s+and\s+|;\s*", text)]
    authors = []  # [(AuthorEntry, has given names)]
    for piece in filter(None, pieces):
        entry = read_author(piece)
        if authors and is_initials(entry.name) and not authors[-1][1]:
            previous = authors[-1][0]  # "Smith, J." -> "J. Smith"
            equal = previous.equal_contribution or entry.equal_contribution
            authors[-1] = (AuthorEntry(f"{entry.name} {previous.name}", equal), True)
        else:
            authors.append((entry, False))
    return [entry for entry, _ in authors]


class Importer:
    def __init__(self, root):
        self.root = Path(root)
        if not (self.root / "_config.yml").exists() and not any(
            (self.root / name).is_dir() for name in ("_publications", "_talks", "_teaching")
        ):
            raise AcademicpagesError(
                f"{self.root} has no _config.yml, _publications, _talks or _teaching: "
                "it does not look like an academicpages site."
            )
        self.report = Report()
        self.people = None

    def run(self):
        with transaction.atomic():
            self.people = PersonIndex()
            owner = self.owner_and_profile()
            self.publications(owner)
            self.talks()
            self.courses()
        return self.report

    def files(self, folder):
        return sorted((self.root / folder).glob("*.md")) if (self.root / folder).is_dir() else []

    # ------------------------------------------------------------------ profile
    def owner_and_profile(self):
        config_path = self.root / "_config.yml"
        try:
            config = yaml.safe_load(config_path.read_text(encoding="utf-8-sig")) or {} if config_path.exists() else {}
        except yaml.YAMLError as error:
            raise AcademicpagesError(f"{config_path} is not valid YAML ({error}).") from error
        author = config.get("author") or {}
        owner = Person.objects.owner()
        name = clean(author.get("name")) or clean(config.get("name"))
        if owner is None and name:
            owner, created = self.people.get_or_create(name)
            owner.is_owner = True
            owner.save(update_fields=["is_owner"])
            self.report.created["people"] += created
        profile, created = Profile.objects.get_or_create(pk=1)
        self.report.created["profile"] += created
        self.report.skipped["profile"] += not created
        changed = False
        for attribute, key in [
            ("headline", "bio"),
            ("affiliation", "employer"),
            ("location", "location"),
            ("email", "email"),
        ]:
            if not getattr(profile, attribute) and clean(author.get(key)):
                setattr(profile, attribute, clean(author.get(key))[:120])
                changed = True
        about = self.root / "_pages" / "about.md"
        if not profile.bio and about.exists():
            profile.bio = read_markdown(about)[1]
            changed = True
        avatar = clean(author.get("avatar"))
        if not profile.photo and avatar:
            self.photo(profile, self.root / "images" / avatar)  # saves the profile when it sets one
        if changed:
            profile.save()
        kinds = set(profile.links.values_list("kind", flat=True))
        order = profile.links.count()
        for key, (kind, pattern) in PROFILE_LINKS.items():
            value = clean(author.get(key))
            if not value:
                continue
            if kind in kinds:
                self.report.skipped["profile links"] += 1
                continue
            order += 1
            url = value if value.startswith("http") else pattern.format(value.lstrip("@"))
            ProfileLink.objects.create(profile=profile, kind=kind, url=url, order=order)
            self.report.created["profile links"] += 1
        return owner

    def photo(self, profile, path):
        if not path.is_file():
            self.report.notes.append(f"The avatar {path.name} was not found; no photo was set.")
            return
        with path.open("rb") as handle:
            upload = File(handle, name=path.name)
            try:
                validate_image(upload)
            except Exception as error:
                self.report.notes.append(f"The avatar {path.name} was not used: {' '.join(error.messages)}")
                return
            profile.photo = upload
            profile.save()

    # ------------------------------------------------------------------ publications
    def publications(self, owner):
        service = PublicationService(self.people)
        for path in self.files("_publications"):
            front, body = read_markdown(path)
            title = clean(front.get("title"))
            if not title:
                raise AcademicpagesError(f"{path}: no title.")
            year, month, _ = loose_date(front.get("date") or front.get("year") or "")
            authors = citation_authors(front.get("citation")) if front.get("citation") else []
            if not authors and owner:
                authors = [read_author(owner.full_name)]
            links = [
                LinkSpec(guess_kind(clean(front.get("paperurl")), ResourceKind.PDF), clean(front.get("paperurl"))),
                LinkSpec(ResourceKind.SLIDES, clean(front.get("slidesurl"))),
                LinkSpec(ResourceKind.OTHER, clean(front.get("bibtexurl")), "BibTeX"),
            ]
            spec = PublicationSpec(
                {
                    "title": title,
                    "year": year,
                    "month": month,
                    "venue_short": clean(front.get("venue"))[:200],
                    "abstract": clean(front.get("excerpt")) or body,
                },
                SECTION_BY_CATEGORY.get(clean(front.get("category")).lower(), DEFAULT_SECTION),
                [AuthorSpec(author.name, author.equal_contribution) for author in authors],
                [link for link in links if link.url],
                source=str(path),
            )
            outcome = service.add(spec)
            self.report.created["publications"] += outcome.created
            self.report.skipped["publications"] += not outcome.created
        self.report.created["people"] += len(service.new_people)

    # ------------------------------------------------------------------ talks and courses
    def talks(self):
        for path in self.files("_talks"):
            front, body = read_markdown(path)
            title = clean(front.get("title"))
            year, month, day = loose_date(front.get("date") or "")
            date = datetime.date(year, month or 1, day or 1)
            if Talk.objects.filter(title=title, date=date).exists():
                self.report.skipped["talks"] += 1
                continue
            talk = Talk.objects.create(
                title=title,
                event=clean(front.get("venue"))[:200],
                location=clean(front.get("location"))[:200],
                event_url=clean(front.get("talk_url")) or clean(front.get("venue_url")),
                date=date,
                description=clean(front.get("excerpt")) or body,
            )
            links = [
                (ResourceKind.SLIDES, front.get("slidesurl")),
                (ResourceKind.VIDEO, front.get("videourl")),
                (ResourceKind.PDF, front.get("paperurl")),
            ]
            for order, (kind, url) in enumerate([(k, clean(u)) for k, u in links if clean(u)], start=1):
                TalkLink.objects.create(talk=talk, kind=kind, url=url, order=order)
            self.report.created["talks"] += 1

    def courses(self):
        for path in self.files("_teaching"):
            front, body = read_markdown(path)
            year, month, _ = loose_date(front.get("date") or "")
            if month is None:
                self.report.notes.append(f"{path.name}: no month in the date, so the term is a guess (Fall).")
            season = (
                Course.Season.FALL
                if month is None or month >= 9
                else (Course.Season.SUMMER if month >= 6 else Course.Season.SPRING)
            )
            name = clean(front.get("title"))
            if Course.objects.filter(name=name, season=season, year=year).exists():
                self.report.skipped["courses"] += 1
                continue
            Course.objects.create(
                name=name, season=season, year=year, institution=clean(front.get("venue"))[:200], description=body
            )
            self.report.created["courses"] += 1


def import_academicpages(root):
    return Importer(root).run()
