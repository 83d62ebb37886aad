"""Moving in from al-folio, on real sites (tests/data/sites/alfolio-*, sources in tests/data/README.md)."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cv.models import CVEntry, CVSection
from importers.alfolio import import_alfolio
from news.models import NewsItem
from pages.models import Page
from posts.models import Post
from profile.models import Person, Profile, ProfileLink
from projects.models import Project
from publications.models import Publication

SITES = Path(__file__).parent / "data" / "sites"


def site(name):
    return SITES / f"alfolio-{name}"


@pytest.fixture
def rowan(db, media_root):
    return import_alfolio(site("W-Rowan"))


def test_the_profile_and_the_socials_kept_in_the_config(rowan):
    owner = Person.objects.owner()
    assert owner.full_name == "Will Rowan"
    profile = Profile.load()
    assert profile.email == "will.rowan@york.ac.uk"
    assert profile.bio.startswith("Computer vision researcher and freelance film critic.")
    links = dict(ProfileLink.objects.values_list("kind", "url"))
    assert links["github"] == "https://github.com/W-Rowan"
    assert links["scholar"] == "https://scholar.google.com/citations?user=YHH_2uYAAAAJ"
    assert links["linkedin"] == "https://www.linkedin.com/in/will-rowan" and links["x"] == "https://x.com/WillRowan3"
    assert "orcid" not in links  # the config's empty orcid_id
    assert any("profile_pic.jpg was not found" in note for note in rowan.notes)


def test_papers_bib_with_al_folio_fields(rowan):
    assert Publication.objects.count() == 6
    paper = Publication.objects.get(title__startswith="Text2Face")
    assert paper.selected and paper.venue_short == "ICLR" and paper.authorships.first().person == Person.objects.owner()
    assert not any("macro “true”" in note for note in rowan.notes)


def test_news_one_liners_and_stories(db, media_root):
    import_alfolio(site("ioannismavromatis"))
    story = NewsItem.objects.get(text="DRIVE simulation framework is available on GitHub!")
    assert "open-source vehicular network simulator" in story.body and story.slug
    assert NewsItem.objects.filter(body="").count() > 10  # the inline ones
    assert NewsItem.objects.count() == 19


def test_projects_pages_and_the_cv(rowan):
    pxld = Project.objects.get(slug="pxld")
    assert pxld.title == "PXLD" and pxld.summary.startswith("Co-founder & CEO.") and pxld.order == 1
    assert [(link.kind, link.url) for link in pxld.links.all()] == [("project", "https://pxld.ai")]
    research = Page.objects.get(path="research")
    assert research.title == "Research" and research.in_menu and research.menu_order == 1
    assert not Page.objects.filter(path__in=["cv", "projects", ""]).exists()  # al-folio's own pages
    names = list(CVSection.objects.order_by("order").values_list("name", flat=True))
    assert names[:3] == ["Education", "Experience", "Awards & Honours"] and "Publications" not in names
    phd = CVEntry.objects.get(title="PhD Computer Science")
    assert (phd.organisation, phd.start_year, phd.end_year) == ("University of York", 2020, 2025)
    assert "Thesis: Towards an Intelligent Agent for the Human Face" in phd.description
    assert CVEntry.objects.filter(title="Berlinale Talents (1 of 200 worldwide)", start_year=2025).exists()


def test_the_al_folio_demo_is_left_out_and_listed(db, media_root):
    report = import_alfolio(site("template"))
    assert not Publication.objects.exists() and not Project.objects.exists() and not NewsItem.objects.exists()
    assert not Post.objects.exists() and not CVEntry.objects.exists()
    notes = " ".join(report.notes)
    for expected in (
        "papers.bib is the al-folio demo's",
        "_data/cv.yml is the al-folio demo's CV",
        "assets/json/resume.json is the al-folio demo's",
        "the al-folio demo's “project 3 with very long name”",
        "the template's sample post “a post that can be cited”",
        "_news/announcement_1.md",
    ):
        assert expected in notes


def test_a_real_resume_json_beside_a_demo_cv_yml(db, media_root):
    report = import_alfolio(site("yuguangchen1"))
    assert "_data/cv.yml is the al-folio demo's CV" in " ".join(report.notes)
    assert CVEntry.objects.filter(section__kind="education").exists()
    assert CVEntry.objects.filter(ongoing=True).exists()  # "endDate": "current"
    ads = ProfileLink.objects.get(label="Astrophysics Data System")  # the custom_social block
    assert ads.kind == "other" and ads.url.startswith("https://ui.adsabs.harvard.edu/")


def test_importing_twice_adds_nothing(db, media_root):
    import_alfolio(site("W-Rowan"))
    counts = [model.objects.count() for model in (Publication, NewsItem, Project, Page, CVEntry, ProfileLink)]
    report = import_alfolio(site("W-Rowan"))
    assert [model.objects.count() for model in (Publication, NewsItem, Project, Page, CVEntry, ProfileLink)] == counts
    assert not report.created.get("news") and not report.created.get("CV entries")


def test_the_command_refuses_a_folder_that_is_not_al_folio(db, tmp_path):
    with pytest.raises(CommandError, match="is not al-folio"):
        call_command("import_alfolio", str(tmp_path), stdout=io.StringIO())
