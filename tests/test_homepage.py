import os
import re
from pathlib import Path

import pytest

from homepage.demo.load import load_demo
from profile.models import Person, Profile, ProfileLink
from publications.models import Publication
from talks.models import Talk
from tests.conftest import text
from tests.factories import make_course, make_owner, make_person, make_publication, make_section, make_talk

SEED_SECTIONS = ["Conference", "Journal", "Book Chapter", "Workshop", "Preprint and Technical Report"]


def publication_item(soup, title):
    (item,) = [li for li in soup.select("li.publication") if li.select_one(".title").get_text() == title]
    return item


def test_homepage_shows_every_seed_section_in_order(demo, page):
    soup = page("/")
    assert [text(h) for h in soup.select("main h2")] == ["About Me", "Publications", "Selected Talks", "Teaching"]
    assert [text(h) for h in soup.select("#publications h3")] == SEED_SECTIONS
    counts = [len(s.select("li.publication")) for s in soup.select("#publications section.pub-section")]
    assert counts == [22, 5, 1, 2, 6]
    assert len(soup.select("li.talk")) == 15
    assert len(soup.select("li.course")) == 3


def test_homepage_has_one_h1_the_owner_and_the_profile(demo, page):
    soup = page("/")
    assert [text(h) for h in soup.select("h1")] == ["Zhewei Yao"]
    sidebar = soup.select_one("aside.sidebar")
    assert text(sidebar.select_one(".headline")) == "Senior Researcher"
    assert "Microsoft" in text(sidebar)
    # Vita's own CV (the page and its PDF) where the seed's "CV" link was, then the owner's links.
    assert [(a.get_text(), a["href"]) for a in sidebar.select(".profile-links a")] == [
        ("CV", "/cv/"),
        ("PDF", "/cv.pdf"),
        ("GitHub", "https://github.com/yaozhewei"),
    ]
    assert soup.title.get_text() == "Zhewei Yao"


def test_about_renders_the_bio_markdown_with_links(demo, page):
    bio = page("/").select_one(".bio")
    advisor = bio.find("a", string="Michael Mahoney")
    assert advisor["href"] == "https://www.stat.berkeley.edu/~mmahoney/"
    assert "10/04/2021" not in text(bio)  # the typed, stale "last update" is gone


def test_owner_is_highlighted_in_every_publication(demo, page):
    soup = page("/")
    items = soup.select("li.publication")
    assert len(items) == 36
    for item in items:
        assert [text(s) for s in item.select("strong.owner")] in (["Z. Yao"], ["Z. Yao*"]), text(item)
    # The seed forgot to bold the owner here; structured data does not.
    actnn = publication_item(soup, "ActNN: Reducing Training Memory Footprint via 2-Bit Activation Compressed Training")
    assert text(actnn.select_one("strong.owner")) == "Z. Yao"


def test_authors_in_order_with_equal_contribution_marks_and_legend(demo, page):
    soup = page("/")
    ibert = publication_item(soup, "I-BERT: Integer-only BERT Quantization")
    assert text(ibert.select_one(".authors")) == "S. Kim*, A. Gholami*, Z. Yao*, M. W. Mahoney, K. Keutzer"
    clip = publication_item(soup, "How Much Can CLIP Benefit Vision-and-Language Tasks?")
    assert text(clip.select_one(".authors")).endswith("K. Chang, Z. Yao, K. Keutzer")  # "K Keutzer" in the seed
    assert text(soup.select_one("#publications .legend")) == "* Equal contribution."


def test_publication_links_and_venue_line(demo, page):
    soup = page("/")
    actnn = publication_item(soup, "ActNN: Reducing Training Memory Footprint via 2-Bit Activation Compressed Training")
    assert text(actnn.select_one(".venue")) == "Accepted for publication, Proc. ICML 2021 (Long Talk)."
    hawq = publication_item(soup, "HAWQ-V3: Dyadic Neural Network Quantization")
    assert [(a.get_text(), a["href"]) for a in hawq.select(".links a")] == [
        ("arXiv", "https://arxiv.org/pdf/2011.10680.pdf"),
        ("code", "https://github.com/Zhen-Dong/HAWQ"),
    ]
    tv = publication_item(
        soup, "A TV-Gaussian prior for infinite-dimensional Bayesian inverse problems and its numerical implementation"
    )
    assert text(tv.select_one(".venue")) == "Inverse Problems 32 (7), 075006, 2016 (Highlight Paper)."
    title = actnn.select_one("a.title")
    assert title["href"] == Publication.objects.get(title=title.get_text()).get_absolute_url()


def test_talks_show_event_place_month_and_typed_links(demo, page):
    soup = page("/")
    talks = soup.select("li.talk")
    camp = talks[4]
    assert text(camp.select_one(".title")) == "Berkeley Real-time Intelligent Secure Explainable Systems Lab Camp"
    assert camp.find("a", string="RiseLab")["href"] == "https://rise.cs.berkeley.edu/"
    assert "Online" in text(camp) and text(camp.select_one("time")) == "Oct 2020"
    assert [a.get_text() for a in camp.select(".links a")] == ["slides 1", "slides 2", "video"]
    assert "vedio" not in soup.get_text()
    assert [text(t.select_one("time")) for t in talks[:3]] == ["Jul 2021", "Mar 2021", "Feb 2021"]


