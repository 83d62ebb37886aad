"""History and undo (history/, django-reversion): every admin edit, import and bulk action is a revision; a
deleted publication comes back whole; one object can be put back alone; a whole import can be undone."""

import datetime
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision, Version

from profile.models import Person
from publications.bibtex import import_bibtex
from publications.models import Publication, PublicationLink
from publications.services import AuthorSpec, LinkSpec, PublicationService, PublicationSpec
from tests.factories import make_owner
from tests.test_admin_editing import url

DATA = Path(__file__).parent / "data" / "bibtex"


@pytest.fixture
def admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "editor@example.org", "pw"))
    return client


def submit(client, url):
    """GET an admin form and POST it back as a browser would, unchanged; returns the POST's response."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    form = max(soup.find_all("form", method="post"), key=lambda form: len(form.find_all("input")))  # not "Log out"
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.name == "select":
            chosen = field.find_all("option", selected=True) or field.find_all("option")[:1]
            data[name] = [option.get("value", option.text) for option in chosen]
        elif field.name == "textarea":
            data[name] = field.text.lstrip("\n")
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        else:
            data[name] = field.get("value", "")
    return client.post(url, data)


def paper_with_five_authors_and_three_links():
    owner = make_owner()
    spec = PublicationSpec(
        fields={"title": "ActNN: Reducing Training Memory Footprint", "year": 2021, "venue_short": "ICML"},
        section="Conference",
        authors=[
            AuthorSpec(f"{owner.given_names} {owner.family_name}", equal_contribution=True),
            AuthorSpec("Lianmin Zheng", equal_contribution=True),
            AuthorSpec("Zhuohan Li"),
            AuthorSpec("Ion Stoica"),
            AuthorSpec("Joseph E. Gonzalez"),
        ],
        links=[
            LinkSpec("pdf", "https://arxiv.org/pdf/2104.14129"),
            LinkSpec("code", "https://github.com/ucbrise/actnn"),
            LinkSpec("other", "https://example.org/talk", "Talk"),
        ],
    )
    return PublicationService().add(spec).publication


@pytest.mark.django_db
def test_a_deleted_publication_is_recovered_whole_and_its_page_is_byte_identical(admin):
    publication = paper_with_five_authors_and_three_links()
    assert (publication.authorships.count(), publication.links.count()) == (5, 3)
    page_url = publication.get_absolute_url()
    before = admin.get(page_url).content
    response = admin.post(url(Publication, "delete", publication.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Publication.objects.exists() and not PublicationLink.objects.exists()

    recover_list = admin.get(url(Publication, "recoverlist")).content.decode()
    assert "ActNN: Reducing Training Memory Footprint" in recover_list
    version = Version.objects.get_deleted(Publication).get()
    response = submit(admin, url(Publication, "recover", version.pk))
    assert response.status_code == 302, response.content.decode()[:2000]

    recovered = Publication.objects.get()
    assert (recovered.authorships.count(), recovered.links.count()) == (5, 3)
    assert admin.get(page_url).content == before


@pytest.mark.django_db
def test_reverting_one_publication_leaves_the_rest_of_its_import_alone(admin):
    import_bibtex([("alfolio-template-papers.bib", (DATA / "alfolio-template-papers.bib").read_text())])
    first, second = Publication.objects.order_by("pk")[:2]
    imported = Version.objects.get_for_object(first).get()
    for publication in (first, second):
        publication.title = f"Edited: {publication.title}"
        publication.save()

    history = admin.get(url(Publication, "history", first.pk)).content.decode()
    assert "Imported alfolio-template-papers.bib" in history
    response = submit(admin, url(Publication, "revision", first.pk, imported.pk))
    assert response.status_code == 302

    first.refresh_from_db()
    second.refresh_from_db()
    assert not first.title.startswith("Edited: ")
    assert second.title.startswith("Edited: ")


@pytest.mark.django_db
def test_an_import_is_one_revision_that_undo_takes_back_as_a_whole(admin):
    owner = make_owner()
    people_before = set(Person.objects.values_list("pk", flat=True))
    report = import_bibtex([("dblp-nutanlimaye.bib", (DATA / "dblp-nutanlimaye.bib").read_text())])
    created = len(report.created)
    assert created > 10 and report.new_people
    revision = Revision.objects.get(comment__startswith="Imported dblp-nutanlimaye.bib")
    assert revision.comment.startswith(f"Imported dblp-nutanlimaye.bib ({created} publications")

    changelist = admin.get(reverse("admin:reversion_revision_changelist")).content.decode()
    assert "Imported dblp-nutanlimaye.bib" in changelist
    response = admin.post(
        reverse("admin:reversion_revision_changelist"),
        {"action": "undo_selected", "_selected_action": [revision.pk]},
        follow=True,
    )
    assert "Undid “Imported dblp-nutanlimaye.bib" in response.content.decode()
    assert not Publication.objects.exists()
    assert set(Person.objects.values_list("pk", flat=True)) == people_before  # the authors it brought in went too
    assert Person.objects.filter(pk=owner.pk).exists()
    assert Revision.objects.filter(comment__startswith="Undid “Imported dblp-nutanlimaye.bib").exists()


@pytest.mark.django_db
def test_undo_of_an_import_puts_back_what_it_changed_and_keeps_what_was_there(admin):
    import_bibtex([("first.bib", (DATA / "alfolio-template-papers.bib").read_text())])
    kept = set(Publication.objects.values_list("pk", flat=True))
    report = import_bibtex([("dblp.bib", (DATA / "dblp-nutanlimaye.bib").read_text())])
    assert report.created
    from history.revisions import undo

    undo(Revision.objects.get(comment__startswith="Imported dblp.bib"))
    assert set(Publication.objects.values_list("pk", flat=True)) == kept


@pytest.mark.django_db
def test_a_bulk_action_is_one_revision_and_can_be_undone(admin):
    import_bibtex([("refs.bib", (DATA / "alfolio-template-papers.bib").read_text())])
    chosen = list(Publication.objects.order_by("pk").values_list("pk", flat=True)[:3])
    response = admin.post(
        url(Publication, "changelist"), {"action": "make_hidden", "_selected_action": chosen}, follow=True
    )
    assert response.status_code == 200
    assert Publication.objects.filter(pk__in=chosen, is_public=False).count() == 3
    revision = Revision.objects.get(comment="3 publications hidden from the site.")
    assert revision.user.username == "editor"
    assert {v.object_id for v in revision.version_set.all() if v._model is Publication} == {str(pk) for pk in chosen}

    # Each version holds what Django's serializer writes for its row, as reversion's own would (made in one go here).
    from django.core import serializers

    for version in revision.version_set.all():
        row = version._model._base_manager.get(pk=version.object_id)
        assert json.loads(version.serialized_data) == json.loads(serializers.serialize("json", [row]))

    admin.post(
        reverse("admin:reversion_revision_changelist"), {"action": "undo_selected", "_selected_action": [revision.pk]}
    )
    assert Publication.objects.filter(pk__in=chosen, is_public=True).count() == 3


@pytest.mark.django_db
def test_the_history_page_says_who_changed_what_and_when(admin):
    publication = paper_with_five_authors_and_three_links()
    response = submit(admin, url(Publication, "change", publication.pk))
    assert response.status_code == 302
    revision = Version.objects.get_for_object(publication).select_related("revision__user").first().revision
    assert revision.user.username == "editor"
    history = BeautifulSoup(admin.get(url(Publication, "history", publication.pk)).content, "html.parser")
    rows = [" ".join(row.get_text(" ", strip=True).split()) for row in history.select("#change-history tbody tr")]
    assert len(rows) == 1 and "editor" in rows[0]
    assert history.select_one("#change-history a")["href"] == url(
        Publication, "revision", publication.pk, Version.objects.get_for_object(publication).first().pk
    )


@pytest.mark.django_db
def test_prune_history_forgets_old_versions_but_keeps_each_objects_newest(admin):
    import reversion

    from history.revisions import recording

    publication = paper_with_five_authors_and_three_links()
    person = Person.objects.exclude(is_owner=True).first()
    for title in ("Old title", "Newer title"):
        with recording(f"Renamed to {title}"):
            publication.title = title
            publication.save()
    with recording("Only version of a person"):
        reversion.add_to_revision(person)
    Revision.objects.update(date_created=timezone.now() - datetime.timedelta(days=400))
    with recording("Recent"):
        publication.title = "Recent title"
        publication.save()
    call_command("prune_history", days=365)
    assert set(Revision.objects.values_list("comment", flat=True)) == {"Only version of a person", "Recent"}


CONTENT_APPS = ["profile", "publications", "talks", "teaching", "projects", "news", "posts", "pages", "cv"]


def test_every_content_model_is_versioned_with_what_its_admin_edits_inline():
    import reversion
    from django.apps import apps
    from reversion.revisions import _get_options

    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            assert reversion.is_registered(model), model
    assert set(_get_options(Publication).follow) == {"authorships", "links"}


@pytest.mark.django_db
def test_rows_from_before_history_get_a_first_version_at_migrate(admin):
    publication = paper_with_five_authors_and_three_links()  # written outside any revision, as before history
    assert not Version.objects.get_for_object(publication).exists()
    call_command("migrate", verbosity=0)
    assert Version.objects.get_for_object(publication).get().revision.comment == "First version (history started)"
    assert Version.objects.get_for_model(Person).count() == Person.objects.count()


@pytest.mark.django_db
def test_undo_puts_back_a_cv_entry_changed_alone_with_its_links():
    from cv.models import CVEntry, CVEntryLink, CVSection
    from history.revisions import recording, undo

    with recording("Made"):
        section = CVSection.objects.create(name="Education", kind=CVSection.Kind.EDUCATION)
        entry = CVEntry.objects.create(section=section, title="Ph.D. in Computer Science")
        CVEntryLink.objects.create(entry=entry, kind="other", label="Thesis", url="https://example.org/thesis.pdf")
    with recording("Renamed"):
        entry.title = "PhD"
        entry.save()
        entry.links.all().delete()
    undo(Revision.objects.get(comment="Renamed"))
    entry.refresh_from_db()
    assert entry.title == "Ph.D. in Computer Science"
    assert [(link.label, link.url) for link in entry.links.all()] == [("Thesis", "https://example.org/thesis.pdf")]
