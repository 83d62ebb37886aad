import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from core.links import numbered
from profile.models import Person, Profile, ProfileLink
from profile.names import initials, name_key, split_name
from profile.people import PersonIndex
from publications.authors import AuthorEntry, parse_author_list
from publications.models import Authorship, Publication, PublicationLink
from tests.factories import make_course, make_owner, make_person, make_publication, make_section, make_talk

pytestmark = pytest.mark.django_db


def test_a_second_owner_is_refused_by_the_database():
    make_owner()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_person("Other", "Owner", is_owner=True)
    assert Person.objects.filter(is_owner=True).count() == 1


def test_a_second_owner_gets_a_clear_validation_message():
    make_owner()
    other = Person(given_names="Other", family_name="Owner", is_owner=True)
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    assert error.value.message_dict["is_owner"] == ["Another person is already the site owner; there is only one."]


@pytest.mark.parametrize(
    ("given", "expected"),
    [("Michael W.", "M. W."), ("M. W.", "M. W."), ("Kai-Wei", "K.-W."), ("K", "K."), ("", "")],
)
def test_initials(given, expected):
    assert initials(given) == expected


def test_names_compare_without_case_dots_or_accents():
    assert name_key("K Keutzer") == name_key("k. keutzer")
    assert name_key("J. E. GonZalez") == name_key("J E Gonzalez")
    assert name_key("Łukasz Kaiser") == name_key("Lukasz Kaiser")  # Ł is no accented L in Unicode, but folds like one
    assert name_key("Søren Hauberg") == name_key("Soren Hauberg")
    assert name_key("Jürgen Schmidhuber") == name_key("Jurgen Schmidhuber")


def test_split_name_reads_both_orders():
    assert split_name("M. W. Mahoney") == ("M. W.", "Mahoney")
    assert split_name("Mahoney, Michael W.") == ("Michael W.", "Mahoney")
    assert split_name("Plato") == ("", "Plato")


def test_person_short_and_full_names():
    person = make_person("Michael W.", "Mahoney")
    assert (person.full_name, person.short_name, str(person)) == (
        "Michael W. Mahoney",
        "M. W. Mahoney",
        "Michael W. Mahoney",
    )


def test_an_author_holds_one_position_per_publication():
    a, b = make_person(), make_person()
    publication = make_publication(authors=[a])
    with pytest.raises(IntegrityError), transaction.atomic():
        Authorship.objects.create(publication=publication, person=b, position=1)


def test_the_same_person_cannot_author_a_publication_twice():
    a = make_person()
    publication = make_publication(authors=[a])
    with pytest.raises(IntegrityError), transaction.atomic():
        Authorship.objects.create(publication=publication, person=a, position=2)


def test_authors_come_in_position_order():
    a, b, c = make_person(), make_person(), make_person()
    publication = make_publication()
    for position, person in [(3, a), (1, b), (2, c)]:
        Authorship.objects.create(publication=publication, person=person, position=position)
    assert [x.person for x in publication.authorships.all()] == [b, c, a]


def test_year_out_of_range_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_publication(year=999)  # BibTeX takes 1066 (tests/test_bibtex.py); nobody cites the year 999


def test_doi_is_unique_but_may_be_blank_and_an_arxiv_id_may_repeat():
    section = make_section()
    make_publication(section, title="One")
    make_publication(section, title="Two")  # both without DOI or arXiv id
    make_publication(section, title="Three", doi="10.1/x", arxiv_id="2101.00001")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_publication(section, title="Four", doi="10.1/x")
    # Two papers a bibliography gives one arXiv id by mistake stay two (publications.services decides what is the
    # same work).
    make_publication(section, title="Five", arxiv_id="2101.00001")


def test_slugs_are_made_from_titles_and_kept_unique():
    section = make_section()
    first = make_publication(section, title="PyHessian: Neural Networks")
    second = make_publication(section, title="PyHessian: Neural Networks")
    assert (first.slug, second.slug) == ("pyhessian-neural-networks", "pyhessian-neural-networks-2")
    assert first.get_absolute_url() == "/publications/pyhessian-neural-networks/"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"status": "accepted", "venue_short": "Proc. ICML", "year": 2021, "note": "Long Talk"},
            "Accepted for publication, Proc. ICML 2021 (Long Talk).",
        ),
        (
            {"venue_short": "Inverse Problems", "year": 2016, "volume": "32", "number": "7", "pages": "075006"},
            "Inverse Problems 32 (7), 075006, 2016.",
        ),
        ({"status": "preprint", "arxiv_id": "2201.05596", "year": 2022}, "arXiv:2201.05596, 2022."),
        ({"status": "under_review", "venue_full": "NeurIPS", "year": 2026}, "Under review, NeurIPS 2026."),
    ],
)
def test_venue_line_is_built_from_fields(fields, expected):
    assert make_publication(**fields).venue_line == expected


