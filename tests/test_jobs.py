"""The admin's long operations (imports, bulk actions on many rows, whole-site publishes) run as jobs in the worker
(jobs/), each on a page that follows it, and never in the request. The tests queue them in the database, as
production does, and run django-tasks' own worker (`manage.py db_worker --batch`), or run them at once as
development does."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Revision, Version

from core.bulk import IN_REQUEST
from core.tasks import bulk_update_job
from jobs.models import Job
from jobs.runner import Progress, start
from publications.bibtex import import_bibtex
from publications.models import Publication
from publications.tasks import import_bibtex_job
from tests.factories import make_owner

DATA = Path(__file__).parent / "data" / "bibtex"
# A research group's bibliography (tests/data/README.md): 2,288 entries, more than a request should hold.
GROUP = ["group-aibasel-macros.bib", "group-aibasel-entries.bib", "group-aibasel-crossref.bib"]
IMPORT_URL = "admin:publications_publication_import_bibtex"


def sources(*names):
    return [(name, (DATA / name).read_text(encoding="utf-8-sig")) for name in names]


@pytest.fixture
def queued(settings):
    """Tasks queued in the database, as in production (the tests' settings run them at once otherwise)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES},
    }


def run_worker():
    """django-tasks' worker, as the vita-worker unit runs it, until the queue is empty."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "default", "--no-reload", verbosity=0)


@pytest.fixture
def admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "pw"))
    return client


def job_page(client, job):
    response = client.get(reverse("admin:jobs_job_change", args=[job.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def refreshes(page):
    return page.find("meta", attrs={"http-equiv": "refresh"}) is not None


@pytest.mark.django_db(transaction=True)
def test_an_import_waits_for_the_worker_and_its_page_follows_it(queued, admin):
    make_owner()
    upload = {"text": (DATA / "alfolio-template-papers.bib").read_text(), "preview": "1"}
    response = admin.post(reverse(IMPORT_URL), upload)
    preview = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("admin:jobs_job_change", args=[preview.pk])

    page = job_page(admin, preview)
    assert "Waiting for the worker" in page.find(class_="job-state").get_text()
    assert refreshes(page) and page.find("progress") is not None
    listing = BeautifulSoup(admin.get(reverse("admin:jobs_job_changelist")).content, "html.parser")
    assert "The workers have 1 task waiting" in " ".join(listing.find(class_="worker-status").get_text().split())
    assert refreshes(listing)

    run_worker()
    page = job_page(admin, preview)
    assert "Done" in page.find(class_="job-state").get_text() and not refreshes(page)
    assert page.find("h2").get_text() == "Preview: nothing has been written yet"
    assert not Publication.objects.exists()

    button = page.find(id="content-main").find("form").find("input", type="submit")
    assert button["value"] == "Import the 9 new entries"
    response = admin.post(reverse(IMPORT_URL), {"import": "1", "job": preview.pk})
    imported = Job.objects.get(title="Import of pasted text")
    assert response["Location"] == reverse("admin:jobs_job_change", args=[imported.pk])
    assert imported.state == Job.State.QUEUED and not Publication.objects.exists()
    run_worker()
    assert "Imported 9 publication(s) from pasted text" in job_page(admin, imported).get_text()
    assert Publication.objects.count() == 9
    listing = BeautifulSoup(admin.get(reverse("admin:jobs_job_changelist")).content, "html.parser")
    assert "The workers have 0 tasks waiting" in " ".join(listing.find(class_="worker-status").get_text().split())
    assert not refreshes(listing)


@pytest.mark.django_db(transaction=True)
def test_a_running_import_shows_how_far_it_has_got(queued, admin, monkeypatch):
    """The job's page, read while the worker imports 2,288 real entries (the import's own transaction hides its
    rows; the progress goes through the cache), shows the phase and the count, and the bar moves on."""
    make_owner()
    job = start(
        import_bibtex_job,
        "Import of the group's bibliography",
        sources=sources(*GROUP),
        base_url=None,
        dry_run=False,
    )
    seen = []
    report = Progress.__call__

    def report_and_look(progress, done, total=None, phase=None):
        report(progress, done, total, phase)
        if phase and phase.startswith("Matching") and done in (500, 1500):
            page = job_page(admin, job)
            seen.append((page.find(class_="job-state").get_text(), page.find("progress")))

    monkeypatch.setattr(Progress, "EVERY", 0)
    monkeypatch.setattr(Progress, "__call__", report_and_look)
    run_worker()
    (first, bar_first), (second, bar_second) = seen
    assert first.startswith("Running: Matching the entries with the publications here, 500 of 2288")
    assert second.startswith("Running: Matching the entries with the publications here, 1500 of 2288")
    assert (bar_first["value"], bar_first["max"], bar_second["value"]) == ("500", "2288", "1500")
    job.refresh_from_db()
    assert job.state == Job.State.DONE and (job.done, job.total) == (2288, 2288)
    assert Publication.objects.count() > 2000


@pytest.mark.django_db(transaction=True)
def test_a_bulk_action_on_more_rows_than_a_request_holds_is_a_job_undone_as_one(admin):
    """Select all of 2,288 real publications and mark them selected: the request only queues it (run at once here,
    as in development, when the request commits); the job makes one revision of them all, by the user who asked."""
    make_owner()
    import_bibtex(sources(*GROUP))
    count = Publication.objects.count()
    assert count > IN_REQUEST
    url = reverse("admin:publications_publication_changelist")
    one = Publication.objects.first().pk
    response = admin.post(
        url, {"action": "mark_selected", "select_across": "1", "_selected_action": [one]}, follow=True
    )
    job = Job.objects.get()
    assert f"{count} rows: this runs in the background" in response.content.decode()
    assert job.title == f"Marked {count} publication(s) as selected." and job.state == Job.State.DONE
    assert (job.done, job.total) == (count, count)  # every row versioned, as its page said at the end
    assert Publication.objects.filter(selected=True).count() == count
    revision = Revision.objects.get(comment=job.title)
    assert revision.user.username == "admin"
    assert Version.objects.filter(revision=revision, content_type__model="publication").count() == count
    assert job.arguments == {}  # the 2,288 keys are not kept


@pytest.mark.django_db(transaction=True)
def test_a_job_that_fails_says_so_and_keeps_nothing(queued, admin):
    job = start(
        bulk_update_job,
        "Hide them",
        model="publications.Publication",
        pks=[1],
        values={"no_such_field": True},
        message="Hid {count}.",
    )
    run_worker()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    page = job_page(admin, job)
    assert "Failed" in page.find(class_="job-state").get_text()
    assert "FieldDoesNotExist" in page.find(class_="errornote").get_text()
    listing = BeautifulSoup(admin.get(reverse("admin:jobs_job_changelist")).content, "html.parser")
    assert "1 failed in the last day" in " ".join(listing.find(class_="worker-status").get_text().split())


def test_publishing_every_page_again_from_the_admin(
    demo, admin, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.VITA_PUBLISH_ROOT = str(tmp_path / "published")
    settings.VITA_SITE_URL = "http://testserver"
    listing = admin.get(reverse("admin:jobs_job_changelist")).content.decode()
    assert reverse("publish_everything") in listing
    assert admin.get(reverse("publish_everything")).status_code == 200  # a confirmation first
    assert not Job.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("publish_everything"))
    job = Job.objects.get()
    assert response["Location"] == reverse("admin:jobs_job_change", args=[job.pk])
    published = (tmp_path / "published" / "index.html").read_text()
    assert "Zhewei Yao" in published
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.result["heading"] == f"Published {job.done} pages"
    assert job.done == job.total > 10
    # While one waits for the worker, asking again leads to it rather than queueing a second.
    Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED)
    again = admin.post(reverse("publish_everything"))
    assert again["Location"] == reverse("admin:jobs_job_change", args=[job.pk]) and Job.objects.count() == 1


def test_the_jobs_list_costs_the_same_queries_for_3_jobs_or_30(db, admin, settings):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert admin.get(reverse("admin:jobs_job_changelist")).status_code == 200
        return len(captured)

    for i in range(3):
        Job.objects.create(title=f"Job {i}", state=Job.State.DONE)
    few = queries()
    for i in range(27):
        Job.objects.create(title=f"Job {i}", state=Job.State.RUNNING)
    assert queries() == few


def test_an_editor_sees_their_own_jobs_and_no_one_elses(
    db, client, django_user_model, django_capture_on_commit_callbacks
):
    """An editor allowed to add publications, but not to see the list of jobs, follows their own import; another
    editor can neither open it nor import what it previewed."""
    from django.contrib.auth.models import Permission

    make_owner()
    may_import = Permission.objects.filter(codename__in=["add_publication", "view_publication"])
    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    editor.user_permissions.set(may_import)
    other = django_user_model.objects.create_user("other", password="pw", is_staff=True)
    other.user_permissions.set(may_import)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(IMPORT_URL), {"text": "@misc{a, title = {One}, year = 2020}", "preview": "1"})
    assert client.get(response["Location"]).status_code == 200
    assert client.get(reverse("admin:jobs_job_changelist")).status_code == 403
    client.force_login(other)
    assert client.get(response["Location"]).status_code == 403
    preview = Job.objects.get()
    refused = client.post(reverse(IMPORT_URL), {"import": "1", "job": preview.pk}, follow=True)
    assert "That preview was imported already" in refused.content.decode()
    assert Job.objects.count() == 1 and Job.objects.get().arguments["dry_run"] is True
