from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from publications.bibtex import BibtexError, import_bibtex


class Command(BaseCommand):
    help = "Import publications from a BibTeX file. All or nothing; publications already here are left as they are."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Print what would change and write nothing.")

    def handle(self, *args, file, dry_run, **options):
        try:
            text = file.read_text(encoding="utf-8-sig")
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {file}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} is not UTF-8 text, so it is not a BibTeX file this can read.") from error
        try:
            report = import_bibtex(text, dry_run=dry_run)
        except BibtexError as error:
            raise CommandError(f"Nothing was imported from {file}:\n" + "\n".join(error.problems)) from error
        for line in report.lines():
            self.stdout.write(line)
