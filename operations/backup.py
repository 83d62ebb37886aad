"""One archive holds a whole site: the database as JSON (any database: SQLite or PostgreSQL) and the media folder.

`manage.py backup FILE` writes it; `manage.py restore FILE` puts it back into an empty database (or, with
--replace, over the current one), in one transaction.
"""

import io
import json
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.management import call_command
from django.db import transaction

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
        info = tarfile.TarInfo("data.json")
        info.size = len(payload)
        archive.addfile(info, io.BytesIO(payload))
        if media.is_dir():
            archive.add(media, arcname="media")
    Path(handle.name).replace(path)
    return len(json.loads(payload))


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
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        try:
            with tarfile.open(path, mode="r:gz") as archive:
                members = archive.getmembers()
                for member in members:
                    name = PurePosixPath(member.name)
                    if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
                        raise BackupError(f"{path} holds an unsafe entry ({member.name}); nothing was restored.")
                if "data.json" not in {m.name for m in members}:
                    raise BackupError(f"{path} is not a Vita backup (it has no data.json).")
                archive.extractall(work, filter="data")
        except (tarfile.TarError, OSError, EOFError) as error:
            raise BackupError(f"{path} is not a readable backup archive ({error}).") from error
        with transaction.atomic():
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(work / "data.json"), verbosity=0)
        if (work / "media").is_dir():
            media = Path(settings.MEDIA_ROOT)
            media.mkdir(parents=True, exist_ok=True)
            for source in (work / "media").rglob("*"):
                target = media / source.relative_to(work / "media")
                if source.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    source.replace(target)