def test_teaching_links_courses_that_have_a_url(demo, page):
    courses = page("/").select("li.course")
    assert [text(c) for c in courses] == ["Stat 89A, Spring 2018", "Math 16A, Spring 2017", "Math 16A, Fall 2016"]
    assert courses[0].a["href"] == "https://www.stat.berkeley.edu/~mmahoney/s18-lads/"
    assert courses[2].a is None


def test_a_change_in_the_database_shows_on_the_homepage(demo, page, client):
    keutzer = Person.objects.get(family_name="Keutzer")
    keutzer.given_names = "Kurt W."
    keutzer.save()
    soup = page("/")
    assert "K. W. Keutzer" in text(soup.select_one("#publications"))
    assert "K. Keutzer," not in text(soup.select_one("#publications"))


def test_hidden_entries_are_not_on_the_page(db, page):
    make_owner()
    make_publication(title="Draft paper", is_public=False)
    make_talk(title="Private talk", is_public=False)
    soup = page("/")
    assert "Draft paper" not in soup.get_text()
    assert "Private talk" not in soup.get_text()
    assert soup.select("#publications") == []


def test_an_empty_site_still_answers(db, page):
    soup = page("/")
    assert text(soup.h1) == "Your name here"


def test_full_author_names_when_the_profile_asks_for_them(db, page):
    owner = make_owner()
    Profile.objects.create(author_style=Profile.AuthorStyle.FULL)
    make_publication(authors=[make_person("Michael W.", "Mahoney"), owner])
    assert text(page("/").select_one(".authors")) == "Michael W. Mahoney, Zhewei Yao"


def build_site(size):
    """An owner with `size` publications of 8 authors and 3 links each, talks with links, and courses."""
    owner = make_owner()
    ProfileLink.objects.create(profile=Profile.load(), kind="github", url="https://github.com/x")
    sections = [make_section("Conference", 1), make_section("Journal", 2)]
    people = [owner] + [make_person() for _ in range(20)]
    links = [("arxiv", "https://arxiv.org/abs/1"), ("code", "https://github.com/x/y"), ("video", "https://v.org/")]
    for i in range(size):
        authors = [people[(i + k) % len(people)] for k in range(8)]
        make_publication(sections[i % 2], authors=authors, equal=(1, 2), links=links, abstract="*x*")
    for _ in range(size):
        make_talk(links=[("slides", "https://s.org/")], location="Online")
    for _ in range(size):
        make_course()


@pytest.mark.parametrize("size", [1, 60])
def test_homepage_query_count_does_not_grow_with_the_data(db, client, django_assert_num_queries, size):
    build_site(size)
    assert Talk.objects.count() == size
    # profile, its links, owner, publications+sections, authorships+people, publication links,
    # talks+publications, talk links, courses, the latest news, the navigation (sections with content, pages)
    with django_assert_num_queries(12):
        response = client.get("/")
    assert response.status_code == 200
    assert response.content.decode().count('class="publication"') == size


def test_publication_page_shows_authors_venue_and_talks(demo, page):
    publication = Publication.objects.get(title="PyHessian: Neural Networks Through the Lens of the Hessian")
    soup = page(publication.get_absolute_url())
    assert text(soup.h1) == publication.title
    assert text(soup.select_one(".authors")) == "Z. Yao*, A. Gholami*, K. Keutzer, M. W. Mahoney"
    assert text(soup.select_one("strong.owner")) == "Z. Yao*"
    assert [text(li) for li in soup.select("section li")] == ["IEEE BigData'20, Dec 2020"]


def test_hidden_publication_has_no_page(db, client):
    publication = make_publication(is_public=False)
    assert client.get(publication.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("size", [1, 30])
def test_publication_page_query_count_is_constant(db, client, django_assert_num_queries, size):
    owner = make_owner()
    publication = make_publication(
        authors=[owner] + [make_person() for _ in range(size)], links=[("pdf", "https://p.org/x.pdf")] * size
    )
    for _ in range(size):
        make_talk(publication=publication)
    # publication with section, authorships with people, links, profile, owner, talks, projects, the navigation
    # (sections with content, pages)
    with django_assert_num_queries(9):
        assert client.get(publication.get_absolute_url()).status_code == 200


def test_course_without_institution_or_role(db, page):
    make_course(name="Math 16A", season=4, year=2016, role="Teaching Assistant", institution="UC Berkeley")
    assert text(page("/").select_one("li.course")) == "Math 16A, Fall 2016, Teaching Assistant, UC Berkeley"


SNAPSHOT = Path(__file__).parent / "data" / "snapshots" / "seed-homepage.html"


def normalised(html):
    """The page with its spacing folded and its one moving part (the "last updated" date) blanked."""
    html = re.sub(r'<time datetime="[\d-]+">[^<]*</time>\.</p></footer>', "<time>DATE</time>.</p></footer>", html)
    return re.sub(r"\s+", " ", html).strip()


@pytest.mark.django_db(reset_sequences=True)
def test_the_seed_homepage_matches_its_snapshot(client):
    """A change to the templates that changes the page is a deliberate one: VITA_UPDATE_SNAPSHOTS=1 rewrites it."""
    load_demo()
    html = client.get("/").content.decode()
    if os.environ.get("VITA_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(html)
    assert normalised(html) == normalised(SNAPSHOT.read_text())
