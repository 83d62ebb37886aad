from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from publishing.export import export_site


class Command(BaseCommand):
    help = "Write a complete static copy of the public site (pages, static files, media) for any static host."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--base-url", required=True, help="Where the copy will be served, e.g. https://me.github.io"
        )

    def handle(self, *args, directory, base_url, **options):
        if not base_url.startswith(("http://", "https://")):
            raise CommandError("--base-url must start with http:// or https://")
        if directory.exists() and any(directory.iterdir()):
            raise CommandError(f"{directory} is not empty; export into a new or empty folder.")
        export_site(directory, base_url.rstrip("/"))
        files = sum(1 for path in directory.rglob("*") if path.is_file())
        self.stdout.write(f"Exported {files} files to {directory}, for {base_url}.")
