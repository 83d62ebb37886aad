"""Moving in from al-folio (Jekyll): the profile and socials, papers.bib, news, projects, posts, pages and the CV.

Reads `_config.yml` (the name, e-mail, and the socials older sites keep there), `_data/socials.yml`,
`_pages/about.md` (the bio, the subtitle, the photo), `_bibliography/papers.bib` (through the BibTeX importer, with
al-folio's fields; files it names under `assets/pdf/` and `assets/img/` are copied in), `_news/` (one-liners and
items with a story), `_projects/`, `_posts/`, the owner's own `_pages/`, and the CV: `_data/cv.yml`,
`assets/json/resume.json`, and any other `_data/*.yml` kept in cv.yml's shape (education, experience, service,
grants). The al-folio demo (Einstein's CV, the demo projects, posts and news) is recognised and left out, and so are
dot-files and empty files; all of it is listed. One transaction; what is already here is left as it is.
"""

import datetime
import re

import reversion
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import slugify

from core.links import ResourceKind
from cv.formats import alfolio_cv, jsonresume
from cv.formats import save as save_cv
from history.revisions import recording
from news.models import NewsItem
from pages.models import RESERVED as RESERVED_PATHS
from pages.models import Page
from profile.models import Person, Profile
from profile.people import PersonIndex
from profile.socials import add_profile_links, social_link
from projects.models import Project, ProjectLink
from publications.bibtex import BibtexError, import_bibtex

from .academicpages import Importer, published
from .jekyll import SiteError, load_yaml, plain, strip_liquid

# al-folio's socials (_data/socials.yml, or _config.yml before 2024) -> (network, address of a bare value)
SOCIALS = {
    "scholar_userid": ("googlescholar", "https://scholar.google.com/citations?user={}"),
    "github_username": ("github", "https://github.com/{}"),
    "gitlab_username": ("gitlab", "https://gitlab.com/{}"),
    "x_username": ("twitter", "https://x.com/{}"),
    "twitter_username": ("twitter", "https://x.com/{}"),
    "linkedin_username": ("linkedin", "https://www.linkedin.com/in/{}"),
    "orcid_id": ("orcid", "https://orcid.org/{}"),
    "research_gate_profile": ("researchgate", "https://www.researchgate.net/profile/{}"),
    "semanticscholar_id": ("semantic", "https://www.semanticscholar.org/author/{}"),
    "dblp_url": ("dblp", "{}"),
    "inspirehep_id": ("inspire-hep", "https://inspirehep.net/authors/{}"),
    "mastodon_username": ("mastodon", "https://{}"),
    "bluesky_url": ("bluesky", "{}"),
    "kaggle_id": ("kaggle", "https://www.kaggle.com/{}"),
    "stackoverflow_id": ("stackoverflow", "https://stackoverflow.com/users/{}"),
    "youtube_id": ("youtube", "https://www.youtube.com/@{}"),
    "instagram_id": ("instagram", "https://www.instagram.com/{}"),
    "medium_username": ("Medium", "https://medium.com/@{}"),
    "wikipedia_id": ("Wikipedia", "https://wikipedia.org/wiki/User:{}"),
    "ieee_id": ("IEEE Xplore", "https://ieeexplore.ieee.org/author/{}"),
    "acm_id": ("ACM DL", "https://dl.acm.org/profile/{}"),
    "scopus_id": ("scopus", "https://www.scopus.com/authid/detail.uri?authorId={}"),
    "zotero_username": ("Zotero", "https://www.zotero.org/{}"),
    "rss_icon": None,
    "email": None,
}
# The pages al-folio makes itself (lists of the collections, the CV, the about page): not pages of the owner's.
BUILT_IN_PAGES = {
    "about",
    "about_einstein",
    "blog",
    "cv",
    "news",
    "projects",
    "publications",
    "repositories",
    "teaching",
    "profiles",
    "dropdown",
    "404",
    "books",
    "people",
}
# Files in _data/ that are not CV sections.
NOT_CV = {"cv", "socials", "coauthors", "venues", "repositories", "citations", "resume", "citation"}
DEMO_POST = re.compile(
    r"^a (?:distill )?post (?:with|that)\b|^(?:sidebar )?table of contents$|^displaying", re.IGNORECASE
)
DEMO_PROJECT = re.compile(r"^project \d+\b", re.IGNORECASE)
DEMO_BIB_KEYS = re.compile(
    r"@\w+\s*\{\s*(einstein\d{4}\w*|PhysRev\.47\.777|przibram1967letters|Einstein1905)\s*,", re.I
)
DEMO_NEWS = re.compile(r"^announcement_\d+$")


