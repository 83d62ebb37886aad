"""The write path, measured as an editor meets it: admin saves posted through nginx the way a browser posts them,
then how long until nginx serves the page that shows the edit (the homepage; the CV page for a CV entry), and until
the worker has published every page the edit touched; also a whole-site publish and the BibTeX import rate."""

import statistics
import tempfile
import time
from pathlib import Path

from bench.browser import Browser

ROOT = Path(__file__).resolve().parent.parent
IMPORT_FILES = ["group-aibasel-macros.bib", "group-aibasel-entries.bib", "group-aibasel-crossref.bib"]
EDITS = [
    "profile headline",
    "owner's family name",
    "a publication's title",
    "a section's name",
    "bulk action on 100 publications",
    "a CV entry",
    "bulk action on every publication",
]
# Edits whose page shows nothing new to wait for. A bulk action on more rows than a request holds (core.bulk) only
# queues a job: its "save" is the request, its "every page published" the job and the publishing after it.
NOTHING_TO_SHOW = {"bulk action on 100 publications", "bulk action on every publication"}


def _poll(check, seconds=120, pause=0.01):
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        if check():
            return True
        time.sleep(pause)
    return False


def edits(browser, admin, round_):
    """(name, admin path, form fields, page, text the page shows after it) for each edit of one round."""
    from cv.models import CVEntry
    from profile.models import Person
    from publications.models import Publication, Section

    owner = Person.objects.owner()
    paper = Publication.objects.public().in_page_order().first()
    section = Section.objects.order_by("order").first()
    entry = CVEntry.objects.public().order_by("pk").first()
    for name in EDITS:
        page = "/"
        if name == "profile headline":
            path = f"/{admin}profile/profile/1/change/"
            fields = browser.form(path, "profile_form")
            fields["headline"] = [f"Senior Researcher, round {round_}"]
            shows = fields["headline"][0]
        elif name == "owner's family name":
            path = f"/{admin}profile/person/{owner.pk}/change/"
            fields = browser.form(path, "person_form")
            fields["family_name"] = [f"Yao{round_}"]
            shows = f"{owner.given_names} Yao{round_}"
        elif name == "a publication's title":
            path = f"/{admin}publications/publication/{paper.pk}/change/"
            fields = browser.form(path, "publication_form")
            fields["title"] = [f"{paper.title.split(' (round')[0]} (round {round_})"]
            shows = fields["title"][0]
        elif name == "a section's name":
            path = f"/{admin}publications/section/{section.pk}/change/"
            fields = browser.form(path, "section_form")
            fields["name"] = [f"Conference papers {round_}"]
            shows = fields["name"][0]
        elif name == "a CV entry":
            path = f"/{admin}cv/cventry/{entry.pk}/change/"
            fields = browser.form(path, "cventry_form")
            fields["title"] = [f"{entry.title.split(' (round')[0]} (round {round_})"]
            page, shows = "/cv/", fields["title"][0]
        elif name == "bulk action on 100 publications":
            path = f"/{admin}publications/publication/"
            fields = browser.form(path, "changelist-form")
            pks = list(Publication.objects.order_by("pk").values_list("pk", flat=True)[:100])
            action = "mark_selected" if round_ % 2 == 0 else "unmark_selected"
            fields.update(action=[action], _selected_action=[str(pk) for pk in pks], index=["0"], select_across=["0"])
            yield name, path, fields, page, None
            continue
        else:  # "select all" then "Make public": every publication's row, version and page, and no page grows
            path = f"/{admin}publications/publication/"
            fields = browser.form(path, "changelist-form")
            fields.update(action=["make_public"], _selected_action=[str(paper.pk)], index=["0"], select_across=["1"])
            yield name, path, fields, page, None
            continue
        fields["_save"] = ["Save"]
        yield name, path, fields, page, shows


EDIT_ROUNDS = [3]  # as measured, for the table


