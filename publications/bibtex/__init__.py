"""BibTeX in (read.py, then publications.services) and out (write.py)."""

from dataclasses import dataclass, field

import reversion
from django.db import transaction

from history.revisions import recording

from ..services import PublicationService
from .read import Problem, Reading, read_bibtex, text_of
from .write import citation_key, entry_bibtex, export_bibtex

__all__ = [
    "MAX_BIBTEX_BYTES",
    "BibtexError",
    "ImportReport",
    "Problem",
    "Reading",
    "citation_key",
    "entry_bibtex",
    "export_bibtex",
    "import_bibtex",
    "read_bibtex",
    "text_of",
    "too_large",
]


class BibtexError(Exception):
    """The input cannot be imported as it is: `problems` names each block that cannot be read, with its place."""

    def __init__(self, problems, reading=None):
        self.problems = [str(problem) for problem in problems]
        self.reading = reading
        super().__init__("\n".join(self.problems))


@dataclass
class ImportReport:
    created: list = field(default_factory=list)  # titles
    skipped: list = field(default_factory=list)  # (title, why)
    merged: list = field(default_factory=list)  # (title, why)
    new_people: list = field(default_factory=list)
    new_sections: list = field(default_factory=list)
    publications: list = field(default_factory=list)  # those created
    problems: list = field(default_factory=list)  # blocks left out (with --skip-invalid)
    warnings: list = field(default_factory=list)
    parents: int = 0
    dry_run: bool = False

    def lines(self):
        verb = "Would import" if self.dry_run else "Imported"
        out = [f"{verb} {len(self.created)} publication(s); {len(self.skipped) + len(self.merged)} already here."]
        out += [f"  + {title}" for title in self.created]
        out += [f"  ~ {title} (the published version of a preprint here: {why})" for title, why in self.merged]
        out += [f"  = {title} ({why})" for title, why in self.skipped]
        if self.parents:
            out.append(f"{self.parents} entries only serve as crossref targets and are not publications.")
        if self.new_people:
            out.append(f"New people: {', '.join(self.new_people)}.")
        if self.new_sections:
            out.append(f"New sections: {', '.join(self.new_sections)}.")
        if self.problems:
            out.append(f"Left out, because they cannot be read ({len(self.problems)}):")
            out += [f"  ! {problem}" for problem in self.problems]
        if self.warnings:
            out.append(f"Warnings ({len(self.warnings)}):")
            out += [f"  ? {warning}" for warning in self.warnings]
        return out


MAX_BIBTEX_BYTES = 20 * 1024 * 1024  # some 60,000 entries; the largest real files in tests/data are under 1 MB


def too_large(sources):
    """A Problem when the texts are larger together than Vita reads at once (a 50 MB file would hold the import for
    many minutes and its memory for longer), else None."""
    size = sum(len(text.encode()) for _, text in sources)
    if size <= MAX_BIBTEX_BYTES:
        return None
    names = ", ".join(name for name, _ in sources if name) or "the BibTeX"
    return Problem(
        names,
        None,
        None,
        f"{size / 1024**2:.1f} MB is more than the {MAX_BIBTEX_BYTES // 1024**2} MB Vita reads at once; "
        "import it a part at a time. Nothing was imported.",
    )


def import_bibtex(sources, *, dry_run=False, skip_invalid=False, base_url=None, user=None, progress=None):
    """Import one or more BibTeX texts ([(name, text)], or one text) as one bibliography. Returns an ImportReport.

    A block that cannot be read stops the import with every such problem listed (BibtexError), unless
    skip_invalid: then the rest comes in and the report lists what was left out. A dry run does the whole import,
    so that its report is exactly what a real one would say, and rolls it back. A real one is one revision
    (history/), which Admin → Revisions can undo as a whole. `progress(done, total, phase)`, if given, hears how far
    it has got (the admin's import runs as a job: publications/tasks.py).
    """
    if isinstance(sources, str):
        sources = [("", sources)]
    if problem := too_large(sources):
        raise BibtexError([problem], Reading())
    if progress is not None:
        progress(0, 0, "Reading the BibTeX")
    reading = read_bibtex(sources, base_url=base_url)
    if reading.problems and not skip_invalid:
        raise BibtexError(reading.problems, reading)
    if not reading.entries:
        raise BibtexError(
            reading.problems or [Problem("", None, None, "no BibTeX entries were found: is this a .bib file?")], reading
        )
    report = ImportReport(
        dry_run=dry_run,
        problems=[str(p) for p in reading.problems],
        warnings=[str(w) for w in reading.warnings],
        parents=reading.parents,
    )
    names = ", ".join(name for name, _ in sources if name) or "BibTeX"
    with transaction.atomic(), recording(f"Imported {names}", user):
        service = PublicationService()
        for outcome in service.add_many([entry.spec for entry in reading.entries], progress=progress):
            title = outcome.spec.title
            if outcome.created:
                report.created.append(title)
                report.publications.append(outcome.publication)
            elif outcome.merged:
                report.merged.append((title, outcome.reason))
            else:
                report.skipped.append((title, f"already here as “{outcome.publication.title}”: {outcome.reason}"))
        report.new_people, report.new_sections = service.new_people, service.new_sections
        reversion.set_comment(f"Imported {names} ({len(report.created)} publications, {len(report.merged)} merged)")
        if progress is not None:
            progress(len(reading.entries), len(reading.entries), "Recording the history and saving")
        if dry_run:
            transaction.set_rollback(True)
    return report
