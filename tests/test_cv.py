"""The CV: entries as data, /cv/, /cv.pdf and /cv.json from the same rows, and JSON Resume and RenderCV files in.

The files under tests/data/cv/ are real people's (and the two tools' own examples), from public repositories; their
sources are in tests/data/README.md.
"""

import io
import json
from pathlib import Path

import jsonschema
import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.db.models import ProtectedError

from cv.formats import read_file, save
from cv.models import CVEntry, CVEntryLink, CVSection
from cv.pdf import available
from homepage.demo.load import load_demo
from profile.models import Person, Profile, ProfileLink
from publications.models import Publication
from tests.conftest import text
from tests.factories import make_course, make_owner, make_person, make_publication, make_section, make_talk

DATA = Path(__file__).parent / "data" / "cv"
SCHEMA = json.loads((DATA / "jsonresume_schema.json").read_text())
needs_pdf = pytest.mark.skipif(available() is not None, reason="WeasyPrint or Pango is missing")


def read(name):
    return read_file((DATA / name).read_text(encoding="utf-8-sig"), name)


def make_entry(section, title, **fields):
    return CVEntry.objects.create(section=section, title=title, **fields)


@pytest.fixture
def awards(db):
    return CVSection.objects.create(name="Awards and honours", slug="awards", kind="awards", order=3)


# ---------------------------------------------------------------------------------------------- the page
def test_the_demo_cv_shows_what_the_bio_states_then_publications_talks_and_teaching(demo, page):
    soup = page("/cv/")
    assert text(soup.h1) == "Zhewei Yao"
    assert [text(h) for h in soup.select("main h2")] == ["Positions", "Education", "Publications", "Talks", "Teaching"]
    assert [text(li.select_one(".cv-line")) for li in soup.select(".cv-entry")] == [
        "Senior Researcher, Microsoft present",
        "Ph.D., University of California at Berkeley",
        "B.S. in Mathematics, Zhiyuan Honor College, Shanghai Jiao Tong University",
    ]
    # Every publication, numbered within its section, with the homepage's own entries (owner in bold, marks).
    lists = soup.select("#publications ol.entries")
    assert [len(ol.select("li.publication")) for ol in lists] == [22, 5, 1, 2, 6]
    assert soup.select_one("#publications .legend") is not None
    assert text(soup.select_one("li.publication strong.owner")) == "Z. Yao"
    assert len(soup.select("#talks li.talk")) == 15 and len(soup.select("#teaching li.course")) == 3
    home = page("/")
    first = home.select_one("li.publication")
    assert first.decode() == soup.select_one(f"#{first['id']}").decode()


def test_entries_are_newest_first_what_goes_on_first_or_by_hand(db, awards, page):
    positions = CVSection.objects.create(name="Positions", slug="positions", kind="positions", order=1)
    make_entry(positions, "Postdoc", organisation="MIT", start_year=2019, start_month=9, end_year=2021, end_month=6)
    make_entry(positions, "Professor", organisation="ETH", start_year=2021, ongoing=True)
    make_entry(positions, "Ph.D. student", organisation="Berkeley", start_year=2014, end_year=2019)
    make_entry(awards, "Best Paper", start_year=2020, order=2)
    make_entry(awards, "Fellowship", start_year=2016, order=1)
    awards.ordering = CVSection.Ordering.MANUAL
    awards.save()
    soup = page("/cv/")
    assert [text(li.select_one(".cv-line")) for li in soup.select("#positions .cv-entry")] == [
        "Professor, ETH 2021 – present",
        "Postdoc, MIT Sep 2019 – Jun 2021",
        "Ph.D. student, Berkeley 2014 – 2019",
    ]
    assert [text(li.select_one(".title")) for li in soup.select("#awards .cv-entry")] == ["Fellowship", "Best Paper"]


def test_hidden_entries_and_sections_are_not_shown(db, awards, page):
    make_entry(awards, "Shown")
    make_entry(awards, "Hidden entry", is_public=False)
    hidden = CVSection.objects.create(name="Hidden section", slug="hidden", order=4, is_public=False)
    make_entry(hidden, "In a hidden section")
    body = text(page("/cv/").select_one("main"))
    assert "Shown" in body and "Hidden" not in body and "In a hidden section" not in body


