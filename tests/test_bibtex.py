"""BibTeX in and out, on real bibliographies (tests/data/bibtex/, sources in tests/data/README.md): what BibTeX and
biblatex accept is accepted, every problem is reported in one pass, nothing is duplicated or lost, and export →
import → export gives the same bytes."""

import re
from pathlib import Path

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.management import CommandError, call_command
from django.urls import reverse
from reversion.models import Revision

from jobs.models import Job
from profile.models import Person
from publications.bibtex import BibtexError, export_bibtex, import_bibtex, read_bibtex
from publications.models import Publication
from tests.factories import make_owner, make_person, make_publication, make_section
from tests.test_demo import snapshot

DATA = Path(__file__).parent / "data" / "bibtex"
GROUP = ["group-aibasel-macros.bib", "group-aibasel-entries.bib", "group-aibasel-crossref.bib"]
SINGLE_FILES = sorted(path.name for path in DATA.glob("*.bib") if not path.name.startswith("group-"))


def sources(*names):
    return [(name, (DATA / name).read_text(encoding="utf-8-sig")) for name in names]


def one(title):
    return Publication.objects.select_related("section").get(title=title)


def authors(publication):
    return [(a.person.given_names, a.person.family_name, a.equal_contribution) for a in publication.authorships.all()]


def links(publication):
    return [(link.kind, link.url) for link in publication.links.all()]


@pytest.fixture
def owner(db):
    return make_owner()


# ---------------------------------------------------------------------------------------------- whole files
@pytest.mark.parametrize("names", [[name] for name in SINGLE_FILES] + [GROUP], ids=lambda names: names[0])
def test_real_bibliographies_import_whole_and_export_the_same_bytes_again(db, names):
    report = import_bibtex(sources(*names))
    assert report.problems == []
    reading = read_bibtex(sources(*names))
    assert len(report.created) + len(report.skipped) + len(report.merged) == len(reading.entries)
    first = export_bibtex(Publication.objects.for_listing().in_page_order())
    Publication.objects.all().delete()
    again = import_bibtex(first)
    assert (len(again.created), again.skipped, again.merged) == (len(report.created), [], [])
    assert export_bibtex(Publication.objects.for_listing().in_page_order()) == first


def test_a_bibliography_split_into_macros_entries_and_crossrefs_reads_as_one(db):
    report = import_bibtex(sources(*GROUP))
    # 393 parents in crossref.bib (two of them never referenced) serve only as crossref targets: not publications.
    assert report.parents == 391
    child = one("Learning Domain-Independent Heuristics for Grounded and Lifted Planning")
    assert child.year == 2024 and child.venue_full.startswith("Proceedings of the Thirty-Eighth AAAI Conference")
    assert Publication.objects.filter(year__isnull=True).count() == 0  # every year came through its crossref
    assert not Publication.objects.filter(
        title="Proceedings of the Thirty-Eighth AAAI Conference on Artificial Intelligence (AAAI 2024)"
    ).exists()


def test_a_macro_nobody_defined_is_a_warning_naming_it_and_its_entries(db):
    """The entries file without its macro file: BibTeX warns and goes on, and so does Vita."""
    reading = read_bibtex(sources("group-aibasel-entries.bib", "group-aibasel-crossref.bib"))
    assert reading.problems == []
    undefined = [w for w in reading.warnings if "is defined by no @string" in w.message]
    jair = [w for w in undefined if "“jair”" in w.message]  # @string{jair = …} is in the macro file left out
    assert len(jair) == 102
    assert str(jair[0]) == (
        "group-aibasel-entries.bib, line 135: entry “adriaensen-et-al-jair2022”: the macro “jair” "
        "is defined by no @string; its name is kept as the text"
    )


