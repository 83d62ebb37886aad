"""The admin's BibTeX import, as a job the worker runs (jobs/): a preview, then the import, each on a page that
follows it. A large bibliography (Vita reads up to 20 MB, some 60,000 entries, at about 1,000 entries a second)
would not fit in a request."""

from django.contrib.admin.models import ADDITION, LogEntry
from django.urls import reverse

from jobs.runner import job_task

from .bibtex import BibtexError, import_bibtex


@job_task()
def import_bibtex_job(job, progress):
    """job.arguments: {"sources": [[name, text], ...], "base_url": str or None, "dry_run": bool}."""
    arguments = job.arguments
    sources = [tuple(source) for source in arguments["sources"]]
    names = ", ".join(name for name, _ in sources)
    dry_run = arguments["dry_run"]
    try:
        report = import_bibtex(
            sources,
            dry_run=dry_run,
            skip_invalid=True,
            base_url=arguments.get("base_url"),
            user=job.user,
            progress=progress,
        )
    except BibtexError as error:
        job.arguments = {}
        return {"heading": "Nothing can be imported from this: no entry could be read.", "lines": error.problems}
    result = {"heading": f"Imported {len(report.created)} publication(s) from {names}", "lines": report.lines()}
    if dry_run:  # the arguments stay, for the import the preview's button asks for
        count, merged = len(report.created), len(report.merged)
        result["heading"] = "Preview: nothing has been written yet"
        if report.problems:
            result["alert"] = (
                f"{len(report.problems)} block(s) cannot be read and will be left out (listed below). "
                "The other entries can be imported now."
            )
        result["next"] = {
            "label": f"Import the {count} new entr{'y' if count == 1 else 'ies'}"
            + (f" and update {merged}" if merged else ""),
            "url": reverse("admin:publications_publication_import_bibtex"),
            "name": "import",
        }
        return result
    job.arguments = {}
    if job.user is not None and report.publications:
        LogEntry.objects.log_actions(
            job.user.pk, report.publications, ADDITION, change_message=f"Imported from BibTeX ({names})."
        )
    return result
