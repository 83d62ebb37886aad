from django.core.management.base import BaseCommand, CommandError

from importers.alfolio import import_alfolio
from importers.jekyll import SiteError


class Command(BaseCommand):
    help = (
        "Import an al-folio (Jekyll) site: profile and socials, _bibliography/papers.bib, news, projects, posts, "
        "pages and the CV (_data/cv.yml, assets/json/resume.json). Safe to run again: what is already here is left "
        "as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The site's folder (the one with _config.yml).")
        parser.add_argument("--base-url", help="The old site's address, if _config.yml's `url` is not it.")

    def handle(self, *args, path, base_url, **options):
        try:
            report = import_alfolio(path, base_url=base_url)
        except SiteError as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        for line in report.lines() or ["Nothing new to import."]:
            self.stdout.write(line)
