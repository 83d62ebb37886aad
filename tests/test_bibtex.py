"""BibTeX in and out: real-world input, no duplicates, all-or-nothing, lossless round trips."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from profile.models import Person
from publications.bibtex import BibtexError, export_bibtex, import_bibtex, parse_bibtex
from publications.models import Publication
from tests.factories import make_owner, make_person, make_publication, make_section
from tests.test_demo import snapshot

REAL_WORLD = r"""
% A bibliography as people really write them.
@string{icml = "International Conference on Machine Learning"}

@inproceedings{yao2020pyhessian,
  title     = {{PyHessian}: Neural Networks Through the Lens of the {H}essian},
  author    = {Yao, Zhewei* and Gholami, Amir$^*$ and Keutzer, Kurt and Mahoney, Michael W.},
  booktitle = icml,
  month     = jul,
  year      = 2020,
  pages     = {581--590},
  eprint    = {1912.07145},
  archivePrefix = {arXiv},
  code      = {https://github.com/amirgholami/PyHessian},
  abstract  = {We present \textbf{PyHessian}, a new scalable framework \& tool.},
}

@article{muller2019,
  title   = "Gradient Flows in M{\"u}nchen",
  author  = "J{\"o}rg M{\"u}ller\textsuperscript{*} and {\L}ukasz Kaiser$^\dagger$ and K. Keutzer and others",
  journal = {Journal of Computational Physics},
  volume  = {332},
  number  = 7,
  pages   = {492--503},
  year    = {2019},
  month   = {11},
  doi     = {https://doi.org/10.1016/j.jcp.2016.11.024},
  url     = {https://example.org/paper.pdf},
}

@incollection{survey2021,
  title     = {A Survey of Quantization Methods},
  author    = {Gholami, A. and Yao, Z.},
  booktitle = {Low-Power Computer Vision},
  year      = {2021},
}

@misc{yao2021newton,
  title  = {Inexact {N}ewton-{CG} Algorithms},
  author = {Zhewei Yao and Fred Roosta},
  year   = {2021},
  eprint = {2109.14016v2},
  archiveprefix = {arXiv},
}

@inproceedings{mu2018,
  title     = {Parameter Re-Initialization through Cyclical Batch Scheduling},
  author    = {Mu, Norman and Yao, Zhewei},
  booktitle = {MLSys Workshop at NeurIPS},
  year      = {2018},
}
"""


@pytest.fixture
def owner(db):
    return make_owner()


def authors(title):
    publication = Publication.objects.get(title=title)
    return [(a.person.full_name, a.equal_contribution) for a in publication.authorships.select_related("person")]


def test_a_real_world_bibliography_imports_cleanly(owner):
    keutzer = make_person("Kurt", "Keutzer")
    report = import_bibtex(REAL_WORLD)
    assert len(report.created) == 5 and report.skipped == []

    pyhessian = Publication.objects.get(title="PyHessian: Neural Networks Through the Lens of the Hessian")
    assert (pyhessian.section.name, pyhessian.venue_full, pyhessian.year, pyhessian.month, pyhessian.pages) == (
        "Conference",
        "International Conference on Machine Learning",
        2020,
        7,
        "581–590",
    )
    assert pyhessian.arxiv_id == "1912.07145"
    assert pyhessian.abstract == "We present PyHessian, a new scalable framework & tool."
    assert authors(pyhessian.title) == [
        ("Zhewei Yao", True),
        ("Amir Gholami", True),
        ("Kurt Keutzer", False),
        ("Michael W. Mahoney", False),
    ]
    assert pyhessian.authorships.get(position=1).person == owner
    assert [(link.kind, link.url) for link in pyhessian.links.all()] == [
        ("arxiv", "https://arxiv.org/abs/1912.07145"),
        ("code", "https://github.com/amirgholami/PyHessian"),
    ]

    muller = Publication.objects.get(title="Gradient Flows in München")
    assert (muller.section.name, muller.volume, muller.number, muller.month) == ("Journal", "332", "7", 11)
    assert muller.doi == "10.1016/j.jcp.2016.11.024"
    assert authors(muller.title) == [("Jörg Müller", True), ("Łukasz Kaiser", True), ("Kurt Keutzer", False)]
    assert muller.authorships.get(position=3).person == keutzer  # "K. Keutzer" is Kurt Keutzer
    assert [(link.kind, link.url) for link in muller.links.all()] == [("pdf", "https://example.org/paper.pdf")]

    sections = {p.title: (p.section.name, p.status) for p in Publication.objects.select_related("section")}
    assert sections["A Survey of Quantization Methods"] == ("Book Chapter", "published")
    assert sections["Inexact Newton-CG Algorithms"] == ("Preprint and Technical Report", "preprint")
    assert sections["Parameter Re-Initialization through Cyclical Batch Scheduling"] == ("Workshop", "published")
    assert Publication.objects.get(title="Inexact Newton-CG Algorithms").arxiv_id == "2109.14016"
    # "Gholami, A." and "Yao, Z." are Amir Gholami and the owner, not new people
    assert authors("A Survey of Quantization Methods") == [("Amir Gholami", False), ("Zhewei Yao", False)]
    assert Person.objects.filter(family_name="Gholami").count() == 1


def test_reimport_never_duplicates_and_keeps_the_users_edits(owner):
    import_bibtex(REAL_WORLD)
    edited = Publication.objects.get(title="Gradient Flows in München")
    edited.note = "Best Paper"
    edited.save()
    before = snapshot()
    report = import_bibtex(REAL_WORLD.replace('Gradient Flows in M{\\"u}nchen', "GRADIENT FLOWS IN MÜNCHEN!"))
    assert report.created == [] and len(report.skipped) == 5
    assert snapshot() == before


def test_dry_run_reports_and_writes_nothing(owner, capsys, tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(REAL_WORLD)
    before = snapshot()
    call_command("import_bibtex", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "Would import 5 publication(s); 0 already here." in out
    assert (
        "New people: Amir Gholami, Kurt Keutzer, Michael W. Mahoney, Jörg Müller, Łukasz Kaiser, Fred Roosta, "
        "Norman Mu."
    ) in out
    assert snapshot() == before


def test_a_malformed_file_names_each_bad_entry_and_writes_nothing(owner, tmp_path):
    bad = REAL_WORLD + "\n@article{broken, title = {Unclosed,\n  year = {2020}\n\n@article{noyear, title={No year}}\n"
    broken_line = bad.splitlines().index("@article{broken, title = {Unclosed,") + 1
    path = tmp_path / "bad.bib"
    path.write_text(bad)
    before = snapshot()
    with pytest.raises(CommandError) as error:
        call_command("import_bibtex", str(path))
    message = str(error.value)
    assert message.startswith(f"Nothing was imported from {path}:")
    assert f"line {broken_line}: entry “broken”: Unexpected block start" in message
    assert f"line {broken_line + 3}: entry “noyear” needs a year between 1900 and 2100" in message
    assert snapshot() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "No BibTeX entries were found"), ("Just some notes.\nNot a bibliography.", "No BibTeX entries were found")],
)
def test_empty_or_non_bibtex_input_gets_a_clear_message(db, content, message):
    with pytest.raises(BibtexError, match=message):
        parse_bibtex(content)


def test_a_binary_file_is_refused_clearly(db, tmp_path):
    path = tmp_path / "photo.bib"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    with pytest.raises(CommandError, match="is not UTF-8 text"):
        call_command("import_bibtex", str(path))


def test_import_export_import_is_lossless_and_adds_nothing(demo):
    first = export_bibtex(Publication.objects.for_listing().in_page_order())
    before = snapshot()
    assert import_bibtex(first).created == []
    assert snapshot() == before

    # Into an empty site: everything stored comes back, and exports the same again.
    stored = {p.title: publication_fields(p) for p in Publication.objects.for_listing()}
    Publication.objects.all().delete()
    report = import_bibtex(first)
    assert len(report.created) == 36 and report.new_people == []
    assert {p.title: publication_fields(p) for p in Publication.objects.for_listing()} == stored
    assert export_bibtex(Publication.objects.for_listing().in_page_order()) == first


def publication_fields(p):
    return (
        p.section.name,
        p.status,
        p.venue_short,
        p.venue_full,
        p.year,
        p.month,
        p.volume,
        p.number,
        p.pages,
        p.note,
        p.doi,
        p.arxiv_id,
        p.abstract,
        p.selected,
        [(a.person_id, a.position, a.equal_contribution) for a in p.authorships.all()],
        [(link.kind, link.url, link.label) for link in p.links.all()],
    )


def test_export_keeps_equal_marks_status_links_and_escapes(owner):
    publication = make_publication(
        make_section("Conference"),
        title="Fast & Furious: 50% of #1_best",
        authors=[make_person("Amir", "Gholami"), owner],
        equal=(1, 2),
        status="accepted",
        venue_short="Proc. ICML",
        year=2021,
        month=7,
        pages="1–10",
        selected=True,
        links=[("slides", "https://s.org/1.pdf"), ("slides", "https://s.org/2.pdf"), ("other", "https://x.org")],
    )
    publication.links.filter(kind="other").update(label="Blog post")
    (text,) = [export_bibtex(Publication.objects.for_listing())]
    assert text == (
        "@inproceedings{gholami2021fast,\n"
        "  title = {{Fast \\& Furious: 50\\% of \\#1\\_best}},\n"
        "  author = {Gholami, Amir and Yao, Zhewei},\n"
        "  author+an = {1=equal; 2=equal},\n"
        "  booktitle = {Proc. ICML},\n"
        "  abbr = {Proc. ICML},\n"
        "  year = {2021},\n"
        "  pages = {1--10},\n"
        "  pubstate = {forthcoming},\n"
        "  slides = {https://s.org/1.pdf},\n"
        "  slides2 = {https://s.org/2.pdf},\n"
        "  other = {Blog post | https://x.org},\n"
        "  selected = {true},\n"
        "  vita-section = {Conference},\n"
        "  month = jul,\n"
        "}\n"
    )


def test_bib_downloads_list_public_publications_only(client, owner):
    shown = make_publication(title="Shown", authors=[owner])
    make_publication(title="Hidden", is_public=False)
    response = client.get("/publications.bib")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    body = response.content.decode()
    assert "{{Shown}}" in body and "Hidden" not in body
    single = client.get(reverse("publications:bibtex", args=[shown.slug])).content.decode()
    assert single.startswith("@") and "{{Shown}}" in single


def test_export_command_writes_a_file(demo, tmp_path, capsys):
    path = tmp_path / "out.bib"
    call_command("export_bibtex", "--output", str(path))
    assert path.read_text().count("\n@") == 35  # 36 entries, the first at the very start
    call_command("export_bibtex")
    assert capsys.readouterr().out == path.read_text()


@pytest.fixture
def admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "pw"))
    return client


def test_admin_import_page_previews_then_imports(admin, owner):
    url = reverse("admin:publications_publication_import_bibtex")
    assert "Import BibTeX" in admin.get(reverse("admin:publications_publication_changelist")).content.decode()
    response = admin.post(url, {"text": REAL_WORLD, "dry_run": "on"})
    assert "Preview: nothing was written" in response.content.decode()
    assert not Publication.objects.exists()
    response = admin.post(url, {"text": REAL_WORLD})
    assert "Imported 5 publication(s); 0 already here." in response.content.decode()
    assert Publication.objects.count() == 5


def test_admin_import_page_shows_problems_and_writes_nothing(admin, owner):
    url = reverse("admin:publications_publication_import_bibtex")
    response = admin.post(url, {"text": REAL_WORLD + "\n@article{x, title={No year}}\n"})
    body = response.content.decode()
    assert "Nothing was imported." in body and "needs a year" in body
    assert not Publication.objects.exists()