def test_entry_descriptions_are_sanitised_markdown(db, awards, page):
    make_entry(
        awards,
        "Prize",
        description='**Big** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror="alert(1)">',
    )
    description = page("/cv/").select_one(".cv-description")
    assert description.strong.get_text() == "Big"
    assert description.script is None and "onerror" not in str(description) and "javascript:" not in str(description)


@pytest.mark.parametrize("size", [1, 40])
def test_the_cv_page_costs_a_fixed_number_of_queries(db, client, django_assert_num_queries, size, awards):
    owner = make_owner()
    ProfileLink.objects.create(profile=Profile.load(), kind="github", url="https://github.com/x")
    section = make_section("Journal")
    for i in range(size):
        make_publication(section, authors=[owner, make_person()], links=[("pdf", "https://p.org/x.pdf")])
        make_talk(links=[("slides", "https://s.org/")])
        make_course()
        entry = make_entry(awards, f"Award {i}", start_year=2000 + i % 20)
        CVEntryLink.objects.create(entry=entry, kind="other", label="site", url="https://a.org/")
    # profile, its links, owner, publications+sections, authorships+people, publication links, talks, talk links,
    # courses, CV sections, CV entries, their links, the navigation (sections with content, pages in the menu)
    with django_assert_num_queries(14):
        response = client.get("/cv/")
    assert response.status_code == 200
    assert response.content.decode().count('class="cv-entry"') == size


def test_a_section_with_entries_cannot_be_deleted(db, awards):
    make_entry(awards, "Prize")
    with pytest.raises(ProtectedError):
        awards.delete()


@pytest.fixture
def committed_demo(db, django_capture_on_commit_callbacks):
    """The demo, as if committed (its publishing job run): later changes in a test are jobs of their own."""
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()


