from pathlib import Path

from django.core.management.base import BaseCommand

from operations.backup import is_vita_backup, write_backup


class Command(BaseCommand):
    help = "Write the database and the media folder into one .tar.gz archive (restore it with `restore`)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The archive to write, e.g. backups/vita-2026-11-28.tar.gz")
        parser.add_argument(
            "--keep",
            type=int,
            help="Then delete all but the newest N of Vita's backups in that folder (no other file).",
        )

    def handle(self, *args, file, keep, **options):
        count = write_backup(file)
        self.stdout.write(f"Wrote {file} ({count} records and the media folder).")
        if keep:
            archives = [path for path in file.parent.glob("*.tar.gz") if is_vita_backup(path)]
            archives.sort(key=lambda path: path.stat().st_mtime, reverse=True)
            for old in archives[keep:]:
                old.unlink()
                self.stdout.write(f"Deleted the old backup {old}.")
