"""Editing in the admin: quick author entry, automatic positions, duplicates refused, nothing lost."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from profile.models import Person
from publications.models import Authorship, Publication, Section
from tests.factories import make_owner, make_person, make_publication, make_section, make_talk


@pytest.fixture
def admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.org", "pw"))
    return client


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def inline(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def publication_data(section, **fields):
    data = {
        "title": "New Paper",
        "section": section.pk,
        "status": "published",
        "is_public": "on",
        "order": "0",
        "year": "2026",
        "author_list": "",
        **inline("authorships", []),
        **inline("links", []),
    }
    data.update(fields)
    return data


def authors(publication):
    return [(a.position, a.person.full_name, a.equal_contribution) for a in publication.authorships.all()]


@pytest.mark.django_db
def test_quick_entry_adds_eight_authors_two_new_and_three_links_in_one_save(admin):
    owner = make_owner()
    for given, family in [("S.", "Kim"), ("A.", "Gholami"), ("Michael W.", "Mahoney"), ("Kurt", "Keutzer")]:
        make_person(given, family)
    section = make_section("Conference")
    data = publication_data(
        section,
        author_list="S. Kim*, A. Gholami*, Zhewei Yao, M. W. Mahoney, K Keutzer, N. Newcomer, O. Other, and A. Gholami",
    )
    response = admin.post(url(Publication, "add"), data)
    assert "is listed twice" in response.content.decode()
    assert not Publication.objects.exists()

    data["author_list"] = "S. Kim*, A. Gholami*, Z. Yao, M. W. Mahoney, K Keutzer, N. Newcomer, O. Other, P. Third"
    data.update(
        inline(
            "links",
            [
                {"order": "1", "kind": "arxiv", "url": "https://arxiv.org/abs/2103.16827"},
                {"order": "2", "kind": "code", "url": "github.com/x/y"},
                {"order": "3", "kind": "video", "url": "https://youtu.be/x"},
            ],
        )
    )
    response = admin.post(url(Publication, "add"), data, follow=True)
    assert response.status_code == 200
    publication = Publication.objects.get()
    assert authors(publication) == [
        (1, "S. Kim", True),
        (2, "A. Gholami", True),
        (3, "Zhewei Yao", False),
        (4, "Michael W. Mahoney", False),
        (5, "Kurt Keutzer", False),
        (6, "N. Newcomer", False),
        (7, "O. Other", False),
        (8, "P. Third", False),
    ]
    assert publication.authorships.get(position=3).person == owner
    assert Person.objects.count() == 8
    assert "New people added: N. Newcomer, O. Other, P. Third." in response.content.decode()
    assert list(publication.links.values_list("url", flat=True)) == [
        "https://arxiv.org/abs/2103.16827",
        "https://github.com/x/y",
        "https://youtu.be/x",
    ]


@pytest.mark.django_db
def test_rows_without_a_position_are_numbered_in_page_order(admin):
    a, b, c = make_person(), make_person(), make_person()
    data = publication_data(
        make_section(),
        **inline(
            "authorships",
            [
                {"position": "", "person": a.pk},
                {"position": "", "person": b.pk, "equal_contribution": "on"},
                {"position": "", "person": c.pk},
            ],
        ),
    )
    assert admin.post(url(Publication, "add"), data).status_code == 302
    assert authors(Publication.objects.get()) == [
        (1, a.full_name, False),
        (2, b.full_name, True),
        (3, c.full_name, False),
    ]


@pytest.mark.django_db
def test_authors_can_trade_places_in_one_save(admin):
    a, b = make_person(), make_person()
    publication = make_publication(authors=[a, b], title="Swap")
    rows = list(publication.authorships.all())
    data = publication_data(publication.section, title="Swap", author_list=f"{a.full_name}, {b.full_name}")
    data.update(
        inline(
            "authorships",
            [
                {"id": rows[0].pk, "publication": publication.pk, "position": "2", "person": a.pk},
                {"id": rows[1].pk, "publication": publication.pk, "position": "1", "person": b.pk},
            ],
            initial=2,
        )
    )
    response = admin.post(url(Publication, "change", publication.pk), data)
    assert response.status_code == 302
    assert authors(publication) == [(1, b.full_name, False), (2, a.full_name, False)]


@pytest.mark.django_db
def test_the_same_author_twice_in_the_table_is_refused(admin):
    a = make_person()
    data = publication_data(
        make_section(),
        **inline(
            "authorships",
            [
                {"position": "1", "person": a.pk},
                {"position": "2", "person": a.pk},
            ],
        ),
    )
    response = admin.post(url(Publication, "add"), data)
    assert response.status_code == 200
    assert "Please correct the duplicate data for person" in response.content.decode()
    assert not Publication.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"title": "pyhessian: neural networks through the lens of the hessian!"},
            "title",
            "is already here (same title and first author)",
        ),
        (
            {"title": "Other", "doi": "https://doi.org/10.1109/BIGDATA50022.2020.9378171"},
            "doi",
            "is already here (same DOI 10.1109/BigData50022.2020.9378171)",
        ),
        (
            {"title": "PyHessian: neural networks through the lens of the Hessian.", "arxiv_id": "arXiv:1912.07145v3"},
            "arxiv_id",
            "is already here (same arXiv id 1912.07145 and title)",
        ),
    ],
)
def test_the_same_publication_twice_is_refused(admin, fields, field, message):
    make_publication(
        title="PyHessian: Neural Networks Through the Lens of the Hessian",
        doi="10.1109/BigData50022.2020.9378171",
        arxiv_id="1912.07145",
    )
    response = admin.post(url(Publication, "add"), publication_data(make_section(), **fields))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in errors[field][0]
    assert Publication.objects.count() == 1


@pytest.mark.django_db
def test_the_same_title_by_other_authors_or_a_mistyped_arxiv_id_is_another_work(admin):
    """The one same-work rule: a title alone, or an arXiv id alone, does not make two papers one."""
    kim = make_person("S.", "Kim")
    make_publication(title="Intelligence", authors=[kim], arxiv_id="1912.07145")
    section = make_section()
    response = admin.post(
        url(Publication, "add"), publication_data(section, title="Intelligence", author_list="A. Binet")
    )
    assert response.status_code == 302
    response = admin.post(
        url(Publication, "add"), publication_data(section, title="A different paper", arxiv_id="1912.07145")
    )
    assert response.status_code == 302
    assert Publication.objects.filter(title="Intelligence").count() == 2
    assert Publication.objects.filter(arxiv_id="1912.07145").count() == 2
    # The same title by the same first author is the same work.
    response = admin.post(
        url(Publication, "add"), publication_data(section, title="intelligence.", author_list="S. Kim, B. Other")
    )
    assert "is already here (same title and first author)" in response.context["adminform"].form.errors["title"][0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field"),
    [({"year": "999"}, "year"), ({"year": "2101"}, "year"), ({"month": "13"}, "month"), ({"doi": "x" * 201}, "doi")],
)
def test_bad_values_get_clear_messages(admin, fields, field):
    response = admin.post(url(Publication, "add"), publication_data(make_section(), **fields))
    assert field in response.context["adminform"].form.errors
    assert not Publication.objects.exists()


@pytest.mark.django_db
def test_a_malformed_link_url_is_refused(admin):
    data = publication_data(make_section(), **inline("links", [{"order": "1", "kind": "pdf", "url": "not a url"}]))
    response = admin.post(url(Publication, "add"), data)
    assert response.status_code == 200
    assert "Enter a web address starting with http:// or https://" in response.content.decode()


@pytest.mark.django_db
def test_deleting_the_owner_is_refused(admin):
    owner = make_owner()
    response = admin.post(url(Person, "delete", owner.pk), {"post": "yes"})
    assert "is the site owner. Make someone else the owner first." in response.content.decode()
    assert Person.objects.filter(pk=owner.pk).exists()


@pytest.mark.django_db
def test_bulk_delete_of_authors_is_refused_too(admin):
    author, loner = make_person(), make_person()
    make_publication(title="Kept", authors=[author])
    response = admin.post(
        url(Person, "changelist"),
        {"action": "delete_selected", "_selected_action": [author.pk, loner.pk], "post": "yes"},
    )
    assert "Kept" in response.content.decode()
    assert Person.objects.count() == 2


@pytest.mark.django_db
def test_bulk_actions_mark_selected_and_move_section(admin):
    journal = make_section("Journal")
    papers = [make_publication(title=f"P{i}") for i in range(3)]
    ids = [p.pk for p in papers[:2]]
    admin.post(url(Publication, "changelist"), {"action": "mark_selected", "_selected_action": ids})
    admin.post(url(Publication, "changelist"), {"action": f"move_to_section_{journal.pk}", "_selected_action": ids})
    assert list(Publication.objects.order_by("title").values_list("selected", "section__name")) == [
        (True, "Journal"),
        (True, "Journal"),
        (False, papers[2].section.name),
    ]


@pytest.mark.django_db
def test_changes_are_kept_in_the_admin_history(admin):
    publication = make_publication(title="Old title")
    data = publication_data(publication.section, title="New title")
    assert admin.post(url(Publication, "change", publication.pk), data).status_code == 302
    entry = LogEntry.objects.get(object_id=str(publication.pk))
    assert entry.action_flag == CHANGE
    assert "Title" in entry.get_change_message()
    history = admin.get(url(Publication, "history", publication.pk))
    assert "Changed Title" in history.content.decode()


@pytest.mark.django_db
def test_every_change_page_links_to_the_site(admin):
    make_owner()
    publication = make_publication()
    talk = make_talk()
    for model, obj in [(Publication, publication), (type(talk), talk)]:
        response = admin.get(url(model, "change", obj.pk))
        assert 'class="viewsitelink"' in response.content.decode()


@pytest.mark.django_db
def test_changelist_filters_and_search(admin):
    owner = make_owner()
    make_publication(title="Found by author", authors=[owner], year=2020)
    make_publication(title="Other", year=2021)
    response = admin.get(url(Publication, "changelist"), {"q": "Yao"})
    assert [p.title for p in response.context["cl"].result_list] == ["Found by author"]
    response = admin.get(url(Publication, "changelist"), {"year": "2021"})
    assert [p.title for p in response.context["cl"].result_list] == ["Other"]


def build(size):
    section = make_section()
    Section.objects.create(name="Journal", order=2)
    people = [make_person() for _ in range(size)]
    for i in range(size):
        make_publication(section, authors=people[: i % 5 + 1])
    return make_publication(section, title="Many authors", authors=people, equal=(1, 2))


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 25])
def test_publication_changelist_queries_do_not_grow(admin, django_assert_num_queries, size):
    build(size)
    # session, user, sections (the "move to" actions), count, filtered count, sections (the filter),
    # rows with their sections, years (the filter); and the savepoint and its release of the revision an action
    # would record (history/); the session saved again, in its savepoint, so that it ends only when idle
    with django_assert_num_queries(13):
        response = admin.get(url(Publication, "changelist"))
    assert len(response.context["cl"].result_list) == size + 1


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 25])
def test_publication_change_page_queries_do_not_grow(admin, django_assert_num_queries, size):
    publication = build(size)
    assert Authorship.objects.filter(publication=publication).count() == size
    # session, user, publication, quick-entry authors, authorship rows (with people and publication), links,
    # sections (the select); the savepoint and its release of the revision a save would record (history/); the
    # session saved again, in its savepoint, so that it ends only when idle
    with django_assert_num_queries(12):
        response = admin.get(url(Publication, "change", publication.pk))
    assert response.status_code == 200


@pytest.mark.django_db
def test_person_autocomplete_finds_people_by_any_spelling(admin):
    make_person("Kurt", "Keutzer")
    roosta = make_person("F.", "Roosta-Khorasani")
    roosta.variants.create(name="Fred Roosta")
    params = {"app_label": "publications", "model_name": "authorship", "field_name": "person"}
    for term, expected in [("K Keutzer", "Kurt Keutzer"), ("Fred Roosta", "F. Roosta-Khorasani")]:
        response = admin.get(reverse("admin:autocomplete"), {**params, "term": term})
        assert [r["text"] for r in response.json()["results"]] == [expected]