# ---------------------------------------------------------------------------------------------- years and venues
def test_entries_without_a_year_or_before_1900_or_in_press_are_accepted(db):
    import_bibtex(sources("mendeley-thesis-BradenCzapla.bib", "biblatex-examples.bib", "zotero-djvill-inpress.bib"))
    undated = one("NIST Digital Library of Mathematical Functions")  # Mendeley: no year at all
    assert (undated.year, undated.venue_line) == (None, "http://dlmf.nist.gov/, Release 1.0.15 of 2017-06-01.")
    assert (
        one(
            "VI. On the phenomena of Newton's rings when formed between two transparent substances of different "
            "refractive powers"
        ).year
        == 1833
    )
    assert Publication.objects.filter(year=1869).exists()  # biblatex-examples: date = 1869
    in_press = one("(Socio)linguistics–what is it good for? A case for liberatory linguistics")  # year = {in press}
    assert (in_press.year, in_press.status) == (None, Publication.Status.ACCEPTED)
    assert in_press.venue_line.startswith("Accepted for publication, Needed research in North American dialects (")
    # Publications without a year come after the dated ones of their section.
    section = list(Publication.objects.filter(section=undated.section).in_page_order())
    assert section[-1].year is None and section[0].year is not None


def test_biblatex_dates_journaltitle_subtitles_reports_and_theses(db):
    import_bibtex(sources("biblatex-examples.bib"))
    aksin = one(
        "Effect of immobilization on catalytic characteristics of saturated Pd-N-heterocyclic carbenes in "
        "Mizoroki-Heck reactions"
    )
    # journaltitle = jomch, a macro: @string{jomch = {J.~Organomet. Chem.}}
    assert (aksin.year, aksin.venue_full, aksin.section.name) == (2006, "J. Organomet. Chem.", "Journal")
    shore = one("Twice-Born, Once Conceived: Meaning Construction and Cultural Cognition")  # date = {1991-03}
    assert (shore.year, shore.month, shore.venue_full) == (1991, 3, "American Anthropologist")
    report = Publication.objects.get(title__startswith="A Hybrid Hierarchical Model of a Multiple Virtual Storage")
    assert (report.year, report.venue_full, report.section.name) == (1978, "IBM", "Preprint and Technical Report")
    thesis = Publication.objects.get(title__startswith="Earl, Saint, Bishop, Skald – and Music")
    assert (thesis.year, thesis.venue_full, thesis.section.name) == (1985, "Uppsala Universitet", "Thesis")


# ---------------------------------------------------------------------------------------------- names
def test_equal_contribution_marks_in_every_order_set_the_flag_and_leave_the_name(owner):
    import_bibtex(sources("alfolio-template-papers.bib", "alfolio-0010SS-papers.bib", "alfolio-JerryLife-papers.bib"))
    epr = one("Can Quantum-Mechanical Description of Physical Reality Be Considered Complete?")
    # "Einstein*†, A." is the Albert Einstein of the file's other entries, marked.
    assert authors(epr) == [("Albert", "Einstein", True), ("B.", "Podolsky", True), ("N.", "Rosen", True)]
    anyhome = one("AnyHome: Open-Vocabulary Generation of Structured and Textured 3D Homes")
    assert authors(anyhome)[0] == ("Zehao", "Wen", True)  # Wen*, Zehao
    assert authors(anyhome)[-1] == ("Rao", "Fu", True)  # Fu*†, Rao
    assert not Person.objects.filter(family_name__regex=r"[*†]").exists()
    import_bibtex(r"""@article{hand, title = {Marks written every way}, year = 2020, journal = {J},
      author = {Jian Lee* and Wen\textsuperscript{*}, Zehao and Kai Chen$^\dagger$ and Ng, Andrew}}""")
    assert authors(one("Marks written every way")) == [
        ("Jian", "Lee", True),
        ("Zehao", "Wen", True),
        ("Kai", "Chen", True),
        ("Andrew", "Ng", False),
    ]


def test_run_together_initials_and_namesakes_and_accents(owner):
    kaiser = make_person("Lukasz", "Kaiser")
    import_bibtex(sources("alfolio-template-papers.bib"))
    assert authors(one("The meaning of relativity"))[1] == ("A. H.", "Taub", False)  # Taub, AH
    import_bibtex(r"""@inproceedings{twins, title = {Two People, One Name}, booktitle = {X}, year = 2021,
      author = {Wang, Wei and {\L}ukasz Kaiser and Wang, Wei}}""")
    paper = one("Two People, One Name")
    first, second, third = paper.authorships.all()
    assert second.person == kaiser  # Łukasz is Lukasz
    assert first.person != third.person and third.person.full_name == "Wei Wang"  # two authorships, two people