def measure(stack, admin, rounds=3):
    """{edit: (save seconds, seconds until its page shows it, every page published seconds)}, medians over
    rounds."""
    EDIT_ROUNDS[0] = rounds
    from django.contrib.auth import get_user_model
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model()
    bench = user.objects.filter(username="bench").first()
    bench = bench or user.objects.create_superuser("bench", "", "bench-password-not-secret")
    device, _ = TOTPDevice.objects.get_or_create(user=bench, name="bench", defaults={"confirmed": True})
    browser = Browser(stack.base, stack.context)
    browser.log_in(admin, "bench", "bench-password-not-secret", code=f"{totp(device.bin_key):06d}")
    from publishing.files import file_for

    times = {name: [] for name in EDITS}
    for round_ in range(1, rounds + 1):
        for name, path, fields, page, shows in edits(browser, admin, round_):
            published = file_for(stack.work / "published", page)
            stack.wait_for_worker()
            started = time.perf_counter()
            _, saved = browser.submit(path, fields)
            if shows is not None and not _poll(lambda shows=shows, page=page: shows in stack.fetch(page)[2].decode()):
                raise RuntimeError(f"{name}: {page} never showed “{shows}”")
            fresh = time.perf_counter() - started
            if not _poll(lambda published=published: stack.queued_tasks() == 0 and published.exists(), pause=0.05):
                log = (stack.work / "worker-default.log").read_text()[-3000:]
                raise RuntimeError(f"{name}: the worker never finished; its log ends:\n{log}")
            if shows is not None and shows not in published.read_text():
                raise RuntimeError(f"{name}: the published {page} does not show “{shows}”")
            times[name].append((saved, fresh, time.perf_counter() - started))
    return {name: tuple(statistics.median(run[i] for run in runs) for i in range(3)) for name, runs in times.items()}


PUBLISH_RUNS = 3


def full_publish():
    """(seconds, pages) to render every public page into an empty publish root (the median of PUBLISH_RUNS), then
    (seconds, PDF pages) to make the CV's PDF, the document worker's job, apart."""
    import io
    import shutil

    import pypdf
    from django.conf import settings

    from publishing.publish import publish, render_documents

    root = Path(settings.VITA_PUBLISH_ROOT)
    shutil.rmtree(root, ignore_errors=True)
    runs = []
    for run in range(PUBLISH_RUNS):
        # The first run publishes the site; the others go into new folders beside it, left for the benchmark's end:
        # removing tens of thousands of files slows this machine's file creation for minutes after.
        target = root if run == 0 else Path(tempfile.mkdtemp(prefix=f"{root.name}-run-", dir=root.parent))
        started = time.perf_counter()
        writer = publish(target, documents=False)
        runs.append(time.perf_counter() - started)
    pages = statistics.median(runs), writer.written
    started = time.perf_counter()
    render_documents(["cv_pdf"])
    seconds = time.perf_counter() - started
    pdf = root / "cv.pdf"
    length = len(pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages) if pdf.exists() else 0
    return pages, (seconds, length)


def import_rate():
    """(entries, seconds) for a real 2,288-entry bibliography (three files: macros, entries, crossref parents)
    imported into an empty site."""
    from django.core.management import call_command

    from publications.bibtex import import_bibtex

    call_command("flush", interactive=False, verbosity=0)
    sources = [(name, (ROOT / "tests" / "data" / "bibtex" / name).read_text()) for name in IMPORT_FILES]
    started = time.perf_counter()
    report = import_bibtex(sources)
    elapsed = time.perf_counter() - started
    return len(report.created) + len(report.skipped) + len(report.merged), elapsed


def table(rows, imported):
    """The write-path part of docs/benchmark.md."""
    lines = [
        "## Write path",
        "",
        "Admin saves posted through nginx the way a browser posts them (every field of the change form), with the "
        "worker running: how long the save takes, how long until nginx serves the page with the edit (the homepage; "
        "the CV page for a CV entry), and how long until the worker has published every page the edit touched "
        f"(medians of {EDIT_ROUNDS[0]} rounds).",
        "",
        "| publications | edit | save | its page shows it | every page published |",
        "| ---: | --- | ---: | ---: | ---: |",
    ]
    for row in rows:
        for name, (saved, fresh, published) in row["edits"].items():
            shown = "—" if name in NOTHING_TO_SHOW else f"{fresh * 1000:.0f} ms"
            lines.append(f"| {row['size']} | {name} | {saved * 1000:.0f} ms | {shown} | {published:.2f} s |")
    lines += [
        "",
        f"Full publish: every page, in parallel processes on PostgreSQL, into an empty folder (the median of "
        f"{PUBLISH_RUNS} runs). The CV's PDF is the document worker's job, "
        "made apart (WeasyPrint, one process); until it is ready the previous PDF stays in place.",
        "",
        "| publications | full publish | pages | CV PDF | PDF pages |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        (seconds, pages), (pdf_seconds, pdf_pages) = row["publish"]
        lines.append(f"| {row['size']} | {seconds:.2f} s | {pages:,} | {pdf_seconds:.1f} s | {pdf_pages} |")
    entries, seconds = imported
    lines += [
        "",
        f"BibTeX import: {entries:,} real entries (tests/data/bibtex/group-aibasel-*.bib) in {seconds:.2f} s, "
        f"{entries / seconds:,.0f} entries/s.",
    ]
    return lines
