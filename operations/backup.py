"""One archive holds a whole site: the database as JSON (any database: SQLite or PostgreSQL) and the media folder.

`manage.py backup FILE` writes it; `manage.py restore FILE` puts it back into an empty database (or, with
--replace, over the current one), in one transaction.
"""

import io
import json
import logging
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.management import call_command
from django.db import transaction

logger = logging.getLogger("vita")

# Derived or transient data that is not worth keeping: rebuilt by migrate, or meaningful only for a while.
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "axes"]


class BackupError(Exception):
    pass


def write_backup(path):
    """Write the archive to `path` (atomically: a half-written file never has the final name)."""
    path = Path(path)
    data = io.StringIO()
    call_command(
        "dumpdata",
        *[f"--exclude={label}" for label in EXCLUDE],
        natural_foreign=True,
        natural_primary=True,
        indent=None,
        stdout=data,
    )
    payload = data.getvalue().encode()
    media = Path(settings.MEDIA_ROOT)
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.NamedTemporaryFile(dir=path.parent, suffix=".partial", delete=False) as handle,
        tarfile.open(fileobj=handle, mode="w:gz") as archive,
    ):
        marker = tarfile.TarInfo(MARKER)
        marker.size = len(MARKER_TEXT)
        archive.addfile(marker, io.BytesIO(MARKER_TEXT))
        info = tarfile.TarInfo("data.json")
        info.size = len(payload)
        archive.addfile(info, io.BytesIO(payload))
        if media.is_dir():
            archive.add(media, arcname="media", filter=_no_links)
    Path(handle.name).replace(path)
    return len(json.loads(payload))


MARKER = "VITA-BACKUP"  # the first member of every archive Vita writes
MARKER_TEXT = b"A Vita backup: data.json (the database) and media/ (the uploads). Restore with manage.py restore.\n"
MAX_RESTORE_BYTES = 20 * 1024**3  # what an archive may unpack to, at most (a tar or gzip bomb stops here)
MAX_RESTORE_MEMBERS = 500_000


def _no_links(member):
    """Media are archived as regular files and folders; a symbolic link (which restore refuses, and which may
    point anywhere) is left out, with a warning."""
    if member.issym() or member.islnk():
        logger.warning("Backup: %s is a link, so it is not in the archive.", member.name)
        return None
    return member


def is_vita_backup(path):
    """Whether a file is an archive Vita wrote (its first member is the marker, or data.json before it had one)."""
    try:
        with tarfile.open(path, mode="r:gz") as archive:
            first = archive.next()
    except (tarfile.TarError, OSError, EOFError):
        return False
    return first is not None and first.name in (MARKER, "data.json")


def has_content():
    from profile.models import Person, Profile
    from publications.models import Publication

    return Person.objects.exists() or Profile.objects.exists() or Publication.objects.exists()


def restore_backup(path, *, replace=False):
    """Restore an archive. Refuses to overwrite a site with content unless `replace`."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No such file: {path}")
    if has_content() and not replace:
        raise BackupError("This site already has content; restoring would replace it. Pass --replace to do so.")
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    # Unpacked beside the media folder (the same file system), so that the new media swap in with one rename.
    with tempfile.TemporaryDirectory(dir=media.parent, prefix=".vita-restore-") as work:
        work = Path(work)
        try:
            with tarfile.open(path, mode="r:gz") as archive:
                members = archive.getmembers()
                total = 0
                for member in members:
                    name = PurePosixPath(member.name)
                    if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
                        raise BackupError(f"{path} holds an unsafe entry ({member.name}); nothing was restored.")
                    total += member.size
                if total > MAX_RESTORE_BYTES or len(members) > MAX_RESTORE_MEMBERS:
                    raise BackupError(f"{path} would unpack to more than {MAX_RESTORE_BYTES // 1024**3} GB; refused.")
                if "data.json" not in {m.name for m in members}:
                    raise BackupError(f"{path} is not a Vita backup (it has no data.json).")
                archive.extractall(work, filter="data")
        except (tarfile.TarError, OSError, EOFError) as error:
            raise BackupError(f"{path} is not a readable backup archive ({error}).") from error
        restored = work / "media"
        restored.mkdir(exist_ok=True)
        aside = work / "previous-media"
        try:
            with transaction.atomic():
                call_command("flush", interactive=False, verbosity=0)
                call_command("loaddata", str(work / "data.json"), verbosity=0)
                # The media become exactly the archive's; inside the transaction, so that a failed swap leaves the
                # database as it was too.
                if media.exists():
                    media.rename(aside)
                restored.rename(media)
        except BaseException:
            if aside.exists():  # the database was rolled back: the media go back as they were
                if media.exists():
                    shutil.rmtree(media)
                aside.rename(media)
            raise
