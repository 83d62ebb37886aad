"""Public pages as files: rendered on every content change into a folder nginx serves before asking Django, and
exported whole for static hosting. Also the site's version, which the page cache (config/cache.py) keys on.

A change to any content model (signals below) is collected during its transaction and, once committed:
the site version moves on (every cached page is then stale and never served again), and, when
VITA_PUBLISH_ROOT is set, the pages the change touches are rendered again and swapped in atomically, with
.gz and .br copies; pages that no longer exist (a deleted or hidden publication) are removed.
"""

import gzip
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import brotli
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.test import RequestFactory
from django.urls import resolve, reverse

from profile.models import NameVariant, Person, Profile, ProfileLink
from profile.signals import bulk_change
from publications.models import Authorship, Publication, PublicationLink, Section
from talks.models import Talk, TalkLink
from teaching.models import Course

logger = logging.getLogger("vita")
VERSION_KEY = "vita:site-version"
ALL = "all"
COMPRESSIBLE = (".html", ".xml", ".atom", ".bib", ".txt")


# ------------------------------------------------------------------------------------------- site version
def site_version():
    """(version, last-modified unix time). Made up when the cache is empty, so that it can never go backwards."""
    value = cache.get(VERSION_KEY)
    if value is None:
        value = (time.time_ns(), time.time())
        cache.add(VERSION_KEY, value, timeout=None)
        value = cache.get(VERSION_KEY, value)
    return value


def bump_version():
    cache.set(VERSION_KEY, (time.time_ns(), time.time()), timeout=None)


# ------------------------------------------------------------------------------------------- what changed
def _affected(sender, instance):
    """The publication ids whose pages show this object, or ALL."""
    if sender in (Profile, ProfileLink) or (sender is Person and instance.is_owner):
        return ALL
    if sender is Publication:
        return {instance.pk}
    if sender in (Authorship, PublicationLink):
        return {instance.publication_id} | _previous(instance)
    if sender is Person:
        return set(Authorship.objects.filter(person_id=instance.pk).values_list("publication_id", flat=True))
    if sender is NameVariant:
        return set()  # variants are not shown
    if sender is Section:
        return set(Publication.objects.filter(section_id=instance.pk).values_list("pk", flat=True))
    if sender is Talk:
        return ({instance.publication_id} | _previous(instance)) - {None}
    if sender is TalkLink:
        talks = Talk.objects.filter(pk=instance.talk_id).exclude(publication=None)
        return set(talks.values_list("publication_id", flat=True)) | _previous(instance)
    return set()  # Course: the homepage only, which is always rendered again


# Objects that belong to a publication's page, and how to find that publication from them.
_PAGE_OWNER = {Authorship: "publication_id", PublicationLink: "publication_id", Talk: "publication_id",
               TalkLink: "talk__publication_id"}  # fmt: skip


def remember_page_owner(sender, instance, raw=False, **kwargs):
    """Before a save: the publication an existing row belongs to, since the save may move it to another (a talk
    now presenting a different paper) and the page it leaves must be rendered again too."""
    if instance.pk is not None and not raw:
        rows = sender.objects.filter(pk=instance.pk).values_list(_PAGE_OWNER[sender], flat=True)
        instance._vita_previous_publications = set(rows) - {None}


def _previous(instance):
    return getattr(instance, "_vita_previous_publications", set())


class _Publish:
    """The work one transaction's changes call for, done once when it commits (discarded if it rolls back)."""

    def __init__(self):
        self.changes = set()
        self.done = False

    def add(self, affected):
        if affected == ALL or ALL in self.changes:
            self.changes = {ALL}
        else:
            self.changes |= affected

    def __call__(self):
        self.done = True
        bump_version()
        if not getattr(settings, "VITA_PUBLISH_ROOT", None):
            return
        started = time.perf_counter()
        everything = ALL in self.changes
        try:
            publish(None if everything else self.changes)
        except Exception:
            # The version has moved on, so Django serves fresh pages; drop the published copies rather than
            # leave stale ones in front of it.
            logger.exception("Publishing failed; the published pages are removed until the next change.")
            shutil.rmtree(settings.VITA_PUBLISH_ROOT, ignore_errors=True)
        else:
            what = "every page" if everything else f"the listings and {len(self.changes)} publication page(s)"
            logger.info("Published %s in %.0f ms", what, (time.perf_counter() - started) * 1000)


def content_changed(sender=None, instance=None, **kwargs):
    """Signal receiver, and what bulk updates call by hand (no arguments: everything changed).

    The version moves on at once (so that nothing cached from here on survives) and again at the commit (so that
    a page rendered meanwhile from the old rows is not served either); publishing waits for the commit.
    """
    bump_version()
    affected = ALL if sender is None else _affected(sender, instance)
    connection = transaction.get_connection()
    job = None
    if connection.in_atomic_block:
        pending = (hook[1] for hook in connection.run_on_commit if isinstance(hook[1], _Publish) and not hook[1].done)
        job = next(pending, None)
    if job is None:
        job = _Publish()
        job.add(affected)
        transaction.on_commit(job)  # runs at once outside a transaction
    else:
        job.add(affected)


