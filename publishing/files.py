"""The publish root on disk: pages written atomically with .gz and .br copies, removed exactly, and a list of what
was written (the manifest), so that publishing only ever deletes files it wrote itself.

nginx serves these files before asking Django (deploy/nginx): a page missing here is rendered by Django, fresh.
"""

import contextlib
import fcntl
import gzip
import json
import os
import tempfile
from pathlib import Path

import brotli

COMPRESSIBLE = (".html", ".xml", ".atom", ".bib", ".txt", ".json")
MANIFEST = ".vita-pages.json"
LOCK = ".vita-publish.lock"
TEMPORARY_SUFFIX = ".tmp"


class UnsafePath(ValueError):
    pass


def file_for(root, path):
    """The file that holds the page at URL path ("/x/" is x/index.html), refused if it would fall outside root."""
    root = Path(root)
    relative = path.lstrip("/") + ("index.html" if path.endswith("/") else "")
    target = root / relative
    parts = Path(relative).parts
    if not relative or ".." in parts or any(part.startswith(".") for part in parts) or Path(relative).is_absolute():
        raise UnsafePath(f"{path!r} is not a page address publishing writes.")
    return target


def copies(target):
    return [target, target.with_name(target.name + ".gz"), target.with_name(target.name + ".br")]


def brotli_quality(size):
    """Brotli's best quality costs ~1.5 s on a 3 MB page; beyond 256 KB a lower one is nearly as small, 100× faster."""
    return 9 if size <= 256 * 1024 else 5


def write_page(target, content):
    """Write content, and .gz/.br copies for text, each swapped in with a rename: readers never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    versions = [(target, content)]
    if target.suffix in COMPRESSIBLE:
        gz = gzip.compress(content, compresslevel=9, mtime=0)
        br = brotli.compress(content, quality=brotli_quality(len(content)))
        versions += [(target.with_name(target.name + ".gz"), gz), (target.with_name(target.name + ".br"), br)]
    for path, data in versions:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=TEMPORARY_SUFFIX)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def remove_page(target):
    for path in copies(target):
        path.unlink(missing_ok=True)
    # Folders left empty (a publication's own folder) go too, up to the root's immediate children.
    folder = target.parent
    with contextlib.suppress(OSError):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def read_manifest(root):
    try:
        return set(json.loads((Path(root) / MANIFEST).read_text()))
    except (OSError, ValueError):
        return set()


def write_manifest(root, paths):
    root = Path(root)
    fd, temporary = tempfile.mkstemp(dir=root, prefix=".", suffix=TEMPORARY_SUFFIX)
    with os.fdopen(fd, "w") as handle:
        json.dump(sorted(paths), handle)
    os.replace(temporary, root / MANIFEST)


def remove_leftovers(root):
    """Temporary files a crash left behind (a write cut short) are removed."""
    for leftover in Path(root).rglob(f".*{TEMPORARY_SUFFIX}"):
        if leftover.is_file() and leftover.name != MANIFEST:
            leftover.unlink(missing_ok=True)


@contextlib.contextmanager
def locked(root):
    """One publish at a time on this publish root (processes and threads alike)."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