def test_an_award_edit_shows_on_the_cv_pdf_and_json_and_leaves_the_homepage_as_it_was(
    committed_demo, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # as if committed: the page cache moves on
        awards = CVSection.objects.create(name="Awards and honours", slug="awards", kind="awards", order=3)
    home = client.get("/").content
    with django_capture_on_commit_callbacks(execute=True):
        entry = make_entry(awards, "Best Paper Award", organisation="ICML", start_year=2021)
    cv, data = client.get("/cv/").content.decode(), client.get("/cv.json").json()
    assert "Best Paper Award" in cv
    assert {"title": "Best Paper Award", "awarder": "ICML", "date": "2021"} in data["awards"]
    assert client.get("/").content == home
    with django_capture_on_commit_callbacks(execute=True):
        entry.title = "Outstanding Paper Award"
        entry.save()
    assert "Outstanding Paper Award" in client.get("/cv/").content.decode()
    assert "Outstanding Paper Award" in client.get("/cv.json").content.decode()
    assert client.get("/").content == home


def test_a_cv_entry_change_republishes_the_cv_pages_not_the_homepage(
    committed_demo, settings, tmp_path, django_capture_on_commit_callbacks
):
    from publishing.publish import publish

    settings.VITA_PUBLISH_ROOT = str(tmp_path / "published")
    with django_capture_on_commit_callbacks(execute=True):
        awards = CVSection.objects.create(name="Awards and honours", slug="awards", kind="awards", order=3)
    publish()
    home = tmp_path / "published" / "index.html"
    before = home.stat().st_mtime_ns
    with django_capture_on_commit_callbacks(execute=True):
        make_entry(awards, "Sloan Fellowship", start_year=2024)
    assert "Sloan Fellowship" in (tmp_path / "published" / "cv" / "index.html").read_text()
    assert "Sloan Fellowship" in (tmp_path / "published" / "cv.json").read_text()
    assert home.stat().st_mtime_ns == before


# ---------------------------------------------------------------------------------------------- the PDF
@needs_pdf
def test_the_pdf_holds_the_cv_with_links_page_numbers_and_tags(demo, client, awards):
    make_entry(awards, "Best Paper Award", organisation="ICML", start_year=2021)
    response = client.get("/cv.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = pypdf.PdfReader(io.BytesIO(response.content))
    words = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    for expected in ("Zhewei Yao", "Senior Researcher, Microsoft", "B.S. in Mathematics", "Best Paper Award, ICML"):
        assert expected in words
    assert "Last updated:" in words and f"1 / {len(pdf.pages)}" in words
    uris = {
        annotation.get_object()["/A"]["/URI"]
        for page in pdf.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object() and "/URI" in annotation.get_object()["/A"]
    }
    assert "https://github.com/yaozhewei" in uris and "https://arxiv.org/pdf/2103.16827.pdf" in uris
    root = pdf.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root and root["/Lang"] == "en"


@needs_pdf
def test_letter_paper_is_a_setting(demo, client, settings):
    settings.VITA_CV_PAPER = "letter"
    page = pypdf.PdfReader(io.BytesIO(client.get("/cv.pdf").content)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)


def test_an_uploaded_pdf_takes_the_generated_ones_place(demo, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    profile = Profile.load()
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    profile.cv = SimpleUploadedFile("cv.pdf", pdf, content_type="application/pdf")
    profile.save()
    assert client.get("/cv.pdf").content == pdf


# ---------------------------------------------------------------------------------------------- JSON Resume out
def test_cv_json_follows_the_json_resume_schema(demo, client, awards):
    make_entry(awards, "Best Paper Award", organisation="ICML", start_year=2021, description="For *PyHessian*.")
    data = client.get("/cv.json").json()
    assert list(jsonschema.Draft7Validator(SCHEMA).iter_errors(data)) == []
    assert data["basics"]["name"] == "Zhewei Yao" and data["basics"]["label"] == "Senior Researcher"
    assert data["basics"]["profiles"] == [{"network": "GitHub", "url": "https://github.com/yaozhewei"}]
    assert data["work"] == [{"position": "Senior Researcher", "name": "Microsoft", "present": True}]
    assert data["education"][0] == {"studyType": "Ph.D.", "institution": "University of California at Berkeley"}
    assert len(data["publications"]) == 36
    paper = next(p for p in data["publications"] if p["name"].startswith("PyHessian"))
    assert paper["authors"][:2] == ["Zhewei Yao", "A. Gholami"] and paper["releaseDate"] == "2020"


CV_FILES = sorted(
    path.name for path in DATA.iterdir() if path.suffix in (".json", ".yaml") and "schema" not in path.name
)


@pytest.mark.parametrize("name", CV_FILES)
def test_every_real_cv_file_imports_and_its_cv_json_validates(db, client, name):
    report = save(read(name))
    assert report.created.get("CV entries", 0) > 0
    data = client.get("/cv.json").json()
    errors = [f"{list(e.path)}: {e.message}" for e in jsonschema.Draft7Validator(SCHEMA).iter_errors(data)]
    assert errors == []
    assert client.get("/cv/").status_code == 200


@pytest.mark.parametrize(
    "name", ["rendercv_Marine_Denolle_CV.yaml", "jsonresume_academic_AI-genome_Dat_Thanh_Nguyen.json"]
)
def test_importing_cv_json_into_an_empty_site_gives_the_same_cv_json(transactional_db, client, tmp_path, name):
    """(Not in a test transaction: PostgreSQL refuses to flush tables inside one.)"""
    save(read(name))
    first = client.get("/cv.json").content
    (tmp_path / "cv.json").write_bytes(first)
    call_command("flush", interactive=False, verbosity=0)
    call_command("import_cv", str(tmp_path / "cv.json"), stdout=io.StringIO())
    assert client.get("/cv.json").content.decode() == first.decode()


# ---------------------------------------------------------------------------------------------- in: JSON Resume
def test_json_resume_v1_with_partial_dates_present_and_string_highlights(db):
    report = save(read("jsonresume_v1_ABelonovskii_Aleksei_Belonovskii.json"))
    assert Person.objects.owner().full_name == "Aleksei Belonovskii"
    current = CVEntry.objects.get(title="Research And Development Engineer")
    assert (current.start_year, current.start_month, current.ongoing) == (2025, 6, True)
    phd = CVEntry.objects.get(section__kind="education", start_year=2021, end_year=2021)
    assert phd.section.name == "Education"
    kinds = set(ProfileLink.objects.values_list("kind", flat=True))
    assert {"orcid", "scholar", "linkedin", "github"} <= kinds
    assert report.created["CV entries"] == CVEntry.objects.count() > 20


def test_json_resume_with_pre_1_0_names(db):
    save(read("jsonresume_old_0xadada_Ron_Adams.json"))
    founder = CVEntry.objects.get(title="Founder")
    assert founder.organisation == "visual assault, llc" and founder.ongoing and founder.start_year == 2004
    assert founder.links.get().url.startswith("http")  # `website`, the pre-1.0 name of `url`
    assert CVEntry.objects.filter(section__kind="positions").count() == 9


def test_jsonc_with_dotted_dates_and_lowercase_present(db):
    report = save(read("jsonresume_jsonc_AZhou00_Junzhe_Zhou.json"))
    assert CVSection.objects.get(kind="awards").entries.count() == 7
    assert CVEntry.objects.filter(section__kind="awards", start_year=2024, start_month=2).exists()
    assert CVEntry.objects.filter(section__kind="education", ongoing=True).exists()
    assert not [note for note in report.notes if "not a date" in note]


def test_json_resume_publications_go_through_the_publication_service(db):
    report = save(read("jsonresume_academic_AI-genome_Dat_Thanh_Nguyen.json"))
    owner = Person.objects.owner()
    assert Publication.objects.count() == 4
    paper = Publication.objects.get(title__startswith="LmTag")
    assert paper.year == 2022 and paper.venue_short == "Briefings in Bioinformatics"
    assert paper.authorships.first().person == owner  # the owner is matched by name, not created twice
    assert any("“...” in the author list is left out" in note for note in report.notes)
    assert Person.objects.filter(family_name="Nguyen", given_names="Dat Thanh").count() == 1


def test_a_half_edited_template_is_read_with_what_cannot_be_read_reported(db):
    report = save(read("jsonresume_v1_AbdulAlkurdi_Abdul_Alkurdi.json"))
    assert {"Technical skills", "Project highlights"} <= set(CVSection.objects.values_list("name", flat=True))
    assert CVEntry.objects.filter(title="Research and Teaching Assistant", start_year=2016, end_year=2024).exists()
    assert any("“'16” is read as 2016" in note for note in report.notes)
    assert any("abdul.alkurdiatgmaildotcom" in note for note in report.notes)
    assert not Profile.load().email
    assert Publication.objects.filter(status=Publication.Status.UNDER_REVIEW).exists()


def test_the_al_folio_demo_placeholders_are_left_out(db):
    report = save(read("jsonresume_DEMO_al-folio_Albert_Einstein.json"))
    assert not CVEntry.objects.filter(description__icontains="lorem ipsum").exists()
    assert any("placeholder" in note for note in report.notes)
    assert Profile.load().email == ""  # einstein@example.com


def test_importing_twice_adds_nothing_and_changes_nothing_edited(db):
    save(read("rendercv_example_John_Doe_ClassicTheme_CV.yaml"))
    entry = CVEntry.objects.get(title="PhD in Computer Science")
    entry.description = "Edited in Vita."
    entry.save()
    counts = (CVSection.objects.count(), CVEntry.objects.count(), Publication.objects.count(), Person.objects.count())
    report = save(read("rendercv_example_John_Doe_ClassicTheme_CV.yaml"))
    assert (
        CVSection.objects.count(),
        CVEntry.objects.count(),
        Publication.objects.count(),
        Person.objects.count(),
    ) == (counts)
    assert report.created.get("CV entries", 0) == 0 and report.skipped["CV entries"] == counts[1]
    assert CVEntry.objects.get(pk=entry.pk).description == "Edited in Vita."


# ---------------------------------------------------------------------------------------------- in: RenderCV
def test_rendercv_example_every_entry_type(db):
    save(read("rendercv_example_John_Doe_ClassicTheme_CV.yaml"))
    phd = CVEntry.objects.get(title="PhD in Computer Science")
    assert (phd.organisation, phd.location, phd.start_year, phd.start_month, phd.end_year, phd.end_month) == (
        "Princeton University",
        "Princeton, NJ",
        2018,
        9,
        2023,
        5,
    )
    assert "- Advisor: Prof. Sanjeev Arora" in phd.description
    cto = CVEntry.objects.get(title="Co-Founder & CTO")
    assert cto.organisation == "Nexus AI" and cto.ongoing
    flashinfer = CVEntry.objects.get(title="FlashInfer")  # '[FlashInfer](https://github.com/)': text and a link
    assert flashinfer.links.get().kind == "code"
    assert CVEntry.objects.filter(section__name="Skills", title="Languages").get().description.startswith("Python")
    assert CVEntry.objects.filter(section__name="Patents").count() == 3
    paper = Publication.objects.get(title__startswith="Sparse Mixture-of-Experts")
    assert paper.doi == "10.1234/neurips.2023.1234" and (paper.year, paper.month) == (2023, 7)
    assert [a.person.full_name for a in paper.authorships.all()] == ["John Doe", "Sarah Williams", "David Park"]
    assert paper.authorships.first().person == Person.objects.owner()


def test_rendercv_academic_cv_with_split_author_lists(db):
    report = save(read("rendercv_Marine_Denolle_CV.yaml"))
    paper = Publication.objects.get(title__startswith="Probing the Seattle Basin edge")
    assert [a.person.full_name for a in paper.authorships.all()] == [
        "Natasha Toghramadjian",
        "Marine A. Denolle",
        "Laura Ermert",
        "Chengxin Jiang",
    ]
    assert paper.status == Publication.Status.ACCEPTED and paper.venue_short == "Seismological Research Letters"
    assert paper.authorships.get(position=2).person == Person.objects.owner()
    assert not Person.objects.filter(given_names__contains=" and ").exists()
    assert not Person.objects.filter(given_names__contains="*").exists()
    assert Publication.objects.count() > 60
    course = CVEntry.objects.filter(section__name="Teaching").first()
    assert course.description.startswith(("ESS", "EPS"))  # a course code in `date`: kept, not dropped
    assert any("kept in the description" in note for note in report.notes)
    textbook = CVEntry.objects.get(title="Machine Learning in the Geosciences Textbook")
    assert textbook.start_year == 2021 and textbook.ongoing  # date: '2021-present'
    assert not CVEntry.objects.filter(title="__HIDDEN__").exists()


def test_import_cv_command_names_what_it_cannot_read(db, tmp_path):
    broken = tmp_path / "cv.yaml"
    broken.write_text("cv:\n  name: [unclosed\n")
    with pytest.raises(CommandError, match=r"cv\.yaml: this is not valid YAML"):
        call_command("import_cv", str(broken))
    wrong = tmp_path / "resume.json"
    wrong.write_text('["not", "a", "resume"]')
    with pytest.raises(CommandError, match=r"resume\.json: a JSON Resume is an object"):
        call_command("import_cv", str(wrong))
    assert not CVEntry.objects.exists()


def test_links_in_cv_files_follow_the_one_link_rule(db, tmp_path):
    hostile = tmp_path / "resume.json"
    hostile.write_text(
        json.dumps(
            {
                "basics": {"name": "A Person", "profiles": [{"network": "Blog", "url": "javascript:alert(1)"}]},
                "awards": [{"title": "Prize", "url": "data:text/html,<script>alert(1)</script>"}],
            }
        )
    )
    out = io.StringIO()
    call_command("import_cv", str(hostile), stdout=out)
    assert CVEntry.objects.get(title="Prize").links.count() == 0
    assert not ProfileLink.objects.exists()
    assert "not an http(s) address" in out.getvalue() and "has no web address" in out.getvalue()