def bulk_changed(sender, **kwargs):
    content_changed()


bulk_change.connect(bulk_changed, dispatch_uid="vita-publish-bulk")
for model in (Person, NameVariant, Profile, ProfileLink, Section, Publication, Authorship, PublicationLink, Talk,
              TalkLink, Course):  # fmt: skip
    post_save.connect(content_changed, sender=model, dispatch_uid=f"vita-publish-save-{model.__name__}")
    post_delete.connect(content_changed, sender=model, dispatch_uid=f"vita-publish-delete-{model.__name__}")
for model in _PAGE_OWNER:
    pre_save.connect(remember_page_owner, sender=model, dispatch_uid=f"vita-publish-owner-{model.__name__}")


# ------------------------------------------------------------------------------------------- rendering
def site_url():
    """Where the site lives, for the absolute URLs in pages rendered outside a request."""
    if getattr(settings, "VITA_SITE_URL", None):
        return settings.VITA_SITE_URL.rstrip("/")
    host = next((h for h in settings.ALLOWED_HOSTS if h not in ("*", "")), "localhost").lstrip(".")
    return f"https://{host}"


def listing_paths():
    """The pages that list or index everything: always rendered again."""
    return ["/", reverse("publications_bibtex"), reverse("django.contrib.sitemaps.views.sitemap"),
            reverse("robots_txt"), reverse("publications_feed"), reverse("talks_feed")]  # fmt: skip


def publication_paths(slugs):
    paths = []
    for slug in slugs:
        paths += [reverse("publications:detail", args=[slug]), reverse("publications:bibtex", args=[slug])]
    return paths


def render_path(path, base_url):
    """The body of a public page, rendered by its view as for a visitor of base_url."""
    parts = urlsplit(base_url)
    request = RequestFactory().get(path, HTTP_HOST=parts.netloc, secure=parts.scheme == "https")
    match = resolve(path)
    response = match.func(request, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return response.content


def file_for(root, path):
    return Path(root) / (path.lstrip("/") + "index.html" if path.endswith("/") else path.lstrip("/"))


def write_atomically(target, content):
    """Write content, and .gz/.br copies for text, each swapped in with a rename: readers never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    versions = [(target, content)]
    if target.suffix in COMPRESSIBLE:
        versions += [(target.with_name(target.name + ".gz"), gzip.compress(content, compresslevel=9, mtime=0)),
                     (target.with_name(target.name + ".br"), brotli.compress(content, quality=9))]  # fmt: skip
    for path, data in versions:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)


def remove_page(target):
    for path in (target, target.with_name(target.name + ".gz"), target.with_name(target.name + ".br")):
        path.unlink(missing_ok=True)


def publish(publication_ids=None, root=None, base_url=None):
    """Render the listing pages and the pages of these publications (all when None) into root.

    The publication pages about to be rendered again are removed first: until each is rewritten, nginx hands its
    requests to Django, which renders them from the new rows. So no page is ever served stale, however long a
    full re-render (a profile edit on a long CV) takes. The listing pages are replaced in place.
    """
    root = Path(root or settings.VITA_PUBLISH_ROOT)
    base_url = base_url or site_url()
    public = dict(Publication.objects.public().values_list("pk", "slug"))
    ids = public if publication_ids is None else [pk for pk in publication_ids if pk in public]
    slugs = [public[pk] for pk in ids]
    folder = file_for(root, reverse("publications:detail", args=["x"])).parent.parent
    if publication_ids is None:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        for path in publication_paths(slugs):
            target = file_for(root, path)
            remove_page(target)
    for path in listing_paths() + publication_paths(slugs):
        write_atomically(file_for(root, path), render_path(path, base_url))
    # Pages of publications that are gone or hidden, or whose address changed.
    if folder.is_dir():
        current = set(public.values())
        for entry in folder.iterdir():
            slug = entry.name.removesuffix(".bib.gz").removesuffix(".bib.br").removesuffix(".bib")
            if slug not in current and not entry.name.startswith("."):
                if entry.is_dir():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()


# ------------------------------------------------------------------------------------------- export
def export_site(target, base_url):
    """A complete static copy: every public page, the static files and the media, for any static host."""
    target = Path(target)
    publish(None, root=target, base_url=base_url)
    static = target / settings.STATIC_URL.strip("/")
    if isinstance(staticfiles_storage, ManifestFilesMixin):  # production: the collected, hashed files
        shutil.copytree(settings.STATIC_ROOT, static, dirs_exist_ok=True)
    else:
        for finder in finders.get_finders():
            for path, storage in finder.list(ignore_patterns=[]):
                destination = static / path
                destination.parent.mkdir(parents=True, exist_ok=True)
                with storage.open(path) as source, open(destination, "wb") as out:
                    shutil.copyfileobj(source, out)
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        shutil.copytree(media, target / settings.MEDIA_URL.strip("/"), dirs_exist_ok=True)
    return target
