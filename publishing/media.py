"""The uploads that public pages show, and only those, beside the pages in the publish root (`media/`), for nginx to
serve: a photo, a project's image, a post's pictures, the CV's PDF. What no public page names (a replaced photo,
kept for undo; a hidden draft's pictures) stays in MEDIA_ROOT, where only signed-in staff reach it (core.media).

Each page's uploads are listed when it is written (MEDIA_MANIFEST: {page address: [upload names]}); after a
publish (the worker's, or a whole one), the media folder is made to hold exactly the uploads of the pages there. A
withdrawal leaves them: Django serves the withdrawn pages meanwhile, and they show the same pictures.
"""

import functools
import html
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings

from .files import COMPRESSIBLE, read_manifest, write_manifest

MEDIA_MANIFEST = ".vita-media.json"
TEXT = (*COMPRESSIBLE, ".css")


@functools.lru_cache
def _pattern(media_url):
    return re.compile(re.escape(media_url).encode() + rb"""([^"'\s<>()?#\\]+)""")


def named_in(body):
    """The upload names (relative to MEDIA_ROOT) a page's bytes name: /media/x/y.jpg in a src, href or srcset."""
    if settings.MEDIA_URL.encode() not in body:  # most pages: a publication's, a .bib
        return []
    names = {match.group(1).decode(errors="replace") for match in _pattern(settings.MEDIA_URL).finditer(body)}
    return sorted({unquote(html.unescape(name)) for name in names})


def folder(root):
    return Path(root) / settings.MEDIA_URL.strip("/")


def source_of(name):
    """The upload's file in MEDIA_ROOT, or None if the name leads outside it (.., a link) or to nothing."""
    media_root = Path(settings.MEDIA_ROOT).resolve()
    source = (media_root / name).resolve()
    if media_root not in source.parents or not source.is_file():
        return None
    return source


def update(root, pages, written=None):
    """Keep the lists of the pages that are still there (`pages`: the publish manifest), with the new lists of the
    pages just written ({address: names}), and make the media folder hold exactly what they name."""
    before = read_manifest(root, MEDIA_MANIFEST)
    lists = {**before, **(written or {})}  # a page written again with no upload any more drops its old list
    lists = {path: names for path, names in lists.items() if names and path in pages}
    if lists != before:
        write_manifest(root, lists, MEDIA_MANIFEST)
    synchronise(root, {name for names in lists.values() for name in names})


def synchronise(root, names):
    """Copy in each named upload that is missing or differs; remove every file of the media folder no page names.
    The folder is publishing's alone (no page address lies under MEDIA_URL)."""
    out = folder(root)
    media_root = Path(settings.MEDIA_ROOT).resolve()
    wanted = {}
    for name in names:
        if source := source_of(name):
            wanted[out / source.relative_to(media_root)] = source
    if out.is_dir():
        for path in sorted(out.rglob("*"), reverse=True):
            if path.is_dir() and not path.is_symlink():
                if not any(path.iterdir()):
                    path.rmdir()
            elif path not in wanted:
                path.unlink()
    for target, source in wanted.items():
        stat = source.stat()
        try:
            there = target.stat()
            if there.st_size == stat.st_size and there.st_mtime_ns == stat.st_mtime_ns:
                continue
        except OSError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        shutil.copy2(source, temporary)
        os.replace(temporary, target)