class AlFolioImporter(Importer):
    """An al-folio site's folder; shares academicpages' profile photo, link and post handling."""

    def __init__(self, root, base_url=None):
        from .jekyll import Report, Site

        self.site = Site(root)
        config = self.site.path("_config.yml")
        if not (config and config.is_file()) or not any(
            (self.site.path(name) or self.site.root).exists() for name in ("_bibliography", "_news", "_projects")
        ):
            raise SiteError(f"{root} has no _config.yml with _bibliography, _news or _projects: it is not al-folio.")
        self.base_url = (base_url or "").rstrip("/")
        self.report = Report()
        self.people = None

    def run(self):
        with transaction.atomic(), recording(f"Imported the al-folio site {self.site.root.name}"):
            self.people = PersonIndex()
            config = self.site.config()
            url = str(config.get("url") or "").rstrip("/") + "/" + str(config.get("baseurl") or "").strip("/")
            self.base_url = self.base_url or url.rstrip("/")
            self.skipped_files()
            self.owner_and_profile(config)
            self.bibliography()
            self.news()
            self.projects()
            self.posts()
            self.own_pages()
            self.cv()
            reversion.set_comment(f"Imported the al-folio site {self.site.root.name}")  # not its BibTeX's
        return self.report

    def skipped_files(self):
        for folder in ("_news", "_projects", "_posts", "_pages"):
            folder_path = self.site.path(folder)
            if folder_path is None or not folder_path.is_dir():
                continue
            for path in sorted(folder_path.iterdir()):
                if path.name.startswith("."):
                    self.report.note(f"{folder}/{path.name}: a dot-file, left out.")
                elif path.is_file() and path.stat().st_size == 0:
                    self.report.note(f"{folder}/{path.name}: empty, left out.")

    # ------------------------------------------------------------------ profile
    def owner_and_profile(self, config):
        name = " ".join(plain(config.get(key)) for key in ("first_name", "middle_name", "last_name")).split()
        name = " ".join(name)
        owner = Person.objects.owner()
        if owner is None and name:
            owner, created = self.people.get_or_create(name)
            owner.is_owner = True
            owner.save(update_fields=["is_owner"])
            self.report.count("people", created)
        profile, created = Profile.objects.get_or_create(pk=1)
        self.report.count("profile", created)
        socials = self.socials(config)
        about = self.site.path("_pages/about.md")
        front, body = self.site.markdown(about) if about is not None and about.is_file() else ({}, "")
        values = {
            "email": socials.pop("email", "") or plain(config.get("email")),
            "headline": plain(front.get("subtitle")),
            "bio": strip_liquid(body).strip(),
        }
        changed = [key for key, value in values.items() if value and not getattr(profile, key)]
        for key in changed:
            setattr(profile, key, values[key])
        if changed:
            profile.save()
        picture = (front.get("profile") or {}).get("image") if isinstance(front.get("profile"), dict) else None
        if not profile.photo and plain(picture):
            self.photo(profile, f"assets/img/{plain(picture)}")
        links = []
        for key, value in socials.items():
            entry = SOCIALS.get(key)
            if key == "custom_social" and isinstance(value, dict):
                link = social_link(plain(value.get("title")) or "link", plain(value.get("url")))
            elif entry:
                network, pattern = entry
                value = plain(value)
                link = social_link(network, value if value.startswith("http") else pattern.format(value))
            else:
                continue
            if link is None:
                self.report.note(f"The social link {key} “{plain(value)}” is not an http(s) address; left out.")
            else:
                links.append(link)
        added, already = add_profile_links(profile, links)
        self.report.count("profile links", number=added)
        self.report.count("profile links", False, number=already)
        return owner

    def socials(self, config):
        """{al-folio social key: value}: _data/socials.yml, or the keys older sites keep in _config.yml."""
        path = self.site.path("_data/socials.yml")
        data = {}
        if path is not None and path.is_file():
            data = load_yaml(self.site.text(path), "_data/socials.yml") or {}
        if not isinstance(data, dict) or not data:
            data = {key: config.get(key) for key in SOCIALS if config.get(key)}
        return {key: value for key, value in data.items() if value not in (None, "")}

    # ------------------------------------------------------------------ papers.bib
    def bibliography(self):
        path = self.site.path("_bibliography/papers.bib")
        if path is None or not path.is_file():
            return
        text = self.site.text(path)
        entries = len(re.findall(r"^\s*@(?!string|comment|preamble)\w+\s*\{", text, re.IGNORECASE | re.MULTILINE))
        if entries and len(DEMO_BIB_KEYS.findall(text)) * 2 >= entries:
            self.report.note("_bibliography/papers.bib is the al-folio demo's (Einstein's papers), left out.")
            return
        try:
            report = import_bibtex([("_bibliography/papers.bib", text)], skip_invalid=True, base_url=self.site_file)
        except BibtexError as error:
            self.report.note(f"_bibliography/papers.bib: {error}")
            return
        self.report.count("publications", number=len(report.created))
        self.report.count("publications", False, number=len(report.skipped) + len(report.merged))
        self.report.notes += [f"papers.bib: {line}" for line in [*report.problems, *report.warnings]]

    def site_file(self, path, field_name):
        """Where a relative file of papers.bib lives now: al-folio keeps PDFs in assets/pdf/ and images in
        assets/img/; the file is copied into media. (address, None) or (None, why)."""
        folder = "assets/img/" if field_name == "preview" else "assets/pdf/"
        relative = path.lstrip("/") if "/" in path.strip("/") else folder + path
        name, why = self.site.copy_file(relative, "files")
        if name is None:
            return None, why
        return default_storage.url(name), None

    # ------------------------------------------------------------------ news, projects, posts, pages
    def news(self):
        for path in self.site.files("_news"):
            if DEMO_NEWS.match(path.stem):
                self.report.note(f"_news/{path.name}: the al-folio demo's announcement, left out.")
                continue
            front, body = self.site.markdown(path)
            body = strip_liquid(body).strip()
            year, month, day = _date(front, path)
            if year is None or not (body or front.get("title")):
                self.report.note(f"_news/{path.name}: no date or no text, left out.")
                continue
            inline = front.get("inline", True) is not False
            text, story = (body, "") if inline else (plain(front.get("title")) or body.splitlines()[0], body)
            date = datetime.date(year, month or 1, day or 1)
            if NewsItem.objects.filter(date=date, text=text).exists():
                self.report.count("news", False)
                continue
            NewsItem.objects.create(date=date, text=text, body=story)
            self.report.count("news")

    def projects(self):
        for path in self.site.files("_projects"):
            front, body = self.site.markdown(path)
            title = plain(front.get("title"))
            if not title or not published(front):
                continue
            if DEMO_PROJECT.match(title):
                self.report.note(f"_projects/{path.name}: the al-folio demo's “{title}”, left out.")
                continue
            slug = slugify(path.stem)[:120] or "project"
            if Project.objects.filter(slug=slug).exists():
                self.report.count("projects", False)
                continue
            order = front.get("importance") if isinstance(front.get("importance"), int) else 0
            project = Project.objects.create(
                title=title,
                slug=slug,
                summary=plain(front.get("description")),
                body=strip_liquid(body).strip(),
                order=max(0, order),
            )
            redirect = plain(front.get("redirect"))
            if redirect and (link := self.link(redirect, "", f"_projects/{path.name}", ResourceKind.PROJECT)):
                ProjectLink.objects.create(project=project, kind=link.kind, url=link.url, label=link.label, order=1)
            if plain(front.get("img")):
                self.project_image(project, plain(front.get("img")), f"_projects/{path.name}")
            self.report.count("projects")

    def project_image(self, project, image, where):
        super().project_image(project, image.lstrip("/"), where)

    def is_template_post(self, title):
        return bool(DEMO_POST.match(title))

    def own_pages(self):
        for path in self.site.files("_pages"):
            if path.stem in BUILT_IN_PAGES:
                continue
            front, body = self.site.markdown(path)
            title = plain(front.get("title"))
            permalink = plain(front.get("permalink")).strip("/") or slugify(path.stem)
            if not title or not published(front) or (front.get("nav") is False and not body.strip()):
                continue
            if permalink.split("/")[0] in RESERVED_PATHS or not re.match(r"^[a-z0-9][a-z0-9/-]*$", permalink):
                self.report.note(f"_pages/{path.name}: its address /{permalink}/ is one of Vita's own; left out.")
                continue
            if Page.objects.filter(path=permalink).exists():
                self.report.count("pages", False)
                continue
            order = front.get("nav_order") if isinstance(front.get("nav_order"), int) else 0
            Page.objects.create(
                title=title[:1].upper() + title[1:],
                path=permalink,
                body=strip_liquid(body).strip(),
                in_menu=bool(front.get("nav")),
                menu_order=max(0, order),
            )
            self.report.count("pages")

    # ------------------------------------------------------------------ the CV
    def cv(self):
        data = None
        path = self.site.path("_data/cv.yml")
        if path is not None and path.is_file():
            sections = load_yaml(self.site.text(path), "_data/cv.yml")
            if alfolio_cv.is_demo(sections):
                self.report.note("_data/cv.yml is the al-folio demo's CV (Albert Einstein), left out.")
            else:
                data = alfolio_cv.read(sections, "_data/cv.yml")
        resume = self.site.path("assets/json/resume.json")
        if resume is not None and resume.is_file():
            read = jsonresume.read(self.site.text(resume), "assets/json/resume.json")
            if read.name.casefold() in alfolio_cv.DEMO_NAMES:
                self.report.note("assets/json/resume.json is the al-folio demo's (Albert Einstein), left out.")
            elif data is None:
                data = read
            else:
                data.sections += read.sections
                data.publications += read.publications
                data.report.notes += read.report.notes
        folder = self.site.path("_data")
        for extra in sorted(folder.glob("*.yml")) if folder is not None and folder.is_dir() else []:
            if extra.stem in NOT_CV or extra.name.startswith("."):
                continue
            content = load_yaml(self.site.text(extra), f"_data/{extra.name}")
            if not _looks_like_cv(content):
                continue
            sections = (
                content
                if _is_sectioned(content)
                else [{"title": extra.stem.replace("_", " ").capitalize(), "type": "time_table", "contents": content}]
            )
            data = alfolio_cv.read(sections, f"_data/{extra.name}", data)
        if data is None:
            return
        data.name, data.profile, data.links = "", {}, []  # the profile comes from _config.yml and about.md
        self.report.include(save_cv(data, "the CV"))


def _date(front, path):
    value = front.get("date")
    if hasattr(value, "year"):
        return value.year, value.month, value.day
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", plain(value) or path.stem)
    return tuple(int(part) for part in match.groups()) if match else (None, None, None)


def _is_sectioned(content):
    return isinstance(content, list) and all(isinstance(item, dict) and "contents" in item for item in content)


def _looks_like_cv(content):
    """A list of CV sections, or of entries with a title and an institution or a year."""
    if _is_sectioned(content):
        return True
    return isinstance(content, list) and any(
        isinstance(item, dict) and "title" in item and ("institution" in item or "year" in item) for item in content
    )


def import_alfolio(root, base_url=None):
    return AlFolioImporter(root, base_url).run()
