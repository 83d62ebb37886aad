import pytest
from django.apps import apps
from django.core.management import call_command

from profile.models import Person
from publications.models import Authorship, Publication, Section
from talks.models import Talk
from teaching.models import Course

pytestmark = pytest.mark.django_db

DEMO_APPS = ["profile", "publications", "talks", "teaching"]


def snapshot():
    """Every row of every content table, as plain values."""
    rows = {}
    for app in DEMO_APPS:
        for model in apps.get_app_config(app).get_models():
            rows[model._meta.label] = list(model.objects.order_by("pk").values())
    return rows


def test_load_demo_loads_the_whole_seed_page(capsys):
    call_command("load_demo")
    assert "Loaded the demo" in capsys.readouterr().out
    assert (Publication.objects.count(), Talk.objects.count(), Course.objects.count()) == (36, 15, 3)
    assert list(Section.objects.values_list("name", flat=True)) == [
        "Conference",
        "Journal",
        "Book Chapter",
        "Workshop",
        "Preprint and Technical Report",
    ]
    assert Person.objects.get(is_owner=True).full_name == "Zhewei Yao"


def test_load_demo_twice_leaves_the_same_rows(capsys):
    call_command("load_demo")
    before = snapshot()
    call_command("load_demo")
    assert "nothing changed" in capsys.readouterr().out
    assert snapshot() == before


@pytest.mark.parametrize(
    ("family", "spellings"),
    [
        ("Keutzer", {"K. Keutzer", "K Keutzer"}),
        ("Gonzalez", {"J. E. Gonzalez", "J. E. GonZalez", "J. Gonzalez"}),
        ("Roosta-Khorasani", {"F. Roosta-Khorasani", "F. Roosta"}),
    ],
)
def test_one_researcher_spelt_several_ways_is_one_person(family, spellings):
    call_command("load_demo")
    person = Person.objects.get(family_name=family)
    assert Authorship.objects.filter(person=person).count() >= len(spellings)


def test_demo_equal_contribution_flags_match_the_seed():
    call_command("load_demo")
    hawq = Publication.objects.get(title="HAWQ-V3: Dyadic Neural Network Quantization")
    flags = [(a.person.short_name, a.equal_contribution) for a in hawq.authorships.select_related("person")]
    assert flags[:5] == [
        ("Z. Yao", True),
        ("Z. Dong", True),
        ("Z. Zheng", True),
        ("A. Gholami", True),
        ("J. Yu", False),
    ]
    assert len(flags) == 11
    assert Authorship.objects.filter(equal_contribution=True).count() == 42  # the seed's <sup>*</sup> marks


def test_load_demo_keeps_what_the_user_edited():
    call_command("load_demo")
    publication = Publication.objects.get(title="PyHessian: Neural Networks Through the Lens of the Hessian")
    publication.note = "Best Paper"
    publication.save()
    call_command("load_demo")
    publication.refresh_from_db()
    assert publication.note == "Best Paper"


def test_bootstrap_loads_the_demo_and_creates_an_admin_once(settings, tmp_path, monkeypatch, capsys):
    from homepage.management.commands import bootstrap

    settings.DEBUG = True
    monkeypatch.setattr(bootstrap, "PASSWORD_FILE", tmp_path / "pw")
    call_command("bootstrap")
    out = capsys.readouterr().out
    password = (tmp_path / "pw").read_text().strip()
    assert password in out and "http://127.0.0.1:8000/admin/" in out
    assert Publication.objects.count() == 36
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)
    call_command("bootstrap")
    assert Publication.objects.count() == 36


def test_bootstrap_refuses_outside_development(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="local development"):
        call_command("bootstrap")
