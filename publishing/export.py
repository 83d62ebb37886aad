"""A complete static copy of the public site, for GitHub Pages or any static host."""

import shutil
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.template.loader import render_to_string

from core.pages import pages

from .files import LOCK, MANIFEST, UnsafePath, file_for
from .publish import publish


def export_site(target, base_url):
    """Every public page (absolute URLs naming base_url), the static files and the media."""
    target = Path(target)
    publish(root=target, base_url=base_url)
    write_redirects(target, base_url)
    for name in (MANIFEST, LOCK):
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
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        shutil.copytree(media, target / settings.MEDIA_URL.strip("/"), dirs_exist_ok=True)
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