# ---------------------------------------------------------------------------------------------- links
def test_dblp_escapes_are_undone_and_its_math_is_read(db):
    import_bibtex(sources("dblp-nutanlimaye.bib"))
    latin = Publication.objects.get(
        title__startswith="On the Closures of Monotone Algebraic Classes", section__name="Conference"
    )
    assert latin.doi == "10.1007/978-3-031-20624-5_37"  # doi = {10.1007/978-3-031-20624-5\_37}
    # {\textdollar}{\textbackslash}mathrm\{AC\}{\^{}}0[{\textbackslash}oplus]{\textdollar}: LaTeX escaped once more
    assert one("A Fixed-Depth Size-Hierarchy Theorem for $\\mathrm{AC}^0[\\oplus]$ via the Coin Problem").year == 2021


def test_several_urls_in_one_field_are_several_links_and_what_is_no_link_is_left_out(db):
    report = import_bibtex(sources("mendeley-thesis-BradenCzapla.bib", "mendeley-thesis-haziqj.bib"))
    otey = one("Exact microscopic theory of electromagnetic heat transfer between a dielectric sphere and plate")
    # Three URLs: the publisher's page, arXiv, and the DOI (shown as the DOI, not again as a link).
    assert links(otey) == [
        ("paper", "http://journals.aps.org/prb/abstract/10.1103/PhysRevB.84.245431"),
        ("arxiv", "http://arxiv.org/abs/1103.2668"),
    ]
    assert any("isi:000086094500003" in warning and "left out" in warning for warning in report.warnings)
    assert not any(
        url.startswith(("isi:", "file:")) for url in Publication.objects.values_list("links__url", flat=True) if url
    )


def test_only_http_https_and_mailto_links_are_stored(db):
    report = import_bibtex(r"""@misc{bad, title = {Hostile links}, year = 2020,
      url = {javascript:alert(document.domain)}, pdf = {data:text/html;base64,PHNjcmlwdD4=},
      code = {https://github.com/x/y}, html = {<Go to ISI>://WOS:000123}}""")
    assert links(one("Hostile links")) == [("code", "https://github.com/x/y")]
    assert len([w for w in report.warnings if "left out" in w]) == 3


def test_relative_paths_are_resolved_against_the_old_site_or_reported(db):
    report = import_bibtex(sources("alfolio-acciarric-papers.bib"))
    assert sum("is a path on the old site" in warning for warning in report.warnings) == 8
    assert not Publication.objects.filter(links__url__endswith="igt10.pdf").exists()
    Publication.objects.all().delete()
    report = import_bibtex(sources("alfolio-acciarric-papers.bib"), base_url="https://acciarric.github.io")
    assert not any("is a path on the old site" in warning for warning in report.warnings)
    assert Publication.objects.filter(links__url="https://acciarric.github.io/assets/pdf/igt10.pdf").exists()


def test_a_links_kind_comes_from_its_field(db):
    import_bibtex(sources("alfolio-template-papers.bib"), base_url="https://me.github.io")
    epr = one("Can Quantum-Mechanical Description of Physical Reality Be Considered Complete?")
    assert ("pdf", "https://me.github.io/assets/pdf/example_pdf.pdf") in links(epr)
    assert ("project", "https://journals.aps.org/pr/abstract/10.1103/PhysRev.47.777") in links(epr)  # html=


