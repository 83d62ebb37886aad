"""A complete static copy of the public site, for GitHub Pages or any static host."""

import shutil
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.template.loader import render_to_string

from core.pages import pages
from core.site import as_static_copy

from .files import LOCK, MANIFEST, UnsafePath, file_for
from .media import MEDIA_MANIFEST
from .publish import publish


def export_site(target, base_url):
    """Every public page (absolute URLs naming base_url, the site's Content-Security-Policy in a <meta>, since a
    static host sends no headers), the static files and the media those pages use (published with them)."""
    target = Path(target)
    with as_static_copy():
        publish(root=target, base_url=base_url)
    write_redirects(target, base_url)
    for name in (MANIFEST, LOCK, MEDIA_MANIFEST):  # publishing's own lists; the media folder holds what pages show
        (target / name).unlink(missing_ok=True)
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
    return target


def write_redirects(target, base_url):
    """Old addresses of what moved in, as pages that send the visitor on (a static host cannot answer 301; nginx
    and Django do, see pages.views)."""
    for old, new in pages.all_redirects():
        path = old if old.endswith((".html", ".htm", "/")) else old + "/"
        try:
            destination = file_for(target, path)
        except UnsafePath:
            continue
        if destination.exists():
            continue  # never over a page of the site's own
        destination.parent.mkdir(parents=True, exist_ok=True)
        page = render_to_string("redirect.html", {"url": base_url.rstrip("/") + new}, using="jinja2")
        destination.write_text(page)
