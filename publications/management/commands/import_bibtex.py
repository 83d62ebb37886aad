from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from publications.bibtex import BibtexError, import_bibtex, text_of


class Command(BaseCommand):
    help = (
        "Import publications from BibTeX or biblatex files, read as one bibliography (macros and crossref parents may "
        "be in files of their own). Publications already here are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", type=Path, nargs="+", metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="Print what would change and write nothing.")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the entries that can be read and list the blocks that cannot (by default, nothing is "
            "written while any block cannot be read).",
        )
        parser.add_argument(
            "--base-url", help="Where relative links (pdf = {paper.pdf}) pointed, e.g. https://me.github.io."
        )

    def handle(self, *args, files, dry_run, skip_invalid, base_url, **options):
        sources = []
        for file in files:
            try:
                sources.append((str(file), text_of(file.read_bytes())))
            except (FileNotFoundError, IsADirectoryError) as error:
                raise CommandError(f"No such file: {file}") from error
            except ValueError as error:
                raise CommandError(f"{file}: {error}") from error
        try:
            report = import_bibtex(sources, dry_run=dry_run, skip_invalid=skip_invalid, base_url=base_url)
        except BibtexError as error:
            raise CommandError(
                f"Nothing was imported; {len(error.problems)} block(s) cannot be read (--skip-invalid imports the "
                "rest):\n" + "\n".join(error.problems)
            ) from error
        for line in report.lines():
            self.stdout.write(line)