# ---------------------------------------------------------------------------------------------- the same work
def test_a_preprint_and_its_published_version_are_one_publication(db):
    """DBLP lists a paper's CCC version, then its CoRR preprint: one publication, the published venue and DOI kept,
    and the preprint's arXiv id and link added."""
    report = import_bibtex(sources("dblp-nutanlimaye.bib"))
    schur = one("Schur Polynomials Do Not Have Small Formulas If the Determinant Doesn't")
    assert (schur.section.name, schur.doi, schur.arxiv_id) == ("Conference", "10.4230/LIPICS.CCC.2020.14", "1911.12520")
    assert schur.venue_full.startswith("35th Computational Complexity Conference, CCC 2020")
    assert links(schur) == [("arxiv", "http://arxiv.org/abs/1911.12520")]
    assert (
        "Schur Polynomials do not have small formulas if the Determinant doesn't!",
        "same title and first author as dblp-nutanlimaye.bib, line 542: “DBLP:conf/coco/ChauguleKLMS020”",
    ) in report.merged
    # A conference paper and its journal version, each with its own DOI, are two publications.
    assert Publication.objects.filter(title__istartswith="A Fixed-Depth Size-Hierarchy Theorem").count() == 2


def test_same_title_different_authors_or_a_shared_arxiv_id_are_two_works(db):
    import_bibtex(r"""
      @book{binet1992, title = {Intelligence}, author = {Binet, Alfred}, publisher = {P}, year = 1992}
      @article{deary2012, title = {Intelligence}, author = {Deary, Ian}, journal = {Annu. Rev.}, year = 2012}
      @misc{a, title = {One paper}, author = {Kim, S.}, eprint = {2103.16827}, archiveprefix = {arXiv}, year = 2021}
      @misc{b, title = {Another paper}, author = {Yao, Z.}, eprint = {2103.16827}, archiveprefix = {arXiv}, year = 2021}
    """)
    assert Publication.objects.filter(title="Intelligence").count() == 2
    assert Publication.objects.filter(arxiv_id="2103.16827").count() == 2


def test_the_report_names_what_matched_and_a_reimport_changes_nothing(owner):
    import_bibtex(sources("alfolio-aditya-grover-papers.bib"))
    edited = Publication.objects.order_by("pk").first()
    edited.note = "Edited in Vita"
    edited.title = edited.title.upper()
    edited.save()
    before = snapshot()
    report = import_bibtex(sources("alfolio-aditya-grover-papers.bib"))
    assert report.created == [] and report.merged == []
    assert all(
        re.search(r": same (DOI 10\.|arXiv id .* and title|title and first author)", why) for _, why in report.skipped
    )
    assert snapshot() == before


# ---------------------------------------------------------------------------------------------- text
def test_latex_is_decoded_and_math_shows_as_mathml(owner, client):
    import_bibtex(sources("alfolio-acciarric-papers.bib", "dblp-nutanlimaye.bib"))
    import_bibtex(r"""@article{z2, title = {Codes over $\mathbb Z\_2$ and {\textbackslash}mu}, author = {Yao, Zhewei},
      journal = {J}, year = 2020, pages = {365---373}}""")
    z2 = one("Codes over $\\mathbb Z_2$ and μ")
    assert z2.pages == "365—373"
    page = client.get("/").content.decode()
    assert "<math" in page
    titles = re.findall(r'<a class="title" href="[^"]+">(.*?)</a>', page)
    assert titles and not any(re.search(r"\\[a-zA-Z]|[{}]|\$", re.sub(r"<math.*?</math>", "", t)) for t in titles)
    pi = one("Local–global generation property of commutators in finite $\\pi$-soluble groups")  # \(\pi\) in the file
    detail = client.get(pi.get_absolute_url()).content.decode()
    assert "<title>Local–global generation property of commutators in finite π-soluble groups" in detail
    assert "<h1>Local–global generation property of commutators in finite <math" in detail


# ---------------------------------------------------------------------------------------------- problems
def test_every_problem_is_reported_in_one_pass_and_nothing_is_written(owner, tmp_path):
    text = (DATA / "alfolio-aditya-grover-papers.bib").read_text()
    broken = text.replace("@inproceedings{", "@inproceedings{broken1, title = {Unclosed,\n\n@inproceedings{", 1)
    broken += "\n@article{broken2, title = {Also unclosed\n"
    broken2_line = broken.splitlines().index("@article{broken2, title = {Also unclosed") + 1
    path = tmp_path / "broken.bib"
    path.write_text(broken)
    before = snapshot()
    with pytest.raises(CommandError) as error:
        call_command("import_bibtex", str(path))
    message = str(error.value)
    assert "Nothing was imported; 2 block(s) cannot be read (--skip-invalid imports the rest)" in message
    assert re.search(rf"{path}, line \d+: entry “broken1”", message)
    assert re.search(rf"{path}, line {broken2_line}: entry “broken2”", message)
    assert snapshot() == before


