"""Public pages as files: rendered into DJANGO_PUBLISH_ROOT, for nginx to serve before asking Django.

`publish()` renders every public page; `publish_change(change)` only those a change touched (publishing.changes).
The pages a change touches are removed before any is rendered again: until each is rewritten, nginx hands its
requests to Django, which renders them from the new rows, so no page is ever served stale, however long the
re-render takes. Pages whose object is gone (deleted, hidden, renamed) are removed; publishing removes only files
its manifest says it wrote or the registry names as a page's address.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.test import RequestFactory
from django.urls import resolve, reverse

from core.pages import ALL, pages
from core.site import site_url, site_url_as

from .files import file_for, locked, read_manifest, remove_leftovers, remove_page, write_manifest, write_page

logger = logging.getLogger("vita")


def site_paths(names=None):
    return [reverse(name) for name in (pages.site_pages if names is None else names)]


def object_paths(kind, obj):
    """The addresses of one object's pages."""
    declared = pages.kinds[kind]
    args = declared.args(obj)
    return [reverse(name, args=args) for name in declared.url_names]


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


def _write(root, paths, manifest):
    """Render and write each page; a page that fails is logged and left for Django to serve."""
    failed = []
    for path in paths:
        try:
            write_page(file_for(root, path), render_path(path))
        except Exception:
            logger.exception("Could not publish %s; Django serves it until the next change.", path)
            failed.append(path)
            continue
        manifest.add(path)
    return failed


def _remove(root, paths, manifest):
    """Remove the pages at these addresses (page addresses only: file_for refuses anything else)."""
    for path in paths:
        remove_page(file_for(root, path))
        manifest.discard(path)


def publish(root=None, base_url=None):
    """Render every public page into root; remove the pages published before that no longer exist."""
    root = root or settings.VITA_PUBLISH_ROOT
    with site_url_as(base_url or site_url()), locked(root):
        remove_leftovers(root)
        manifest = read_manifest(root)
        current = site_paths()
        for kind in pages.kinds:
            for obj in public_objects(kind):
                current += object_paths(kind, obj)
        _remove(root, manifest - set(current), manifest)
        failed = _write(root, current, manifest)
        write_manifest(root, manifest)
    return len(current) - len(failed)


def publish_change(change, root=None):
    """Publish what a Change touched: its pages are removed first, then rendered again."""
    if change.everything:
        return publish(root)
    root = root or settings.VITA_PUBLISH_ROOT
    with locked(root):
        manifest = read_manifest(root)
        render = site_paths(change.site)
        for kind, ids in change.objects.items():
            for obj in public_objects(kind, ids):
                render += object_paths(kind, obj)
        _remove(root, set(render) | change.gone, manifest)
        _write(root, render, manifest)
        write_manifest(root, manifest)
    return len(render)