def test_profile_is_a_single_row():
    Profile(headline="One").save()
    Profile(headline="Two").save()
    assert list(Profile.objects.values_list("pk", "headline")) == [(1, "Two")]
    with pytest.raises(IntegrityError), transaction.atomic():
        Profile.objects.bulk_create([Profile(pk=2)])


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_cv_last_updated_follows_the_upload_not_other_edits():
    profile = Profile.load()
    assert profile.cv_updated is None
    profile.cv = SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf")
    profile.save()
    first = profile.cv_updated
    assert first is not None

    profile.headline = "Changed"
    profile.save()
    profile.refresh_from_db()
    assert profile.cv_updated == first

    profile.cv = SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf")
    profile.save()
    assert profile.cv_updated > first

    profile.cv = None
    profile.save()
    assert profile.cv_updated is None


def test_link_labels_come_from_the_kind_and_repeats_are_numbered():
    publication = make_publication()
    for order, (kind, label) in enumerate([("slides", ""), ("video", ""), ("slides", ""), ("other", "Blog")]):
        PublicationLink.objects.create(
            publication=publication, kind=kind, url="https://e.org/", label=label, order=order
        )
    labels = [label for label, _ in numbered(publication.links.all())]
    assert labels == ["slides 1", "video", "slides 2", "Blog"]


def test_a_link_of_kind_other_needs_a_label():
    link = ProfileLink(profile=Profile.load(), kind="other", url="https://example.org/")
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "label" in error.value.message_dict


def test_parse_author_list_reads_marks_and_separators():
    assert parse_author_list("S. Kim*, A. Gholami<sup>*</sup>, **Z. Yao<sup>*</sup>**, and M. W. Mahoney") == [
        AuthorEntry("S. Kim", True),
        AuthorEntry("A. Gholami", True),
        AuthorEntry("Z. Yao", True),
        AuthorEntry("M. W. Mahoney", False),
    ]
    assert parse_author_list(r"A. B\textsuperscript{*} and C. D$^\dagger$ and E. F") == [
        AuthorEntry("A. B", True),
        AuthorEntry("C. D", True),
        AuthorEntry("E. F", False),
    ]


def test_person_index_matches_spellings_and_variants():
    keutzer = make_person("Kurt", "Keutzer")
    index = PersonIndex()
    assert index.find("K. Keutzer") == keutzer
    assert index.find("Kurt Keutzer") == keutzer
    assert index.find("K Keutzer") == keutzer
    index.add_variant(keutzer, "Kurt W. Keutzer")
    assert PersonIndex().find("kurt w keutzer") == keutzer
    person, created = index.get_or_create("M. W. Mahoney")
    assert created and (person.given_names, person.family_name) == ("M. W.", "Mahoney")
    assert index.get_or_create("M W Mahoney") == (person, False)


def test_every_model_has_a_readable_str():
    owner = make_owner()
    publication = make_publication(title="A Paper", authors=[owner])
    talk = make_talk(title="A Talk", date=datetime.date(2021, 7, 1))
    course = make_course(name="Stat 89A", year=2018)
    assert [str(owner), str(publication), str(talk), str(course), str(publication.authorships.get())] == [
        "Zhewei Yao",
        "A Paper",
        "A Talk (Jul 2021)",
        "Stat 89A, Spring 2018",
        "Zhewei Yao, author 1 of “A Paper”",
    ]


def test_courses_sort_newest_term_first():
    make_course(name="a", season=2, year=2017)
    make_course(name="b", season=4, year=2016)
    make_course(name="c", season=4, year=2017)
    from teaching.models import Course

    assert [c.name for c in Course.objects.all()] == ["c", "a", "b"]


def test_public_flag_hides_a_publication():
    make_publication(title="Shown")
    make_publication(title="Hidden", is_public=False)
    assert [p.title for p in Publication.objects.public()] == ["Shown"]
