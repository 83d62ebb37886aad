"""What search engines, Google Scholar and feed readers read."""

import json
import xml.etree.ElementTree as ET

import pytest

from publications.models import Publication
from tests.factories import make_owner, make_person, make_publication, make_section, make_talk


@pytest.fixture
def paper(db):
    owner = make_owner()
    mahoney = make_person("Michael W.", "Mahoney", homepage="https://www.stat.berkeley.edu/~mmahoney/")
    return make_publication(
        make_section("Journal"),
        title="A hybrid adaptive MCMC algorithm in function spaces",
        authors=[make_person("Q.", "Zhou"), owner, mahoney],
        venue_full="SIAM/ASA J. Uncertainty Quantification",
        year=2017,
        month=3,
        volume="5",
        number="1",
        pages="621–639",
        doi="10.1137/16M1082950",
        arxiv_id="1607.01458",
        abstract="We *propose* a method.",
        links=[("pdf", "https://example.org/mcmc.pdf"), ("code", "https://github.com/x/mcmc")],
    )


def meta(soup, name):
    return [tag["content"] for tag in soup.find_all("meta", attrs={"name": name})]


def test_publication_page_has_google_scholar_tags_matching_its_data(paper, page):
    soup = page(paper.get_absolute_url())
    assert meta(soup, "citation_title") == ["A hybrid adaptive MCMC algorithm in function spaces"]
    assert meta(soup, "citation_author") == ["Zhou, Q.", "Yao, Zhewei", "Mahoney, Michael W."]
    assert meta(soup, "citation_publication_date") == ["2017/03"]
    assert meta(soup, "citation_journal_title") == ["SIAM/ASA J. Uncertainty Quantification"]
    assert meta(soup, "citation_conference_title") == []
    assert meta(soup, "citation_volume") == ["5"] and meta(soup, "citation_issue") == ["1"]
    assert (meta(soup, "citation_firstpage"), meta(soup, "citation_lastpage")) == (["621"], ["639"])
    assert meta(soup, "citation_doi") == ["10.1137/16M1082950"]
    assert meta(soup, "citation_pdf_url") == ["https://example.org/mcmc.pdf"]


def test_conference_paper_names_its_conference_and_falls_back_to_the_arxiv_pdf(db, page):
    paper = make_publication(
        make_section("Conference"),
        title="PyHessian",
        venue_full="IEEE BigData",
        arxiv_id="1912.07145",
        authors=[make_owner()],
    )
    soup = page(paper.get_absolute_url())
    assert meta(soup, "citation_conference_title") == ["IEEE BigData"]
    assert meta(soup, "citation_journal_title") == []
    assert meta(soup, "citation_pdf_url") == ["https://arxiv.org/pdf/1912.07145"]


def test_publication_page_json_ld_opengraph_and_canonical(paper, page):
    soup = page(paper.get_absolute_url())
    url = f"http://testserver{paper.get_absolute_url()}"
    assert soup.find("link", rel="canonical")["href"] == url
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "ScholarlyArticle" and data["name"] == paper.title and data["url"] == url
    assert [a["name"] for a in data["author"]] == ["Q. Zhou", "Zhewei Yao", "Michael W. Mahoney"]
    assert data["author"][2]["url"] == "https://www.stat.berkeley.edu/~mmahoney/"
    assert data["datePublished"] == "2017-03" and data["sameAs"] == "https://doi.org/10.1137/16M1082950"
    og = {tag["property"]: tag["content"] for tag in soup.find_all("meta", property=True)}
    assert og["og:type"] == "article" and og["og:title"] == paper.title and og["og:url"] == url


def test_publication_page_shows_abstract_bibtex_and_talks(paper, page):
    make_talk(title="Talk on MCMC", publication=paper)
    soup = page(paper.get_absolute_url())
    assert soup.select_one("#abstract-heading + p em").get_text() == "propose"
    bibtex = soup.select_one("pre#bibtex").get_text()
    assert bibtex.startswith("@article{zhou2017hybrid,") and "doi = {10.1137/16M1082950}" in bibtex
    assert soup.select_one("a[download]")["href"] == f"/publications/{paper.slug}.bib"
    assert soup.select_one("button.copy").has_attr("hidden")  # shown by the script only where it runs
    assert [a.get_text() for a in soup.select("#talks-heading + ul a")] == ["Talk on MCMC"]


def test_json_ld_cannot_close_its_script_element(db, page):
    paper = make_publication(title="</script><script>alert(1)</script>")
    soup = page(paper.get_absolute_url())
    (script,) = soup.find_all("script", type="application/ld+json")
    assert json.loads(script.string)["name"] == "</script><script>alert(1)</script>"
    assert len(soup.find_all("script")) == 2  # the JSON-LD and copy.js, nothing injected


def test_homepage_person_json_ld_and_abstracts_in_details(paper, page):
    from profile.models import Profile, ProfileLink

    profile = Profile.objects.create(headline="Senior Researcher", affiliation="Microsoft")
    ProfileLink.objects.create(profile=profile, kind="github", url="https://github.com/yaozhewei")
    soup = page("/")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Zhewei Yao",
        "url": "http://testserver/",
        "jobTitle": "Senior Researcher",
        "affiliation": {"@type": "Organization", "name": "Microsoft"},
        "sameAs": ["https://github.com/yaozhewei"],
    }
    details = soup.select_one("li.publication details.abstract")
    assert details.summary.get_text() == "Abstract" and details.em.get_text() == "propose"
    assert soup.find("link", rel="canonical")["href"] == "http://testserver/"


def test_sitemap_lists_home_the_cv_and_public_publications(paper, client):
    make_publication(title="Hidden", is_public=False)
    root = ET.fromstring(client.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    assert [loc.text for loc in root.findall("s:url/s:loc", ns)] == [
        "http://testserver/",
        "http://testserver/cv/",
        f"http://testserver{paper.get_absolute_url()}",
    ]


def test_robots_txt_points_to_the_sitemap_and_never_names_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Allow: /",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_atom_feeds_are_linked_and_list_public_entries(paper, client, page):
    make_publication(title="Hidden", is_public=False)
    make_talk(title="A public talk")
    links = {link["href"] for link in page("/").find_all("link", type="application/atom+xml")}
    assert links == {"/feeds/publications.atom", "/feeds/talks.atom"}
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(client.get("/feeds/publications.atom").content)
    assert feed.find("a:title", ns).text == "Publications of Zhewei Yao"
    assert [e.find("a:title", ns).text for e in feed.findall("a:entry", ns)] == [paper.title]
    talks = ET.fromstring(client.get("/feeds/talks.atom").content)
    assert [e.find("a:title", ns).text for e in talks.findall("a:entry", ns)] == ["A public talk"]


def test_homepage_titles_link_to_publication_pages(demo, page):
    soup = page("/")
    hrefs = [a["href"] for a in soup.select("li.publication a.title")]
    assert len(hrefs) == 36 and len(set(hrefs)) == 36
    assert set(hrefs) == {p.get_absolute_url() for p in Publication.objects.all()}
