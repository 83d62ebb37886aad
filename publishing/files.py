"""The publish root on disk: pages written atomically with their compressed copies, removed exactly, and a list of what
was written (the manifest), so that publishing only ever deletes files it wrote itself.

nginx serves these files before asking Django (deploy/nginx): a page missing here is rendered by Django, fresh.
"""

import contextlib
import fcntl
import gzip
import json
import os
import tempfile
import time
from pathlib import Path

import brotli

COMPRESSIBLE = (".html", ".xml", ".atom", ".bib", ".txt", ".json")
# Below this, a page gets no .gz/.br copies: nginx compresses so little so fast (gzip on, gzip_min_length 512) that
# two more files a page (a publication's .bib) cost more than they save.
MIN_COPY_SIZE = 1024
# Below this, a page gets a .br copy and no .gz: every browser asks for brotli, and for a client that does not (curl,
# some crawlers) nginx gzips a page this small on the fly in microseconds. A publication's page is 4 KB: one file
# less each is a fifth fewer files to create in a full publish, and creating files is most of its cost here
# (0.5 ms a file on this machine's ext4, against 1.5 ms to render the page).
GZIP_COPY_SIZE = 16 * 1024
MANIFEST = ".vita-pages.json"
LOCK = ".vita-publish.lock"
TRASH = ".vita-trash"  # pages set aside by a change, emptied by the worker
TEMPORARY_SUFFIX = ".tmp"


class UnsafePath(ValueError):
    pass


def page_parts(path):
    """The parts of the file name that holds the page at URL path ("/x/" is x/index.html), refused if it would fall
    outside the root (or name a dot-file, publishing's own). Plain string work: a change may ask for thousands."""
    relative = path.lstrip("/") + ("index.html" if path.endswith("/") else "")
    parts = [part for part in relative.split("/") if part]
    if not parts or any(part.startswith(".") for part in parts) or "\0" in relative:
        raise UnsafePath(f"{path!r} is not a page address publishing writes.")
    return parts


def file_for(root, path):
    """The file in root that holds the page at URL path (see page_parts)."""
    return Path(root, *page_parts(path))


COPY_SUFFIXES = (".gz", ".br")  # a page's compressed copies are named after it, these added


def copies(target):
    return [target, *(target.with_name(target.name + suffix) for suffix in COPY_SUFFIXES)]


def brotli_quality(size):
    """Brotli's quality 9 costs 2 ms on a 4 KB page and 1.5 s on a 3 MB one, where 8 costs 0.15 ms for the same
    bytes (measured on publication pages) and 5 is within 6% of 9's size on a long homepage."""
    return 8 if size <= 1024 * 1024 else 5


def wanted_copies(target, content):
    """The compressed copies a page gets (some of copies(target)): none below 1 KB, .br from there, .gz too from
    16 KB."""
    if target.suffix not in COMPRESSIBLE or len(content) < MIN_COPY_SIZE:
        return []
    gz, br = copies(target)[1:]
    return [gz, br] if len(content) >= GZIP_COPY_SIZE else [br]


def unchanged(target, content):
    """Whether the page (and its copies) are already there with this content (reading is 30× cheaper than writing a
    file over an old one, and most pages of a full publish have not changed)."""
    try:
        if target.read_bytes() != content:
            return False
    except OSError:
        return False
    return all(path.exists() for path in wanted_copies(target, content))


def page_versions(target, content):
    """[(file, bytes)]: the page, and its compressed copies (wanted_copies; made before the publish root is locked:
    compressing a long homepage takes longer than writing it)."""
    versions = [(target, content)]
    for path in wanted_copies(target, content):
        if path.suffix == ".gz":
            versions.append((path, gzip.compress(content, compresslevel=9, mtime=0)))
        else:
            versions.append((path, brotli.compress(content, quality=brotli_quality(len(content)))))
    return versions


def stage(target, versions, atomic=True):
    """Write a page's versions (page_versions) where no reader sees them yet: beside their files under temporary
    names (this process's), to be swapped in by commit() under the publish root's lock, or discard()ed. Creating
    files is the slow part, so it is done before taking the lock. atomic=False writes over the files in place
    instead, for a folder no reader sees (being refilled out of nginx's sight): creating a file costs ten times as
    much as rewriting one on this machine. Returns what commit() and discard() take."""
    staged = []
    try:
        for path, data in versions:
            temporary = path.with_name(f".{path.name}.{os.getpid()}{TEMPORARY_SUFFIX}") if atomic else path
            try:
                _write(temporary, data)
            except FileNotFoundError:  # its folder is new (or a withdrawal just removed it, empty)
                path.parent.mkdir(parents=True, exist_ok=True)
                _write(temporary, data)
            staged.append((temporary, path))
    except BaseException:
        discard(staged)
        raise
    # A copy left from a larger version of the page would be served instead of it.
    written = {path for path, _ in versions}
    staged += [(None, path) for path in copies(target)[1:] if path not in written]
    return staged


def commit(staged):
    """Swap staged versions in (each with a rename: readers never see half a file); remove stale copies."""
    for temporary, path in staged:
        if temporary is None:
            path.unlink(missing_ok=True)
        elif temporary != path:
            os.replace(temporary, path)


def discard(staged):
    for temporary, path in staged:
        if temporary is not None and temporary != path:
            temporary.unlink(missing_ok=True)


def write_page(target, content, atomic=True):
    """Write a page and its compressed copies (see stage), unless it is already there as it is."""
    if not unchanged(target, content):
        commit(stage(target, page_versions(target, content), atomic))


def _write(path, data):
    """Write data over the file (made if missing), then cut it to length: truncating first, as O_TRUNC does, frees
    the old blocks only to take new ones, and costs eight times as much as the write on this machine's ext4."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.ftruncate(fd, len(data))
    finally:
        os.close(fd)


def remove_page(target):
    name = os.fspath(target)
    for path in (name, *(name + suffix for suffix in COPY_SUFFIXES)):  # copies(), as strings: there may be thousands
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
    folder, base = os.path.split(name)
    if base == "index.html":  # the page's own folder ("/x/" is x/index.html) goes too, if nothing else is in it
        with contextlib.suppress(OSError):
            os.rmdir(folder)


def read_manifest(root, name=MANIFEST):
    """{page address: the kind of object it belongs to ("" for a site page)} for every page publishing wrote here
    (or another of publishing's lists kept the same way: `name`)."""
    try:
        data = json.loads((Path(root) / name).read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else dict.fromkeys(data, "")


def write_manifest(root, manifest, name=MANIFEST):
    root = Path(root)
    fd, temporary = tempfile.mkstemp(dir=root, prefix=".", suffix=TEMPORARY_SUFFIX)
    with os.fdopen(fd, "w") as handle:
        handle.write(json.dumps(dict(sorted(manifest.items()))))  # one write: json.dump writes piece by piece
    os.replace(temporary, root / name)


LEFTOVER_SECONDS = 600


def remove_leftovers(root):
    """Temporary files a crash left behind (a write cut short) are removed: those older than any publish still
    running may take."""
    cutoff = time.time() - LEFTOVER_SECONDS
    for leftover in Path(root).rglob(f".*{TEMPORARY_SUFFIX}"):
        with contextlib.suppress(OSError):
            if leftover.is_file() and leftover.stat().st_mtime < cutoff:
                leftover.unlink()


@contextlib.contextmanager
def locked(root):
    """The publish root's steps that must not interleave, one at a time (processes and threads alike): a
    withdrawal, a batch's check of the version and renames, a Writer's bookkeeping at its end. Short: rendering and
    writing files happen outside it."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
