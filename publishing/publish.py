"""Public pages as files: rendered into DJANGO_PUBLISH_ROOT, for nginx to serve before asking Django.

A change is published in two steps (publishing.changes calls them):
1. `withdraw(change)`, when the change commits, in the request that made it: the files of the pages it touches are
   removed at once (all of a kind's pages in one rename), so that nginx hands their requests to Django, which
   renders them from the new rows. No page is ever served stale, and this costs the save a few file operations.
2. `render_change(change)`, in the worker (publishing.tasks): the pages are rendered again and written, each
   only while the site version it was rendered from is still the current one.

`publish()` renders every page (after a deploy; `manage.py publish`); `export_site` writes a copy for static hosts.
Publishing removes only files its manifest says it wrote, within the publish root, and the uploads in its media
folder that no page names any more (publishing.media).
"""

import contextlib
import json
import logging
import multiprocessing
import os
import shutil
import signal
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connections
from django.test import RequestFactory
from django.urls import resolve, reverse

from core.pages import ALL, pages
from core.site import site_url, site_url_as

from . import media
from .files import (
    COPY_SUFFIXES,
    TRASH,
    UnsafePath,
    commit,
    discard,
    file_for,
    locked,
    page_parts,
    page_versions,
    read_manifest,
    remove_leftovers,
    remove_page,
    stage,
    unchanged,
    write_manifest,
    write_page,
)
from .version import site_version

logger = logging.getLogger("vita")
SITE = ""  # the manifest's kind for site pages


def site_paths(names=None, documents=False):
    """The addresses of these site pages (all when None): pages, or with documents=True the documents among them."""
    out = []
    for name in pages.site_pages if names is None else names:
        page = pages.site_pages[name]
        if page.document == documents:
            out += list(page.paths()) if page.paths else [reverse(name)]
    return out


CHROME = ".vita-chrome.json"


def chrome_changed(root):
    """Whether what every page shows besides its content (the navigation) differs from what the published pages
    were made with; remembered for the next time."""
    data = json.dumps(pages.chrome_context(), sort_keys=True, default=str)
    path = Path(root) / CHROME
    try:
        if path.read_text() == data:
            return False
    except OSError:
        pass
    path.write_text(data)
    return True


def object_paths(kind, obj):
    """The addresses of one object's pages."""
    return list(pages.kinds[kind].paths(obj))


def public_objects(kind, ids=ALL):
    model = pages.kinds[kind].model
    objects = model.objects.public()
    return objects if ids == ALL else objects.filter(pk__in=list(ids))


