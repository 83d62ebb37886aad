"""A complete static copy of the public site, for GitHub Pages or any static host."""

import html
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.template.loader import render_to_string

from core.pages import pages
from core.site import as_static_copy

from .files import LOCK, MANIFEST, UnsafePath, file_for
from .publish import publish


def export_site(target, base_url):
    """Every public page (absolute URLs naming base_url, the site's Content-Security-Policy in a <meta>, since a
    static host sends no headers), the static files and the media those pages use."""
    target = Path(target)
    with as_static_copy():
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
    copy_used_media(target)
    return target


TEXT_FILES = (".html", ".xml", ".json", ".atom", ".txt", ".bib", ".css")


def used_media(target):
    """The media files the exported pages name (a photo, a project's image, a post's pictures, the CV PDF): never
    what nothing public shows (a replaced photo, a hidden draft's images)."""
    pattern = re.compile(re.escape(settings.MEDIA_URL) + r"""([^"'\s<>()?#]+)""")
    found = set()
    for path in Path(target).rglob("*"):
        if path.suffix in TEXT_FILES and path.is_file():
            for match in pattern.finditer(path.read_text(errors="replace")):
                found.add(unquote(html.unescape(match.group(1))))
    return found


def copy_used_media(target):
    root = Path(settings.MEDIA_ROOT).resolve()
    out = Path(target) / settings.MEDIA_URL.strip("/")
    for name in sorted(used_media(target)):
        source = (root / name).resolve()
        if root not in source.parents or not source.is_file():
            continue  # outside the media folder (a link, ..) or not there
        destination = out / source.relative_to(root)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)


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
