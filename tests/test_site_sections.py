"""News, projects, posts and pages: the rest of an academic site, edited in the admin, published like every page."""

import datetime
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from homepage.demo.load import load_demo
from news.models import NewsItem
from pages.models import Page
from posts.models import Post, Tag
from projects.models import Project, ProjectLink
from tests.conftest import text
from tests.factories import make_owner, make_person, make_publication, make_section

HOSTILE = '**ok** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror="alert(1)"> <iframe src="https://e.vil"></iframe>'


def image_file(name="photo.jpg", size=(1200, 800), fmt="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def make_post(title="A post", day=1, public=True, **fields):
    fields.setdefault("slug", title.lower().replace(" ", "-"))
    fields.setdefault("body", "Hello.")
    return Post.objects.create(title=title, date=datetime.date(2025, 1, day), is_public=public, **fields)


# ---------------------------------------------------------------------------------------------- news
def test_the_homepage_shows_the_latest_news_above_publications_only_when_there_is_some(demo, page, settings):
    soup = page("/")
    assert soup.select_one("#news") is None
    settings.VITA_HOME_NEWS = 2
    cache.clear()  # the page above is cached until a change commits, which a test's changes never do
    for day in (1, 2, 3):
        NewsItem.objects.create(date=datetime.date(2026, 1, day), text=f"Paper **{day}** accepted at ICML.")
    NewsItem.objects.create(date=datetime.date(2026, 1, 9), text="Hidden news.", is_public=False)
    soup = page("/")
    assert [text(h) for h in soup.select("main h2")][:3] == ["About Me", "News", "Publications"]
    assert [text(li.select_one(".news-text")) for li in soup.select("#news li")] == [
        "Paper 3 accepted at ICML.",
        "Paper 2 accepted at ICML.",
    ]
    assert soup.select_one("#news a[href='/news/']").get_text() == "All news"
    assert len(page("/news/").select(".news-item")) == 3


def test_a_news_item_with_a_body_has_its_own_page_and_is_in_the_feed(db, client, page):
    item = NewsItem.objects.create(date=datetime.date(2026, 1, 5), text="We won *the* prize.", body="The whole story.")
    assert item.slug == "2026-01-we-won-the-prize"
    soup = page(item.get_absolute_url())
    assert text(soup.h1) == "We won the prize." and "The whole story." in text(soup.select_one(".prose"))
    assert page("/news/").select_one(f"#news-{item.pk} a.news-more")["href"] == item.get_absolute_url()
    feed = client.get("/feeds/news.atom").content.decode()
    assert "We won <em>the</em> prize." in feed.replace("&lt;", "<").replace("&gt;", ">")
    one_liner = NewsItem.objects.create(date=datetime.date(2026, 1, 6), text="A one-liner.")
    assert client.get(f"/news/{one_liner.slug or 'none'}/").status_code == 404


# ---------------------------------------------------------------------------------------------- projects
def test_a_project_with_an_image_and_two_publications(db, page, settings, tmp_path):
    owner = make_owner()
    section = make_section("Conference")
    papers = [make_publication(section, title=f"Paper {n}", authors=[owner]) for n in (1, 2)]
    project = Project.objects.create(
        title="Efficient Training",
        slug="efficient-training",
        summary="Faster models.",
        image=image_file(),
        image_alt="A diagram of the pipeline",
        body="Details with $O(n)$ math.",
    )
    project.publications.set(papers)
    ProjectLink.objects.create(project=project, kind="code", url="https://github.com/x/y")
    # The image: re-encoded, at most 1600 px, with WebP and fallback copies at the card's widths.
    project.refresh_from_db()
    stored = project.image.storage
    assert stored.exists(project.image.name.rsplit(".", 1)[0] + "-400.webp")
    assert (project.image_width, project.image_height) == (1200, 800)
    grid = page("/projects/")
    card = grid.select_one(".project-card")
    assert text(card.h2) == "Efficient Training" and card.img["width"] == "400" and card.img["height"] == "267"
    assert card.img["alt"] == "A diagram of the pipeline" and "webp" in card.source["srcset"]
    detail = page("/projects/efficient-training/")
    assert [text(a) for a in detail.select("li.publication a.title")] == ["Paper 1", "Paper 2"]
    assert detail.select_one(".prose math") is not None and detail.select_one(".links a").get_text() == "code"
    paper_page = page(papers[0].get_absolute_url())
    assert [a["href"] for a in paper_page.select("#projects-heading + ul a")] == ["/projects/efficient-training/"]


def test_a_project_image_must_really_be_an_image(db):
    fake = SimpleUploadedFile("photo.jpg", b"<?php echo 'polyglot'; ?>" * 10, content_type="image/jpeg")
    project = Project(title="P", slug="p", image=fake)
    with pytest.raises(ValidationError, match="not one"):
        project.full_clean()


# ---------------------------------------------------------------------------------------------- posts
def test_a_post_with_code_and_math(db, page, client):
    make_owner()
    tag = Tag.objects.create(name="Optimisation", slug="optimisation")
    post = make_post(
        "Second order methods",
        summary="Why curvature helps.",
        body="The loss $L(\\theta)$:\n\n```python\ndef step(x):\n    return x - 0.1 * grad(x)\n```\n",
    )
    post.tags.add(tag)
    soup = page(post.get_absolute_url())
    assert post.get_absolute_url() == "/blog/2025/second-order-methods/"
    code = soup.select_one(".prose .highlight")
    assert code["tabindex"] == "0" and code.select_one("span.k").get_text() == "def"
    assert soup.select_one(".prose math") is not None
    assert soup.find("link", href=lambda href: href and "code" in href and href.endswith(".css")) is not None
    assert soup.find("meta", property="og:type")["content"] == "article"
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "BlogPosting" and data["headline"] == "Second order methods"
    assert data["author"]["name"] == "Zhewei Yao" and data["keywords"] == ["Optimisation"]
    assert [text(a) for a in page("/blog/tags/optimisation/").select(".post-entry h2 a")] == ["Second order methods"]
    assert "Second order methods" in client.get("/feeds/blog.atom").content.decode()


def test_drafts_are_nowhere(db, client):
    draft = make_post("Draft", public=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert (
        "Draft" not in client.get("/blog/").content.decode()
        and "Draft" not in client.get("/feeds/blog.atom").content.decode()
    )


def test_the_blog_is_paginated_ten_a_page(db, page, client):
    for day in range(1, 13):
        make_post(f"Post {day}", day=day)
    first, second = page("/blog/"), page("/blog/page/2/")
    assert [text(a) for a in first.select(".post-entry h2 a")] == [f"Post {d}" for d in range(12, 2, -1)]
    assert [text(a) for a in second.select(".post-entry h2 a")] == ["Post 2", "Post 1"]
    assert first.select_one(".pagination a[rel=next]")["href"] == "/blog/page/2/"
    assert second.select_one(".pagination a[rel=prev]")["href"] == "/blog/"
    assert client.get("/blog/page/3/").status_code == 404 and client.get("/blog/page/1/").status_code == 404


def test_an_old_address_answers_with_a_permanent_redirect(db, client, settings, tmp_path):
    from django.core.management import call_command

    post = make_post("Moved in", old_path="/posts/2019/05/moved-in.html")
    response = client.get("/posts/2019/05/moved-in.html")
    assert response.status_code == 301 and response["Location"] == post.get_absolute_url()
    Page.objects.create(title="Research", path="research")
    assert client.get("/research").status_code == 301 and client.get("/research")["Location"] == "/research/"
    assert client.get("/no/such/page/").status_code == 404
    call_command("export_site", str(tmp_path / "out"), "--base-url", "https://me.github.io", stdout=io.StringIO())
    stub = (tmp_path / "out" / "posts" / "2019" / "05" / "moved-in.html").read_text()
    assert 'http-equiv="refresh"' in stub and "https://me.github.io/blog/2025/moved-in/" in stub


# ---------------------------------------------------------------------------------------------- pages and navigation
def test_pages_at_chosen_addresses_and_the_navigation(db, page):
    make_owner()
    Page.objects.create(title="Group", path="group", body="We are **five**.", menu_order=2)
    Page.objects.create(title="Research", path="research", body="Randomised linear algebra.", menu_order=1)
    Page.objects.create(title="Unlisted", path="unlisted", in_menu=False)
    soup = page("/group/")
    assert text(soup.h1) == "Group" and soup.select_one(".prose strong").get_text() == "five"
    nav = soup.select_one("header nav.site-nav")
    assert nav["aria-label"] == "Site"
    assert [(a.get_text(), a["href"]) for a in nav.select("a")] == [
        ("Home", "/"),
        ("CV", "/cv/"),
        ("Research", "/research/"),
        ("Group", "/group/"),
    ]
    assert nav.select_one("a[aria-current=page]").get_text() == "Group"
    Project.objects.create(title="P", slug="p")
    make_post("Hello")
    NewsItem.objects.create(date=datetime.date(2026, 1, 1), text="News.")
    labels = [a.get_text() for a in page("/").select("nav.site-nav a")]
    assert labels == ["Home", "CV", "Projects", "Blog", "News", "Research", "Group"]


@pytest.mark.parametrize("path", ["admin", "blog/x", "Research", "../etc", "a b", "cv"])
def test_a_page_cannot_take_vitas_own_addresses_or_odd_ones(db, path):
    with pytest.raises(ValidationError):
        Page(title="X", path=path).full_clean()


def test_the_demo_invents_no_news_projects_or_posts(db):
    load_demo()
    assert not NewsItem.objects.exists() and not Project.objects.exists() and not Post.objects.exists()
    assert not Page.objects.exists()


# ---------------------------------------------------------------------------------------------- safety and cost
def test_hostile_markdown_is_sanitised_in_every_new_field(db, client):
    make_owner()
    NewsItem.objects.create(date=datetime.date(2026, 1, 1), text=HOSTILE, body=HOSTILE, slug="n")
    Project.objects.create(title="P", slug="p", body=HOSTILE)
    post = make_post("Post", body=HOSTILE)
    Page.objects.create(title="Pg", path="pg", body=HOSTILE)
    for url in ["/", "/news/", "/news/n/", "/projects/p/", post.get_absolute_url(), "/pg/"]:
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        main = soup.select_one("main")
        assert main.find("strong", string="ok") is not None, url
        assert main.script is None and main.iframe is None, url
        assert "onerror" not in str(main) and "javascript:" not in str(main), url


@pytest.mark.parametrize("size", [1, 25])
def test_each_new_page_costs_a_fixed_number_of_queries(db, client, django_assert_num_queries, size):
    owner = make_owner()
    section = make_section("Journal")
    tag = Tag.objects.create(name="T", slug="t")
    project = Project.objects.create(title="Project", slug="project")
    for n in range(size):
        NewsItem.objects.create(date=datetime.date(2026, 1, 1), text=f"News {n}", body="Story.", slug=f"n{n}")
        Project.objects.create(title=f"P{n}", slug=f"p{n}")
        post = make_post(f"Post {n}", slug=f"post-{n}")
        post.tags.add(tag)
        paper = make_publication(section, authors=[owner, make_person()], links=[("pdf", "https://p.org/x.pdf")])
        project.publications.add(paper)
        Page.objects.create(title=f"Page {n}", path=f"page-{n}")
    # Each: the profile, the owner and the navigation (which sections have content; the pages in the menu), then
    # its own: news (1), a news item (1), projects (1), a project (itself, links, publications with sections,
    # their authors, their links), the blog (count, posts, their tags), a post (itself, its tags, the author for
    # its JSON-LD), a tag (itself, its posts, their tags), a page (1).
    expected = {
        "/news/": 5,
        "/news/n0/": 5,
        "/projects/": 5,
        "/projects/project/": 9,
        "/blog/": 7,
        "/blog/2025/post-0/": 7,
        "/blog/tags/t/": 7,
        "/page-0/": 5,
    }
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for url in expected:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)
    assert counts == expected
