from django.core.management.base import BaseCommand, CommandError

from importers.academicpages import AcademicpagesError, import_academicpages


class Command(BaseCommand):
    help = "Import an academicpages (Jekyll) site: profile, publications, talks, courses. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The site's folder (the one with _config.yml).")

    def handle(self, *args, path, **options):
        try:
            report = import_academicpages(path)
        except AcademicpagesError as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        for line in report.lines() or ["Nothing new to import."]:
            self.stdout.write(line)
