from pathlib import Path

from django.core.management.base import BaseCommand

from publications.bibtex import export_bibtex
from publications.models import Publication


class Command(BaseCommand):
    help = "Write every publication as BibTeX (to standard output, or to --output FILE)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, help="A file to write instead of standard output.")
        parser.add_argument("--public-only", action="store_true", help="Leave out publications hidden from the site.")
        parser.add_argument(
            "--for-citation",
            action="store_true",
            help="Standard fields only, as a publication's page offers them (by default everything Vita keeps, so "
            "that importing the file again loses nothing).",
        )

    def handle(self, *args, output, public_only, for_citation, **options):
        publications = Publication.objects.for_listing()
        if public_only:
            publications = publications.public()
        text = export_bibtex(publications.in_page_order(), citation=for_citation)
        if output:
            output.write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {publications.count()} publication(s) to {output}.")
        else:
            self.stdout.write(text, ending="")
