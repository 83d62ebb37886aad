import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from profile.models import NameVariant, Person, Profile, ProfileLink
from publications.models import Authorship, Publication, PublicationLink, Section
from talks.models import Talk, TalkLink
from teaching.models import Course

MODELS = [Person, Profile, Section, Publication, Talk, Course]


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", [Person, Section, Publication, Talk, Course])
def test_changelist_add_and_change_pages_answer(demo, admin, model):
    obj = model.objects.first()
    for url in [admin_url(model, "changelist"), admin_url(model, "add"), admin_url(model, "change", obj.pk)]:
        response = admin.get(url)
        assert response.status_code == 200, url
        assert response.context["opts"].model is model


def test_changelist_search_finds_by_author_name(demo, admin):
    response = admin.get(admin_url(Publication, "changelist"), {"q": "Erichson"})
    titles = sorted(str(p) for p in response.context["cl"].result_list)
    assert titles == [
        "JumpReLU: A Retrofit Defense Strategy for Adversarial Attacks",
        "Shallow Learning for Fluid Flow Reconstruction with Limited Sensors and Limited Data",
    ]


def test_publication_change_page_has_author_and_link_inlines(demo, admin):
    publication = Publication.objects.get(title="I-BERT: Integer-only BERT Quantization")
    response = admin.get(admin_url(Publication, "change", publication.pk))
    formsets = {f.formset.prefix: f.formset for f in response.context["inline_admin_formsets"]}
    assert formsets["authorships"].total_form_count() == 5
    assert formsets["links"].total_form_count() == 2
    # People come by autocomplete: each author's select holds only its chosen person, not everyone on the site.
    page = BeautifulSoup(response.content, "html.parser")
    selects = page.select('select[name^="authorships-"][name$="-person"]')
    assert len(selects) == 6  # five authors and the empty form
    assert all("admin-autocomplete" in select["class"] for select in selects)
    chosen = [[option.get_text() for option in select.find_all("option") if option.get("value")] for select in selects]
    assert [names for names in chosen if names] == [[a.person.full_name] for a in publication.authorships.all()]


def test_profile_list_goes_straight_to_the_one_profile(demo, admin):
    response = admin.get(admin_url(Profile, "changelist"))
    assert response.status_code == 302
    assert response["Location"] == admin_url(Profile, "change", 1)
    page = admin.get(response["Location"])
    assert page.status_code == 200
    assert page.context["inline_admin_formsets"][0].formset.total_form_count() == 1  # the demo's GitHub link
    assert admin.get(admin_url(Profile, "add")).status_code == 403


def inline_data(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
    return data


def test_adding_a_publication_in_the_admin_shows_it_on_the_homepage(demo, admin, client):
    owner = Person.objects.get(is_owner=True)
    mahoney = Person.objects.get(family_name="Mahoney")
    data = {
        "title": "A New Paper",
        "section": Section.objects.get(name="Workshop").pk,
        "status": "published",
        "is_public": "on",
        "order": "0",
        "venue_short": "Proc. Tests",
        "year": "2026",
        **inline_data(
            "authorships",
            [
                {"position": "1", "person": mahoney.pk, "equal_contribution": "on"},
                {"position": "2", "person": owner.pk, "equal_contribution": "on"},
            ],
        ),
        **inline_data("links", [{"order": "1", "kind": "slides", "url": "https://example.org/s.pdf"}]),
    }
    response = admin.post(admin_url(Publication, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    publication = Publication.objects.get(title="A New Paper")
    assert [(a.person, a.equal_contribution) for a in publication.authorships.all()] == [
        (mahoney, True),
        (owner, True),
    ]
    home = client.get("/").content.decode()
    assert "A New Paper" in home
    assert '<strong class="owner">Z. Yao<sup class="equal" title="Equal contribution">*</sup></strong>' in home


def test_editing_every_profile_field_in_the_admin(demo, admin, client):
    profile = Profile.load()
    links = list(profile.links.all())
    data = {
        "headline": "Principal Researcher",
        "affiliation": "Somewhere",
        "location": "Seattle, WA",
        "email": "z@example.org",
        "bio": "Hello **world**.",
        "author_style": "initials",
        **inline_data(
            "links",
            [
                {"id": links[0].pk, "profile": 1, "order": "1", "kind": "github", "url": links[0].url},
                {"profile": 1, "order": "2", "kind": "orcid", "url": "https://orcid.org/0000-0000-0000-0000"},
            ],
            initial=1,
        ),
    }
    response = admin.post(admin_url(Profile, "change", 1), data)
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.headline, profile.location, profile.email) == (
        "Principal Researcher",
        "Seattle, WA",
        "z@example.org",
    )
    assert ProfileLink.objects.count() == 2
    home = client.get("/").content.decode()
    assert "Principal Researcher" in home and "<strong>world</strong>" in home and ">ORCID<" in home


def test_deleting_an_author_is_refused_with_their_publications_named(demo, admin):
    shen = Person.objects.get(family_name="Shen")
    response = admin.post(admin_url(Person, "delete", shen.pk), {"post": "yes"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "would require deleting the following protected related objects" in body
    assert "PowerNorm" in body
    assert Person.objects.filter(pk=shen.pk).exists()


def test_deleting_a_publication_removes_only_its_authorships_and_links(demo, admin):
    publication = Publication.objects.get(title="I-BERT: Integer-only BERT Quantization")
    people = Person.objects.count()
    authorships, links = Authorship.objects.count(), PublicationLink.objects.count()
    response = admin.post(admin_url(Publication, "delete", publication.pk), {"post": "yes"})
    assert response.status_code == 302
    assert Person.objects.count() == people
    assert (Authorship.objects.count(), PublicationLink.objects.count()) == (authorships - 5, links - 2)


def test_person_variants_are_edited_inline(demo, admin):
    gonzalez = Person.objects.get(family_name="Gonzalez")
    response = admin.get(admin_url(Person, "change", gonzalez.pk))
    (formset,) = [f.formset for f in response.context["inline_admin_formsets"]]
    # "J. E. GonZalez" needs no variant: case and dots never count when names are compared.
    assert [form.instance.name for form in formset.initial_forms] == ["J. Gonzalez"]
    assert NameVariant.objects.get(name="J. Gonzalez").person == gonzalez


def test_talk_and_course_changes_show_on_the_homepage(demo, admin, client):
    talk = Talk.objects.get(title="Fast.AI")
    data = {
        "title": "Fast.AI lecture",
        "event": "Fast.AI",
        "event_url": "https://www.fast.ai/",
        "location": "Online",
        "date": "2020-10-01",
        "description": "",
        "is_public": "on",
        **inline_data(
            "links",
            [
                {"id": link.pk, "talk": talk.pk, "order": link.order, "kind": link.kind, "url": link.url}
                for link in talk.links.all()
            ],
            initial=talk.links.count(),
        ),
    }
    assert admin.post(admin_url(Talk, "change", talk.pk), data).status_code == 302
    course = Course.objects.get(name="Stat 89A")
    data = {
        "name": "Stat 89A",
        "url": course.url,
        "season": "2",
        "year": "2018",
        "role": "GSI",
        "institution": "UC Berkeley",
        "description": "",
    }
    assert admin.post(admin_url(Course, "change", course.pk), data).status_code == 302
    page = client.get("/").content.decode()
    assert "Fast.AI lecture" in page
    assert "Stat 89A</a>, Spring 2018, GSI, UC Berkeley" in page
    assert TalkLink.objects.filter(talk=talk).count() == 2
