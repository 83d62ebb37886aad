from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cv.formats import read_file, save


class Command(BaseCommand):
    help = (
        "Import a CV: JSON Resume (resume.json, v1.0 or older names, JSONC) or RenderCV YAML (cv: with sections:). "
        "Adds what is not here yet; never overwrites what was edited in Vita."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="resume.json or a RenderCV .yaml file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            raw = path.read_text(encoding="utf-8-sig")
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror or error}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path}: not UTF-8 text ({error.reason}).") from error
        try:
            data = read_file(raw, path.name)
        except ValueError as error:
            raise CommandError(str(error)) from error
        report = save(data, path.name)
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Imported {path.name}."))