def render_path(path):
    """The body of a public page, rendered by its view (absolute URLs come from core.site, never the request)."""
    parts = urlsplit(site_url())
    request = RequestFactory().get(path, secure=parts.scheme == "https")
    match = resolve(path)
    response = match.func(request, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return response.content


def rendered(kind, objects):
    """(path, body) of every page of these objects of a kind: in one batch where the kind renders its own."""
    declared = pages.kinds[kind]
    if declared.render is not None:
        yield from declared.render(objects)
        return
    for obj in objects:
        for path in object_paths(kind, obj):
            yield path, render_path(path)


# ------------------------------------------------------------------------------------------ withdrawing
def _remove(root, path, trash=None):
    """Remove a page's files; an address that would lead outside the root (a manifest edited by hand) is left
    alone, and said so. With a trash folder (made), a page that is all its folder holds ("/x/y/" is x/y/index.html
    and its copies) goes with the folder, in one rename: a third of the cost of removing its files, and a change may
    withdraw a thousand pages while the editor waits (plain strings, not pathlib, for the same reason)."""
    try:
        parts = page_parts(path)
    except UnsafePath:
        logger.warning("Not removing %r: it is not a page address publishing writes.", path)
        return
    target = os.path.join(root, *parts)
    if trash is not None and len(parts) > 1 and parts[-1] == "index.html":
        folder = os.path.dirname(target)
        try:
            alone = set(os.listdir(folder)) <= PAGE_FILES
        except OSError:
            return  # not published
        if alone:
            os.rename(folder, os.path.join(trash, f"page{ASIDE}{os.urandom(16).hex()}"))
            return
    remove_page(target)


PAGE_FILES = {"index.html", *("index.html" + suffix for suffix in COPY_SUFFIXES)}


def withdraw(change, root=None):
    """Remove the files of every page a change touches (its objects' old addresses too). Cheap: a kind whose pages
    all change (the owner renamed) is set aside in one rename, into a trash folder the worker empties."""
    root = Path(root or settings.VITA_PUBLISH_ROOT)
    if not root.is_dir():
        return
    with locked(root):
        if not change.everything and chrome_changed(root):
            change.everything = True  # the navigation changed: it is on every page
        manifest = read_manifest(root)
        kinds = set(pages.kinds) if change.everything else {k for k, ids in change.objects.items() if ids == ALL}
        for kind in kinds:
            _set_aside(root, kind, manifest)
        names = list(pages.site_pages) if change.everything else sorted(change.site)
        families = tuple(pages.site_pages[name].family for name in names if pages.site_pages[name].family)
        paths = site_paths(names) + sorted(change.gone)
        paths += [path for path in manifest if families and path.startswith(families)]  # pages no longer made
        for kind, ids in change.objects.items():
            if ids != ALL:
                declared = pages.kinds[kind]
                objects = declared.model._base_manager.filter(pk__in=list(ids))
                for obj in objects.only(*declared.path_fields) if declared.path_fields else objects:
                    paths += object_paths(kind, obj)
        trash = root / TRASH
        trash.mkdir(exist_ok=True)
        for path in paths:
            _remove(root, path, trash=trash)
            manifest.pop(path, None)
        write_manifest(root, manifest)
        # The uploads stay until the pages are published again (render_change): Django serves the withdrawn pages
        # meanwhile, and the public gets their pictures only from the published uploads.


def _set_aside(root, kind, manifest):
    """Move the folder holding all of a kind's pages (publications/) out of nginx's sight, if it holds nothing else
    publishing wrote; otherwise remove the pages one by one."""
    paths = [path for path, owner in manifest.items() if owner == kind]
    if not paths:
        return
    folders = {Path(path.lstrip("/")).parts[0] for path in paths}
    folder = root / folders.pop() if len(folders) == 1 else None
    inside = f"/{folder.name}/" if folder is not None else None
    others = [path for path, owner in manifest.items() if owner != kind and inside and path.startswith(inside)]
    if folder is not None and folder.is_dir() and not others and folder.parent == root:
        trash = root / TRASH
        trash.mkdir(exist_ok=True)
        name = ASIDE.join((kind, folder.name, uuid.uuid4().hex))
        folder.rename(trash / name)
        write_manifest(trash, dict.fromkeys(paths, kind), f"{name}.json")  # what it holds, for refilling it
    else:
        for path in paths:
            _remove(root, path)
    for path in paths:
        manifest.pop(path, None)


ASIDE = "~"  # a folder set aside is named kind~folder~random in the trash, its list of pages beside it (.json)


def set_aside(root, kinds=None):
    """{folder: (its copy in the trash, the pages it held)} for the folders of these kinds (any when None) that a
    withdrawal set aside and nothing has published again since."""
    trash = Path(root) / TRASH
    try:
        names = sorted(os.listdir(trash))
    except OSError:
        return {}
    found = {}
    for name in names:
        kind, _, folder = name.partition(ASIDE)
        folder = folder.rpartition(ASIDE)[0]
        if (kinds is not None and kind not in kinds) or not folder or folder in found or name.endswith(".json"):
            continue
        listed = read_manifest(trash, f"{name}.json")
        if listed and (trash / name).is_dir() and not (Path(root) / folder).exists():
            found[folder] = (str(trash / name), listed)
    return found


# ------------------------------------------------------------------------------------------ rendering
class Writer:
    """Writes pages into a publish root while the site version is still the one the rendering started from.

    Pages are rendered, compressed and written under temporary names without the publish root's lock, and swapped
    in a batch at a time under it (renames: milliseconds), each batch after a check of the version. A change bumps
    the version when it commits, before its withdrawal takes the lock, so a batch is either swapped in before that
    withdrawal (which then removes what the change touched) or not at all: the Writer stops, and the job that asked
    for it runs again (publishing.tasks). A page rendered from rows another change has replaced is never published,
    a save waits for one batch's renames at most, and the processes of a parallel publish do not wait for each
    other.

    A kind rendered whole whose folder a withdrawal set aside (the owner renamed) is written into that copy, over
    its old files, out of nginx's sight, and put back in one rename at the end, less the pages not written again:
    creating files is what costs most here (0.6 ms a file or folder, against 0.05 ms to rewrite one). A Writer
    that stops leaves the copy in the trash, with the pages it wrote added to its list, for the job that runs
    again."""

    BATCH = 32  # pages written under one check of the version (a check is a round trip to the cache, ~1 ms here)

    def __init__(self, root, version=None, check_version=True):
        self.root = Path(root)
        self.version = (version or site_version()[0]) if check_version else None
        self.manifest = {}  # {address: kind} of the pages written (or found already there as they are)
        self.media = {}  # {address: the uploads the page names}
        self.aside = {}  # {folder: (its copy set aside, being refilled; the pages it held)}
        self.refilled = {}  # {address: kind} of the pages written into copies set aside, current or not
        self.written, self.failed, self.outdated, self.stopped = 0, [], 0, False
        self.pending = []
        # progress(written, total): a job's (jobs.runner), if one asks. The total is an estimate (an object may have
        # more than one page): the pages published the last time, when known, else the objects and site pages.
        self.progress, self.total = None, 0

    def current(self):
        return self.version is None or site_version()[0] == self.version

    def write(self, path, body, kind=SITE):
        """Write a page with the next batch; one already there as it is is only recorded."""
        if self.stopped:
            self.outdated += 1
            return
        target, atomic = self._file(path)
        named = media.named_in(body) if target.suffix in media.TEXT else None
        versions = None if unchanged(target, body) else page_versions(target, body)
        self.pending.append((path, kind, target, atomic, versions, named))
        if len(self.pending) >= self.BATCH:
            self.flush()

    def flush(self):
        """Publish the batch, if no change has committed since the rendering started; otherwise stop."""
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        staged, current = [], False
        try:
            for path, kind, target, atomic, versions, _ in batch:
                if versions is not None:
                    staged.append(stage(target, versions, atomic))
                if not atomic:
                    self.refilled[path] = kind
            with locked(self.root):
                current = self.current()
                if current:
                    for files in staged:
                        commit(files)
        finally:
            if not current:
                for files in staged:
                    discard(files)
        if not current:
            self.stopped = True
            self.outdated += len(batch)
            return
        for path, kind, *_, named in batch:
            self.manifest[path] = kind
            if named is not None:
                self.media[path] = named
        self.written += len(batch)
        if self.progress is not None:
            self.progress(self.written, self.total)

    def _file(self, path):
        """The file a page is written to, and whether readers may see it meanwhile (it is not in a copy set aside)."""
        parts = page_parts(path)
        aside = self.aside.get(parts[0]) if len(parts) > 1 else None
        return (Path(self.root, *parts), True) if aside is None else (Path(aside[0], *parts[1:]), False)

    def _remove(self, path):
        try:
            remove_page(self._file(path)[0])
        except UnsafePath:
            logger.warning("Not removing %r: it is not a page address publishing writes.", path)

    def pages(self, items, kind=SITE):
        """Write (path, body) pairs from an iterator; a page whose rendering fails is logged and left to Django."""
        iterator = iter(items)
        while not self.stopped:
            try:
                path, body = next(iterator)
            except StopIteration:
                return
            except Exception:
                logger.exception("Could not render the %s pages; Django serves them until the next change.", kind)
                self.failed.append(kind)
                return
            self.write(path, body, kind)

    def site_pages(self, paths):
        for path in paths:
            if self.stopped:
                return
            try:
                body = render_path(path)
            except Exception:
                logger.exception("Could not publish %s; Django serves it until the next change.", path)
                self.failed.append(path)
                continue
            self.write(path, body)

    def run(self, site, kinds):
        """Write the site pages at these addresses and every page of the kinds' public objects ({kind: ids or
        ALL}). On PostgreSQL, a long job is shared among processes, one a core, site pages included."""
        jobs = [(SITE, list(site))] if site else []
        jobs += [(kind, ALL if ids == ALL else sorted(ids)) for kind, ids in kinds.items()]
        with locked(self.root):
            self.aside = set_aside(self.root, {kind for kind, ids in kinds.items() if ids == ALL})
        processes = os.cpu_count() or 1
        connection = connections["default"]
        parallel = processes > 1 and connection.vendor == "postgresql" and not connection.in_atomic_block
        if parallel:
            keys = {
                kind: list(public_objects(kind, ids).order_by("pk").values_list("pk", flat=True))
                for kind, ids in jobs
                if kind != SITE
            }
            parallel = sum(map(len, keys.values())) >= PARALLEL_FROM
        if not parallel:
            if self.progress is not None:
                counted = sum(len(ids) if kind == SITE else public_objects(kind, ids).count() for kind, ids in jobs)
                self.total = max(self.total, counted)
            for kind, payload in jobs:
                self._job(kind, payload)
            self.flush()
            return
        # Site pages one a share (the homepage, the CV and the BibTeX file each cost as much as many publications),
        # first, so that the long ones start early.
        shares = [(SITE, [path]) for kind, payload in jobs if kind == SITE for path in payload]
        for kind, pks in keys.items():
            # Small shares even out the processes' loads (one finishing its last share while the other idles).
            count = max(processes * 3, -(-len(pks) // SHARE_SIZE))
            shares += [(kind, pks[i::count]) for i in range(count) if pks[i::count]]
        self.total = max(self.total, sum(len(ids) for _, ids in shares))
        connections.close_all()  # each process opens its own
        pool = multiprocessing.get_context("fork").Pool(processes, initializer=_default_signals)
        results, written = [], 0
        try:
            for result in pool.imap_unordered(
                _write_share, [(str(self.root), kind, ids, self.version, self.aside) for kind, ids in shares]
            ):
                results.append(result)
                written += result[3]
                if self.progress is not None:
                    self.progress(self.written + written, self.total)
            pool.close()
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()
        for manifest, named, refilled, written, failed, outdated, stopped in results:
            self.manifest.update(manifest)
            self.media.update(named)
            self.refilled.update(refilled)
            self.written, self.outdated = self.written + written, self.outdated + outdated
            self.failed += failed
            self.stopped |= stopped

    def _job(self, kind, payload):
        if kind == SITE:
            self.site_pages(payload)
        else:
            self.pages(rendered(kind, public_objects(kind, payload)), kind)

    def finish(self, whole=False, keep=()):
        """Write what is left, put back the folders refilled, and record what was written, under the lock. A whole
        publish (whole=True) that was not stopped also removes the pages published before that it did not write
        again (but those at the addresses in `keep`). Returns the Writer."""
        self.flush()
        with locked(self.root):
            if not self.current():
                self.stopped = True
            for folder, (copy, held) in self.aside.items():
                (self._keep_aside if self.stopped else self._put_back)(folder, copy, held)
            self.aside = {}
            manifest = read_manifest(self.root)
            if whole and not self.stopped:
                kept = {path: manifest[path] for path in keep if path in manifest}
                for path in set(manifest) - set(self.manifest) - set(kept):
                    _remove(self.root, path)
                manifest = {**kept, **self.manifest}
            else:
                manifest.update(self.manifest)
            write_manifest(self.root, manifest)
            media.update(self.root, manifest, self.media)
            _take_out_trash(self.root)
        _empty_bins(self.root)
        return self

    def _written_in(self, folder):
        return [path for path in self.manifest if page_parts(path)[0] == folder]

    def _put_back(self, folder, copy, held):
        """Put a refilled copy back in place, less the pages it held that were not written again."""
        for path in held:
            if path not in self.manifest:
                self._remove(path)
        try:
            os.rename(copy, self.root / folder)
        except OSError:  # something else is there now: the pages stay with Django until the next publish
            logger.warning("Could not put %s back in place; Django serves its pages until the next publish.", folder)
            self._keep_aside(folder, copy, held)

    def _keep_aside(self, folder, copy, held):
        """Leave a copy in the trash, its list grown by the pages written into it (current or not): the next job
        refills it, and removes what it does not write again."""
        refilled = {path: kind for path, kind in self.refilled.items() if page_parts(path)[0] == folder}
        trash, name = os.path.split(copy)
        write_manifest(trash, {**held, **refilled}, f"{name}.json")
        for path in self._written_in(folder):
            self.manifest.pop(path)
            self.media.pop(path, None)


PARALLEL_FROM = 200  # objects; below this, forking costs more than it saves
SHARE_SIZE = 300  # objects a share at most (about half a second of work)


def _default_signals():
    """In a forked process: the default signal handlers, not the parent's (db_worker's SIGTERM handler would make
    a process ignore the pool's terminate(), and the pool would wait for it forever)."""
    for name in ("SIGTERM", "SIGINT", "SIGQUIT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)


def _write_share(share):
    """In a forked process: write a share of the pages (root, kind, ids, version, folders set aside); what the
    parent's Writer needs back (which puts back the folders set aside and records what was written)."""
    root, kind, payload, version, aside = share
    writer = Writer(root, version=version, check_version=version is not None)
    writer.aside = aside
    if writer.current():  # a share taken after a change committed renders nothing
        writer._job(kind, payload)
        writer.flush()
    else:
        writer.stopped = True
    connections.close_all()
    return (
        writer.manifest,
        writer.media,
        writer.refilled,
        writer.written,
        writer.failed,
        writer.outdated,
        writer.stopped,
    )


def render_change(change, root=None, progress=None):
    """Render and write the pages a change touched (withdraw() has removed them), then ask the document worker for
    the documents it touched. Returns the Writer (`stopped` if a later change committed meanwhile). `progress`: as
    Writer's."""
    root = Path(root or settings.VITA_PUBLISH_ROOT)
    if change.everything:
        writer = publish(root, documents=False, progress=progress)
    else:
        writer = Writer(root)
        writer.progress = progress
        try:
            writer.run(site_paths(change.site), change.objects)
        finally:  # what was written is recorded even if a page could not be rendered
            writer.finish()
    names = [
        name for name in (pages.site_pages if change.everything else change.site) if pages.site_pages[name].document
    ]
    if names:
        from .tasks import publish_documents

        publish_documents.enqueue(sorted(names))
    return writer


DOCUMENT_VERSIONS = ".vita-documents.json"


def render_documents(names, root=None):
    """Render these documents (site pages marked `document`) and put each in place of the one before, unless it was
    already made from the current content. The rendering (long) holds no lock; only the swap does, so pages keep
    being published meanwhile. Returns the addresses written."""
    root = Path(root or settings.VITA_PUBLISH_ROOT)
    written = []
    for path in site_paths(names, documents=True):
        version = site_version()[0]
        with locked(root):
            made_from = read_manifest(root, DOCUMENT_VERSIONS).get(path)
        if made_from == version:
            continue  # a later task already made it from this content
        try:
            body = render_path(path)
        except Exception:
            logger.exception("Could not make %s; the one before stays until the next change.", path)
            continue
        with locked(root):
            write_page(file_for(root, path), body)
            manifest = read_manifest(root)
            manifest[path] = SITE
            write_manifest(root, manifest)
            versions = read_manifest(root, DOCUMENT_VERSIONS)
            versions[path] = version
            write_manifest(root, versions, DOCUMENT_VERSIONS)
        written.append(path)
    return written


def publish(root=None, base_url=None, check_version=True, documents=True, progress=None):
    """Render every public page into root, replacing what is there; remove the pages published before that no
    longer exist. Documents too, unless documents=False (the worker's: the document worker makes them). Returns the
    Writer (its `written` count; `stopped` if a change committed meanwhile, when the pages not yet written are left
    to Django and to that change's job)."""
    root = Path(root or settings.VITA_PUBLISH_ROOT)
    started = time.perf_counter()
    with site_url_as(base_url or site_url()):
        with locked(root):
            remove_leftovers(root)
            chrome_changed(root)
        writer = Writer(root, check_version=check_version)
        writer.progress = progress
        if progress is not None:
            with locked(root):
                writer.total = len(read_manifest(root))
        try:
            writer.run(
                site_paths() + (site_paths(documents=True) if documents else []), dict.fromkeys(pages.kinds, ALL)
            )
        except BaseException:
            writer.stopped = True  # recorded, but nothing removed: the pages not written may still exist
            raise
        finally:
            # Without documents, the ones there stay until the document worker replaces them.
            writer.finish(whole=True, keep=() if documents else site_paths(documents=True))
    logger.info("Published %d pages in %.1f s", writer.written, time.perf_counter() - started)
    return writer


EMPTYING = ".vita-emptying-"  # what the trash held, taken out under the lock, removed after it


def _take_out_trash(root):
    """Under the lock: move what the trash holds into a folder of its own, to be removed once the lock is let go
    (_empty_bins: removing a thousand withdrawn pages takes a while, and a save waits for the lock). The copies set
    aside that wait to be refilled (their folder is not back in place) stay."""
    trash = Path(root) / TRASH
    waiting = {os.path.basename(copy) for copy, _ in set_aside(root).values()}
    if not waiting:
        with contextlib.suppress(FileNotFoundError):
            os.rename(trash, Path(root) / f"{EMPTYING}{os.urandom(8).hex()}")
        return
    out = Path(root) / f"{EMPTYING}{os.urandom(8).hex()}"
    for name in os.listdir(trash):
        if name.removesuffix(".json") not in waiting:
            out.mkdir(exist_ok=True)
            os.rename(trash / name, out / name)


def _empty_bins(root):
    """Remove what _take_out_trash moved out (this Writer's, another's, or one a crash left)."""
    for path in Path(root).glob(f"{EMPTYING}*"):
        shutil.rmtree(path, ignore_errors=True)