def test_skip_invalid_imports_the_rest_and_lists_what_it_left_out(owner, tmp_path, capsys):
    path = tmp_path / "broken.bib"
    path.write_text((DATA / "alfolio-aditya-grover-papers.bib").read_text() + "\n@article{broken, title = {Oops\n")
    call_command("import_bibtex", str(path), "--skip-invalid")
    out = capsys.readouterr().out
    assert "Imported 52 publication(s)" in out
    assert "Left out, because they cannot be read (1):" in out and "entry “broken”" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "no BibTeX entries were found"), ("Just some notes.\nNot a bibliography.", "no BibTeX entries were found")],
)
def test_empty_or_non_bibtex_input_gets_a_clear_message(db, content, message):
    with pytest.raises(BibtexError, match=message):
        import_bibtex(content)


def test_a_binary_file_is_refused_clearly(db, tmp_path):
    path = tmp_path / "photo.bib"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    with pytest.raises(CommandError, match="is not a text file"):
        call_command("import_bibtex", str(path))


def test_a_latin1_file_is_read(db, tmp_path):
    path = tmp_path / "old.bib"
    path.write_bytes(
        "@article{x, title = {Über Wärme}, author = {Müller, Jörg}, journal = {J}, year = 1990}".encode("latin-1")
    )
    call_command("import_bibtex", str(path))
    assert authors(one("Über Wärme")) == [("Jörg", "Müller", False)]


def test_dry_run_reports_and_writes_nothing(owner, capsys, tmp_path):
    before = snapshot()
    call_command("import_bibtex", str(DATA / "alfolio-template-papers.bib"), "--dry-run")
    out = capsys.readouterr().out
    assert "Would import 9 publication(s); 0 already here." in out
    assert "New people: Albert Einstein, A. H. Taub, B. Podolsky, N. Rosen, Erwin Schrödinger," in out
    assert snapshot() == before


# ---------------------------------------------------------------------------------------------- out
def test_import_export_import_of_the_demo_is_lossless_and_adds_nothing(demo):
    first = export_bibtex(Publication.objects.for_listing().in_page_order())
    before = snapshot()
    assert import_bibtex(first).created == []
    assert snapshot() == before
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
        title="Fast & Furious: 50% of #1_best on $\\mathbb{Z}_2$",
        authors=[make_person("Amir", "Gholami"), owner],
        equal=(1, 2),
        status="accepted",
        venue_short="Proc. ICML",
        year=2021,
        month=7,
        pages="1–10",
        selected=True,
        order=3,
        links=[("slides", "https://s.org/1.pdf"), ("slides", "https://s.org/2.pdf"), ("other", "https://x.org")],
    )
    publication.links.filter(kind="other").update(label="Blog post")
    assert export_bibtex(Publication.objects.for_listing()) == (
        "@inproceedings{gholami2021fast,\n"
        "  title = {{Fast \\& Furious: 50\\% of \\#1\\_best on $\\mathbb{Z}_2$}},\n"
        "  author = {Gholami, Amir and Yao, Zhewei},\n"
        "  author+an = {1=equal; 2=equal},\n"
        "  booktitle = {Proc. ICML},\n"
        "  abbr = {Proc. ICML},\n"
        "  year = 2021,\n"
        "  month = jul,\n"
        "  pages = {1--10},\n"
        "  pubstate = {forthcoming},\n"
        "  slides = {https://s.org/1.pdf},\n"
        "  slides2 = {https://s.org/2.pdf},\n"
        "  other = {Blog post | https://x.org},\n"
        "  selected = {true},\n"
        "  vita-section = {Conference},\n"
        "  vita-order = {3}\n"
        "}\n"
    )


