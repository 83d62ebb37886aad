"""Moving in from academicpages (Jekyll): the owner's profile, publications, talks, courses, posts, portfolio and CV.

Reads `_config.yml` (the `author:` block), `_pages/about.md` (the bio), `_publications/`, `_talks/`,
`_teaching/`, `_posts/` (as blog posts, their permalinks kept as old addresses that redirect), `_portfolio/` (as
projects) and the CV: `_data/cv.json` (JSON Resume) or the sections of `_pages/cv.md`, through cv.formats. The
template's own sample posts, portfolio item and CV are left out. Citations are read in the forms real sites use
(importers.citations), and an `authors:` field too; a publication's body is its abstract, without the template's
boilerplate, and the links in it become typed links; its files under /files/ are copied into the media folder. One
transaction; entries already here are left as they are and profile fields already filled are not overwritten, so
running it twice changes nothing.
"""

import datetime
import re

import reversion
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import slugify

from core.dates import DateError, loose_date
from core.links import ResourceKind, guess_kind
from core.uploads import validate_image
from core.validators import is_safe_url
from cv.formats import jsonresume, markdown_cv
from cv.formats import save as save_cv
from history.revisions import recording
from posts.models import Post, Tag
from profile.models import Person, Profile
from profile.people import PersonIndex
from profile.socials import SOCIALS, add_profile_links, social_link
from projects.models import Project, ProjectLink
from publications.services import AuthorSpec, LinkSpec, PublicationService, PublicationSpec
from talks.models import Talk, TalkLink
from teaching.models import Course

from .citations import clean, parse_authors
from .jekyll import Report, Site, SiteError, plain, strip_liquid

AcademicpagesError = SiteError