def test_the_bibtex_visitors_copy_holds_standard_fields_only(client, owner):
    paper = make_publication(
        make_section("Conference"),
        title="Shown",
        authors=[owner],
        venue_short="ICML",
        year=2021,
        selected=True,
        order=2,
        links=[("pdf", "https://p.org/x.pdf")],
    )
    make_publication(title="Hidden", is_public=False)
    single = client.get(reverse("publications:bibtex", args=[paper.slug])).content.decode()
    page = client.get(paper.get_absolute_url()).content.decode()
    for text in (single, page):
        assert "{{Shown}}" in text and "url = {https://p.org/x.pdf}" in text
        assert not re.search(r"vita-|abbr|selected|author\+an", text)
    owners = client.get("/publications.bib")
    assert owners["Content-Type"] == "application/x-bibtex; charset=utf-8"
    body = owners.content.decode()
    assert "{{Shown}}" in body and "Hidden" not in body and "vita-section = {Conference}" in body


def test_export_command_writes_a_file(demo, tmp_path, capsys):
    path = tmp_path / "out.bib"
    call_command("export_bibtex", "--output", str(path))
    assert path.read_text().count("\n@") == 35  # 36 entries, the first at the very start
    call_command("export_bibtex")
    assert capsys.readouterr().out == path.read_text()
    call_command("export_bibtex", "--for-citation")
    assert "vita-section" not in capsys.readouterr().out


# ---------------------------------------------------------------------------------------------- admin
@pytest.fixture
def admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "pw"))
    return client


@pytest.fixture
def post_and_run(admin, django_capture_on_commit_callbacks):
    """Post to the admin as the request commits (a job is queued when it does), and open the page it leads to."""

    def post(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        return admin.get(response["Location"], follow=True)

    return post


def test_admin_previews_every_problem_then_imports_the_valid_entries(admin, owner, post_and_run):
    """The preview and the import each run as a job (at once in the tests; the worker's in production) whose page
    shows what it came to; the texts wait in the preview's job, and only one import can take them."""
    url = reverse("admin:publications_publication_import_bibtex")
    good = (DATA / "alfolio-template-papers.bib").read_bytes()
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [SimpleUploadedFile("papers.bib", good), SimpleUploadedFile("extra.bib", b"@article{bad, title = {Oo\n")]
    response = post_and_run(url, {"files": files, "preview": "1"})
    page = response.content.decode()
    assert response.request["PATH_INFO"].startswith("/admin/jobs/job/")
    assert "Preview: nothing has been written yet" in page
    assert "1 block(s) cannot be read and will be left out" in page and "extra.bib, line 1: entry “bad”" in page
    assert "Import the 9 new entries" in page
    assert not Publication.objects.exists()
    preview = Job.objects.get()
    assert preview.state == Job.State.DONE and preview.arguments["dry_run"] is True
    response = post_and_run(url, {"import": "1", "job": preview.pk})
    page = response.content.decode()
    assert "Imported 9 publication(s) from papers.bib, extra.bib" in page
    assert Publication.objects.count() == 9
    imported = Job.objects.exclude(pk=preview.pk).get()
    assert imported.title == "Import of papers.bib, extra.bib" and imported.user.username == "admin"
    assert (imported.done, imported.total) == (9, 9)
    assert imported.arguments == {} and Job.objects.get(pk=preview.pk).arguments == {}  # the texts are not kept
    assert LogEntry.objects.filter(action_flag=ADDITION, change_message__contains="papers.bib").count() == 9
    assert Revision.objects.get(comment__startswith="Imported papers.bib").user.username == "admin"
    # The preview's button again (a second click, the back button): nothing is imported twice.
    response = post_and_run(url, {"import": "1", "job": preview.pk})
    assert "That preview was imported already" in response.content.decode()
    assert Publication.objects.count() == 9 and Job.objects.count() == 2


def test_admin_import_of_nothing_readable_says_why_and_writes_nothing(owner, post_and_run):
    url = reverse("admin:publications_publication_import_bibtex")
    response = post_and_run(url, {"text": "@article{bad, title = {Oo\n", "preview": "1"})
    page = response.content.decode()
    assert "Nothing can be imported from this: no entry could be read." in page
    assert "entry “bad”" in page and "Import the" not in page
    assert not Publication.objects.exists() and Job.objects.get().arguments == {}