# The academicpages template's own sample posts and portfolio items, which sites often leave in place.
TEMPLATE_SAMPLE = re.compile(r"^(?:Blog Post number \d+|Future Blog Post|Portfolio item number \d+)$", re.IGNORECASE)
POST_FILE = re.compile(r"^(\d{4}-\d{2}(?:-\d{2})?)-(.+)$")  # Jekyll's "2017-06-08-title", or "2017-05-title"
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
# The lines academicpages' templates and its publication generator put in a body around the abstract.
BOILERPLATE = re.compile(
    r"^[^\n]*?\b(?:(?:download|find|read) (?:the )?(?:paper|slides|it)(?: online)? here|recommended citation:|use "
    r"\[google scholar\])[^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
_CODE_BLOCK = re.compile(r"```.*?```", re.DOTALL)
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]+)>?\s*\)")
_HTML_LINK = re.compile(r"<a\s[^>]*href=[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)
_ABSTRACT_PREFIX = re.compile(r"^\s*(?:\*\*)?\s*abstract\s*:\s*", re.IGNORECASE)
_TERM = re.compile(r"\b(spring|summer|fall|autumn|winter)\s*(?:semester|quarter|term)?\s*'?((?:19|20)\d\d)\b", re.I)
SEASONS = {
    "spring": Course.Season.SPRING,
    "summer": Course.Season.SUMMER,
    "fall": Course.Season.FALL,
    "autumn": Course.Season.FALL,
    "winter": Course.Season.WINTER,
}
LINK_FIELDS = {
    "paperurl": ResourceKind.PAPER,
    "pdf": ResourceKind.PDF,
    "slidesurl": ResourceKind.SLIDES,
    "videourl": ResourceKind.VIDEO,
    "codeurl": ResourceKind.CODE,
    "ssrn": ResourceKind.PAPER,
    "bibtexurl": ResourceKind.OTHER,
}


def published(front):
    return front.get("published", True) is not False


def date_of(front, *keys):
    for key in keys:
        if front.get(key) not in (None, ""):
            try:
                return loose_date(front[key] if hasattr(front[key], "year") else plain(front[key]))
            except DateError:
                continue
    return None, None, None


class Importer:
    def __init__(self, root, base_url=None):
        self.site = Site(root)
        config = self.site.path("_config.yml")
        if not (config and config.is_file()) and not any(
            self.site.files(name) for name in ("_publications", "_talks", "_teaching")
        ):
            raise SiteError(
                f"{root} has no _config.yml, _publications, _talks or _teaching: it does not look like an "
                "academicpages site."
            )
        self.base_url = (base_url or "").rstrip("/")
        self.report = Report()
        self.people = None

    def run(self):
        with transaction.atomic(), recording(f"Imported the academicpages site {self.site.root.name}"):
            self.people = PersonIndex()
            config = self.site.config()
            owner = self.owner_and_profile(config)
            self.base_url = self.base_url or str(config.get("url") or "").rstrip("/")
            self.publications(owner)
            self.talks()
            self.courses()
            self.posts()
            self.portfolio()
            self.cv()
            reversion.set_comment(f"Imported the academicpages site {self.site.root.name}")  # not its BibTeX's
        return self.report

    # ------------------------------------------------------------------ profile
    def owner_and_profile(self, config):
        author = config.get("author") or {}
        owner = Person.objects.owner()
        name = plain(author.get("name")) or plain(config.get("name"))
        if owner is None and name:
            owner, created = self.people.get_or_create(name)
            owner.is_owner = True
            owner.save(update_fields=["is_owner"])
            self.report.count("people", created)
        profile, created = Profile.objects.get_or_create(pk=1)
        self.report.count("profile", created)
        email = plain(author.get("email"))
        if not email and author.get("email_user") and author.get("email_domain"):
            email = f"{plain(author['email_user'])}@{plain(author['email_domain'])}"
        values = {
            "headline": plain(author.get("bio")),
            "affiliation": plain(author.get("employer")),
            "location": plain(author.get("location")),
            "email": email,
        }
        changed = False
        for attribute, value in values.items():
            if value and not getattr(profile, attribute):
                setattr(profile, attribute, value)
                changed = True
        about = self.site.path("_pages/about.md")
        if not profile.bio and about and about.is_file():
            _, body = self.site.markdown(about)
            profile.bio = strip_liquid(body).strip()
            changed = True
        if changed:
            profile.save()
        if not profile.photo and plain(author.get("avatar")):
            self.photo(profile, plain(author.get("avatar")))
        self.profile_links(profile, author)
        return owner

    def profile_links(self, profile, author):
        found = []
        for key in SOCIALS:
            value = plain(author.get(key))
            if not value:
                continue
            link = social_link(key, value)
            if link is None:
                self.report.note(f"The {key} link “{value}” is not an http(s) address; it is left out.")
            else:
                found.append(link)
        added, already = add_profile_links(profile, found)
        self.report.count("profile links", number=added)
        self.report.count("profile links", False, number=already)

    def photo(self, profile, avatar):
        relative = avatar if avatar.startswith("/") or "/" in avatar else f"images/{avatar}"
        path = self.site.path(relative)
        if path is None:
            self.report.note(f"The avatar {avatar} is outside the site's folder; no photo was set.")
            return
        if not path.is_file():
            self.report.note(f"The avatar {avatar} was not found; no photo was set.")
            return
        with path.open("rb") as handle:
            upload = File(handle, name=path.name)
            try:
                validate_image(upload)
            except Exception as error:
                self.report.note(
                    f"The avatar {avatar} was not used: {' '.join(getattr(error, 'messages', [str(error)]))}"
                )
                return
            profile.photo = upload
            profile.save()

    # ------------------------------------------------------------------ publications
    def publications(self, owner):
        service = PublicationService(self.people)
        specs = []
        for path in self.site.files("_publications"):
            front, body = self.site.markdown(path)
            name = path.name
            if not published(front):
                self.report.note(f"{name}: published: false, so it is not imported.")
                continue
            title = plain(front.get("title"))
            if not title:
                self.report.note(f"{name}: no title, so it is not imported.")
                continue
            year, month, _ = date_of(front, "date", "year")
            venue = plain(front.get("venue"))
            authors = self.authors(front, body, venue)
            if not authors and owner is not None:
                authors = [AuthorSpec(owner.full_name, person=owner)]
            abstract, body_links = self.abstract_and_links(front, body, name)
            links = [*self.front_links(front, name), *body_links]
            doi = plain(front.get("doi"))
            spec = PublicationSpec(
                {
                    "title": title,
                    "year": year,
                    "month": month,
                    "venue_full": venue,
                    "abstract": abstract,
                    "doi": doi.split("doi.org/")[-1] if doi else "",
                },
                SECTION_BY_CATEGORY.get(plain(front.get("category")).lower(), DEFAULT_SECTION),
                authors,
                _unique(links),
                source=name,
            )
            specs.append(spec)
        for outcome in service.add_many(specs):
            self.report.count("publications", outcome.created)
        self.report.count("people", True, len(service.new_people))

    def authors(self, front, body, venue):
        """From `authors:`, else the citation, else an author line in the body ("Authors: …")."""
        if front.get("authors"):
            return parse_authors(front["authors"] if isinstance(front["authors"], list) else str(front["authors"]))
        if front.get("citation"):
            return parse_authors(str(front["citation"]), venue)
        if match := re.search(r"^\s*\**authors?\**\s*:\s*(.+)$", body or "", re.IGNORECASE | re.MULTILINE):
            return parse_authors([match.group(1)] if "," not in match.group(1) else match.group(1))
        return []

    def abstract_and_links(self, front, body, where):
        """The body without the template's boilerplate (or the excerpt when there is no body), and the links it
        held."""
        body = _CODE_BLOCK.sub("", strip_liquid(body or "")).replace("\ufeff", "")
        links = []
        for pattern, url_group, label_group in ((_MARKDOWN_LINK, 2, 1), (_HTML_LINK, 1, 2)):
            for match in pattern.finditer(body):
                link = self.link(match.group(url_group), clean(match.group(label_group)), where)
                if link:
                    links.append(link)
        text = BOILERPLATE.sub("", body).strip()
        text = re.sub(r"^\*\*(.*)\*\*$", r"\1", text, flags=re.DOTALL)  # "**Abstract: …**"
        text = _ABSTRACT_PREFIX.sub("", text).strip()
        if not text:
            text = plain(front.get("excerpt"))
        return text, links

    def front_links(self, front, where):
        links = []
        for key, kind in LINK_FIELDS.items():
            value = plain(front.get(key))
            if value:
                link = self.link(value, "BibTeX" if key == "bibtexurl" else "", where, kind)
                if link:
                    links.append(link)
        return links

    def link(self, url, label, where, kind=None):
        """A LinkSpec for a link on the old site: files under /files/ (or the site's own address) are copied into
        media; anything but http(s) and mailto is left out."""
        url = url.strip().replace("\ufeff", "")
        own = re.sub(r"^https?://", "", self.base_url)
        if own and re.match(rf"^https?://{re.escape(own)}/", url):  # a link to the old site's own file
            url = url.split(own, 1)[1]
        if (url.startswith("/") and not url.startswith("//")) or url.startswith("files/"):
            name, why = self.site.copy_file(url.split("#")[0].split("?")[0].replace("%20", " "), "files")
            if name is None:
                self.report.note(f"{where}: {why}; the link is left out.")
                return None
            url = default_storage.url(name)
        elif not is_safe_url(url):
            self.report.note(f"{where}: “{url}” is not an http(s) or mailto link; it is left out.")
            return None
        kind = kind or _kind_from_label(label) or guess_kind(url)
        if kind == ResourceKind.PAPER and url.lower().split("?")[0].endswith(".pdf"):
            kind = ResourceKind.PDF
        return LinkSpec(kind, url, label if kind == ResourceKind.OTHER else "")

    # ------------------------------------------------------------------ talks and courses
    def talks(self):
        for path in self.site.files("_talks"):
            front, body = self.site.markdown(path)
            if not published(front):
                self.report.note(f"{path.name}: published: false, so it is not imported.")
                continue
            title = plain(front.get("title"))
            year, month, day = date_of(front, "date")
            if not title or year is None:
                self.report.note(f"{path.name}: no title or no date, so it is not imported.")
                continue
            date = datetime.date(year, month or 1, day or 1)
            if Talk.objects.filter(title=title, date=date).exists():
                self.report.count("talks", False)
                continue
            event_url = plain(front.get("venueurl")) or plain(front.get("venue_url")) or plain(front.get("talk_url"))
            description, links = self.abstract_and_links(front, body, path.name)
            talk = Talk.objects.create(
                title=title,
                event=plain(front.get("venue")),
                location=plain(front.get("location")),
                event_url=event_url if is_safe_url(event_url) else "",
                date=date,
                description=description,
                talk_type=plain(front.get("type")),
            )
            for key, kind in (
                ("slidesurl", ResourceKind.SLIDES),
                ("videourl", ResourceKind.VIDEO),
                ("paperurl", ResourceKind.PAPER),
            ):
                if plain(front.get(key)) and (link := self.link(plain(front.get(key)), "", path.name, kind)):
                    links.insert(0, link)
            for order, link in enumerate(_unique(links), start=1):
                TalkLink.objects.create(talk=talk, kind=link.kind, url=link.url, label=link.label, order=order)
            self.report.count("talks")

    def courses(self):
        for path in self.site.files("_teaching"):
            front, body = self.site.markdown(path)
            if not published(front):
                continue
            name = plain(front.get("title"))
            season, year = self.term(front, name)
            if not name or year is None:
                self.report.note(f"{path.name}: no title or no date, so it is not imported.")
                continue
            if Course.objects.filter(name=name, season=season, year=year).exists():
                self.report.count("courses", False)
                continue
            description, _ = self.abstract_and_links(front, body, path.name)
            Course.objects.create(
                name=name,
                season=season,
                year=year,
                institution=plain(front.get("venue")),
                role=plain(front.get("type")),
                description=description,
            )
            self.report.count("courses")

    def term(self, front, name):
        """The term from the front matter ("term: Spring 2014") or the title ("… (Spring 2014)"), else the date."""
        for text in (plain(front.get("term")), plain(front.get("semester")), name):
            if match := _TERM.search(text or ""):
                return SEASONS[match.group(1).lower()], int(match.group(2))
        year, month, _ = date_of(front, "date")
        if year is None:
            return None, None
        if month is None:
            self.report.note(f"{name}: no term and no month in the date, so the term is a guess (Fall).")
        season = (
            Course.Season.FALL
            if month is None or month >= 9
            else (Course.Season.SUMMER if month >= 6 else Course.Season.SPRING)
        )
        return season, year

    # ------------------------------------------------------------------ posts, portfolio, CV
    def is_template_post(self, title):
        return bool(TEMPLATE_SAMPLE.match(title))

    def posts(self):
        for path in self.site.files("_posts"):
            front, body = self.site.markdown(path)
            title = plain(front.get("title"))
            if not published(front) or not title:
                self.report.note(f"{path.name}: {'no title' if not title else 'published: false'}, so not imported.")
                continue
            if self.is_template_post(title):
                self.report.note(f"{path.name}: the template's sample post “{title}”, left out.")
                continue
            year, month, day = date_of(front, "date")
            named = POST_FILE.match(path.stem)
            if year is None and named:
                year, month, day = (*(int(part) for part in named.group(1).split("-")), None)[:3]
            if year is None:
                self.report.note(f"{path.name}: no date, so it is not imported.")
                continue
            slug = slugify(named.group(2) if named else path.stem)[:120]
            date = datetime.date(year, month or 1, day or 1)
            if Post.objects.filter(date__year=year, slug=slug).exists():
                self.report.count("posts", False)
                continue
            permalink = plain(front.get("permalink"))
            post = Post(
                title=title,
                slug=slug,
                date=date,
                summary=plain(front.get("excerpt")),
                body=strip_liquid(body).strip(),
                is_public=True,
                old_path=permalink if permalink.startswith("/") and " " not in permalink else "",
            )
            post.full_clean(validate_unique=False, validate_constraints=False)
            post.save()
            tags = front.get("tags") or []
            for name in [tags] if isinstance(tags, str) else tags:
                if name := plain(name):
                    tag, _ = Tag.objects.get_or_create(slug=slugify(name)[:100] or "tag", defaults={"name": name})
                    post.tags.add(tag)
            self.report.count("posts")

    def portfolio(self):
        for path in self.site.files("_portfolio"):
            front, body = self.site.markdown(path)
            title = plain(front.get("title"))
            if not published(front) or not title:
                continue
            if TEMPLATE_SAMPLE.match(title):
                self.report.note(f"{path.name}: the template's sample portfolio item “{title}”, left out.")
                continue
            named = POST_FILE.match(path.stem)
            slug = slugify(named.group(2) if named else path.stem)[:120] or "project"
            if Project.objects.filter(slug=slug).exists():
                self.report.count("projects", False)
                continue
            project = Project.objects.create(
                title=title, slug=slug, summary=plain(front.get("excerpt")), body=strip_liquid(body).strip()
            )
            for order, (key, kind) in enumerate(
                (("redirect_to", ResourceKind.PROJECT), ("link", ResourceKind.PROJECT)), 1
            ):
                if plain(front.get(key)) and (link := self.link(plain(front.get(key)), "", path.name, kind)):
                    ProjectLink.objects.create(
                        project=project, kind=link.kind, url=link.url, label=link.label, order=order
                    )
            teaser = (front.get("header") or {}).get("teaser") if isinstance(front.get("header"), dict) else None
            if teaser:
                self.project_image(project, plain(teaser), path.name)
            self.report.count("projects")

    def project_image(self, project, teaser, where):
        relative = teaser if "/" in teaser else f"images/{teaser}"
        image = self.site.path(relative)
        if image is None or not image.is_file():
            self.report.note(f"{where}: the image {teaser} is not in the site's folder.")
            return
        try:
            with image.open("rb") as handle:
                upload = File(handle, name=image.name)
                validate_image(upload)
                project.image = upload
                project.save()
        except ValidationError as error:
            self.report.note(f"{where}: {teaser}: {' '.join(error.messages)}")

    def cv(self):
        """The CV: _data/cv.json (JSON Resume) when it is the owner's, else the sections of _pages/cv.md."""
        data = None
        resume = self.site.path("_data/cv.json")
        if resume is not None and resume.is_file():
            data = jsonresume.read(self.site.text(resume), "_data/cv.json")
            if data.name == "Your Sidebar Name":
                self.report.note("_data/cv.json is the template's sample CV, left out.")
                data = None
        page = self.site.path("_pages/cv.md")
        if data is None and page is not None and page.is_file():
            _, body = self.site.markdown(page)
            body = strip_liquid(body)
            if "GitHub University" in body:
                self.report.note("_pages/cv.md is the template's sample CV, left out.")
                return
            data = markdown_cv.read(body, "_pages/cv.md")
        if data is None:
            return
        data.name, data.profile, data.links = "", {}, []  # the profile comes from _config.yml
        self.report.include(save_cv(data, "the CV"))


def _kind_from_label(label):
    label = (label or "").lower()
    for word, kind in (
        ("slides", ResourceKind.SLIDES),
        ("video", ResourceKind.VIDEO),
        ("code", ResourceKind.CODE),
        ("poster", ResourceKind.POSTER),
        ("data", ResourceKind.DATA),
        ("pdf", ResourceKind.PDF),
        ("arxiv", ResourceKind.ARXIV),
    ):
        if word in label:
            return kind
    if "paper" in label or "download" in label:
        return ResourceKind.PAPER
    return None


def _unique(links):
    seen, out = set(), []
    for link in links:
        if link.url not in seen:
            seen.add(link.url)
            out.append(link)
    return out


def import_academicpages(root, base_url=None):
    return Importer(root, base_url).run()
