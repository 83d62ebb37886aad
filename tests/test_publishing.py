"""Fast at any size: the page cache (ETag, 304, invalidation) and the published and exported static pages."""

import gzip
import os
import threading
import time
from pathlib import Path

import brotli
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from markupsafe import escape

from profile.models import Person, Profile
from publications.models import Publication
from publishing.cache import cache_page, page_key
from publishing.version import site_version
from tests.factories import make_owner, make_person, make_publication, make_section, make_talk
from tests.test_production import redis_cache  # noqa: F401 (the real-Redis fixture)


@pytest.fixture
def site(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # as if committed
        owner = make_owner()
        shen = make_person("S.", "Shen")
        section = make_section("Conference")
        first = make_publication(section, title="PowerNorm", authors=[shen, owner], links=[("code", "https://c.org")])
        second = make_publication(section, title="Q-BERT", authors=[shen, owner])
        other = make_publication(section, title="Solo Paper", authors=[owner])
    return {"owner": owner, "shen": shen, "papers": [first, second], "other": other}


def test_second_visit_is_served_from_the_cache_with_etag_and_last_modified(site, client):
    first = client.get("/")
    assert first["X-Vita-Cache"] == "miss"
    second = client.get("/")
    assert second["X-Vita-Cache"] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"] and second["Last-Modified"] == first["Last-Modified"]


def test_a_visitor_is_not_told_the_caches_state(site, client, settings):
    """X-Vita-Cache is for the tests and debugging (DJANGO_CACHE_STATE_HEADER); production settings leave it out."""
    import os
    import subprocess
    import sys

    code = "import django; django.setup(); from django.conf import settings; print(settings.VITA_CACHE_STATE_HEADER)"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", DJANGO_SECRET_KEY="x" * 50)
    assert (
        subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True).stdout
        == "False\n"
    )
    settings.VITA_CACHE_STATE_HEADER = False
    first, second = client.get("/"), client.get("/")
    assert second.content == first.content and second["ETag"] == first["ETag"]  # the second from the cache
    assert "X-Vita-Cache" not in first and "X-Vita-Cache" not in second


def test_repeat_visits_get_304(site, client):
    first = client.get("/")
    assert client.get("/", headers={"if-none-match": first["ETag"]}).status_code == 304
    assert client.get("/", headers={"if-modified-since": first["Last-Modified"]}).status_code == 304
    assert client.get("/", headers={"if-none-match": '"something-else"'}).status_code == 200


def test_a_cache_hit_sends_the_same_headers_as_the_first_visit(site, client):
    first, second = client.get("/"), client.get("/")
    assert second["X-Vita-Cache"] == "hit"
    names = {name for name in first.headers if name != "X-Vita-Cache"}
    assert {name for name in second.headers if name != "X-Vita-Cache"} == names
    assert {"X-Frame-Options", "Content-Security-Policy", "X-Content-Type-Options"} <= names


@pytest.mark.parametrize(
    "accept, coding",
    [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip"), ("identity", None), ("", None)],
)
def test_cached_pages_are_sent_compressed_as_the_client_asks(site, client, accept, coding):
    first = client.get("/")
    plain, etag = first.content, first["ETag"].strip('"')
    cache.clear()
    for state in ("miss", "hit"):
        response = client.get("/", headers={"accept-encoding": accept})
        assert response["X-Vita-Cache"] == state
        assert response.get("Content-Encoding") == coding
        assert response["Vary"] == "Accept-Encoding"
        decode = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[coding]
        assert decode(response.content) == plain
    # Each copy has its own ETag, and a repeat visit with it gets 304.
    assert response["ETag"] == (f'"{etag}-{coding}"' if coding else f'"{etag}"')
    again = client.get("/", headers={"accept-encoding": accept, "if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_a_page_too_small_to_gain_from_compression_is_sent_as_it_is(site, client):
    for _ in range(2):
        response = client.get("/robots.txt", headers={"accept-encoding": "gzip, br"})
        assert len(response.content) < 512 and response.content.startswith(b"User-agent")
        assert "Content-Encoding" not in response and "Vary" not in response


def homepage_key():
    return page_key(site_version()[0], "/")


def later(seconds, action):
    timer = threading.Timer(seconds, action)
    timer.start()
    return timer


def test_a_page_another_worker_is_rendering_is_waited_for_not_rendered_again(site, client, django_assert_num_queries):
    key = homepage_key()
    cache.add(key + ":rendering", True, 5)  # another worker is rendering "/"
    timer = later(0.2, lambda: cache_page(key, b"<p>rendered by the other worker</p>", "text/html", None))
    with django_assert_num_queries(0):
        response = client.get("/")
    timer.join()
    assert response["X-Vita-Cache"] == "waited"
    assert response.content == b"<p>rendered by the other worker</p>"


def test_when_the_other_render_gives_up_the_request_renders_the_page_itself(site, client):
    key = homepage_key()
    cache.add(key + ":rendering", True, 5)
    timer = later(0.2, lambda: cache.delete(key + ":rendering"))  # e.g. its page was not cacheable
    response = client.get("/")
    timer.join()
    assert response["X-Vita-Cache"] == "miss" and "PowerNorm" in response.content.decode()


def test_a_render_that_outlasts_its_hold_is_taken_over_by_one_waiter_not_all(site, monkeypatch):
    """The worker rendering a page holds it for RENDER_LOCK_SECONDS; when that runs out, one waiting request takes the
    page over and the others go on waiting for its copy (all rendering at once is what made a slow homepage slower
    under load)."""
    from publishing import cache as page_cache

    monkeypatch.setattr(page_cache, "RENDER_LOCK_SECONDS", 1)
    key = homepage_key()
    wanted = f"{key}:identity"
    cache.add(key + ":rendering", "another worker", 0.3)  # its hold runs out while it still renders
    results = []

    def ask():
        results.append(page_cache.PublicPageCacheMiddleware._wait_or_take(key, wanted))

    waiters = [threading.Thread(target=ask) for _ in range(4)]
    for waiter in waiters:
        waiter.start()
    while not results:  # the first to take the page over
        threading.Event().wait(0.01)
    cache_page(key, b"<p>rendered once more</p>", "text/html", None)
    for waiter in waiters:
        waiter.join()
    took = [token for entry, token in results if token]
    assert len(took) == 1 and results[0] == (None, took[0])
    assert [entry[0] for entry, token in results[1:]] == [b"<p>rendered once more</p>"] * 3


def test_a_page_that_cannot_be_cached_is_not_waited_for(site, client, monkeypatch):
    from publishing import cache as page_cache

    assert client.get("/no-such-page/").status_code == 404
    cache.add(page_key(site_version()[0], "/no-such-page/") + ":rendering", True, 5)  # another worker renders it
    naps = []
    monkeypatch.setattr(page_cache.time, "sleep", naps.append)
    assert client.get("/no-such-page/").status_code == 404
    assert naps == []


def test_an_edit_to_an_authors_name_shows_on_every_page_that_lists_them(
    site, client, django_capture_on_commit_callbacks
):
    pages = ["/", *[p.get_absolute_url() for p in site["papers"]], "/publications.bib"]
    for page in pages:
        client.get(page)  # cached
    shen = site["shen"]
    with django_capture_on_commit_callbacks(execute=True):  # the site version moves on when the change commits
        shen.given_names = "Sheng"
        shen.save()
    for page in pages:
        response = client.get(page)
        assert response["X-Vita-Cache"] == "miss", page
        body = response.content.decode()
        assert ("Shen, Sheng" if page.endswith(".bib") else "S. Shen") in body, page
    with django_capture_on_commit_callbacks(execute=True):
        shen.family_name = "Shenn"
        shen.save()
    assert all("Shenn" in client.get(page).content.decode() for page in pages)


def test_admin_pages_and_static_files_are_never_cached(site, admin_client):
    assert "X-Vita-Cache" not in admin_client.get("/admin/")
    assert "X-Vita-Cache" not in admin_client.get("/admin/publications/publication/")


def test_a_bulk_action_in_the_admin_invalidates_the_cache(
    site, admin_client, client, django_capture_on_commit_callbacks
):
    paper = site["papers"][0]
    assert "PowerNorm" in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:publications_publication_changelist"),
            {"action": "make_hidden", "_selected_action": [paper.pk]},
        )
    assert "PowerNorm" not in client.get("/").content.decode()


def test_the_cache_is_shared_through_redis(site, client, redis_cache, django_capture_on_commit_callbacks):  # noqa: F811 (the fixture)
    client.get("/")
    assert client.get("/")["X-Vita-Cache"] == "hit"
    assert any(key.startswith(b":1:vita:page:") for key in redis_cache._cache.get_client().keys("*"))
    paper = site["papers"][1]
    with django_capture_on_commit_callbacks(execute=True):
        paper.title = "Q-BERT, revised"
        paper.save()
    response = client.get("/")
    assert response["X-Vita-Cache"] == "miss" and "Q-BERT, revised" in response.content.decode()


@pytest.fixture
def published(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.VITA_PUBLISH_ROOT = str(tmp_path / "published")
    settings.VITA_SITE_URL = "http://testserver"
    return tmp_path / "published"


def publish_all():
    from publishing.publish import publish

    publish()


def test_manage_py_publish_says_how_many_pages_it_wrote(site, published):
    import io

    out = io.StringIO()
    call_command("publish", stdout=out)
    from publishing.files import read_manifest

    pages = read_manifest(published)
    assert "/" in pages and f"Published {len(pages)} pages for http://testserver" in out.getvalue()


def test_every_public_page_is_published_with_compressed_copies(site, published, client):
    """Each page, with a .br copy beside it when it is large enough to gain from one (1 KB; nginx compresses smaller
    ones itself), and a .gz copy too from 16 KB (below, nginx gzips on the fly for a client without brotli)."""
    publish_all()
    slug = site["papers"][0].slug
    for name in [
        "index.html",
        "publications.bib",
        "sitemap.xml",
        "robots.txt",
        "feeds/publications.atom",
        "feeds/talks.atom",
        f"publications/{slug}/index.html",
        f"publications/{slug}.bib",
    ]:
        assert (published / name).is_file(), name
        size = (published / name).stat().st_size
        assert (published / (name + ".br")).is_file() == (size >= 1024), name
        assert (published / (name + ".gz")).is_file() == (size >= 16 * 1024), name
    assert (published / "index.html.br").is_file() and not (published / "robots.txt.br").exists()
    assert (published / f"publications/{slug}/index.html.br").is_file()
    assert not (published / f"publications/{slug}/index.html.gz").exists()
    assert (published / "index.html").read_bytes() == client.get("/").content
    assert (published / f"publications/{slug}/index.html").read_bytes() == client.get(f"/publications/{slug}/").content


@pytest.mark.parametrize("atomic", [True, False])
def test_a_page_that_shrinks_loses_the_copies_it_no_longer_gets(tmp_path, atomic):
    """nginx serves a .gz or .br copy whenever one is there: a copy left from a longer version of the page would
    serve that version. Written atomically or over the old files (a folder being refilled out of sight)."""
    from publishing.files import write_page

    page = tmp_path / "publications" / "paper" / "index.html"
    gz, br = page.with_name("index.html.gz"), page.with_name("index.html.br")
    for body in [b"<p>long</p>" * 3000, b"<p>short</p>" * 200, b"<p>tiny</p>"]:
        write_page(page, body, atomic=atomic)
        assert page.read_bytes() == body
        assert gz.exists() == (len(body) >= 16 * 1024) and br.exists() == (len(body) >= 1024)
        assert not gz.exists() or gzip.decompress(gz.read_bytes()) == body
        assert not br.exists() or brotli.decompress(br.read_bytes()) == body
    assert sorted(path.name for path in page.parent.iterdir()) == ["index.html"]


def test_publishing_removes_only_the_files_it_wrote_inside_its_root(
    site, published, tmp_path, django_capture_on_commit_callbacks
):
    """A file of someone else's in the publish root stays; a manifest entry leading outside the root (edited by
    hand) deletes nothing there; a crash's leftover temporary file goes at the next publish; no address publishing
    is asked to write may name a dot-file or leave the root."""
    import json

    from publishing.files import MANIFEST, UnsafePath, file_for

    publish_all()
    outside = tmp_path / "outside.txt"
    outside.write_text("not Vita's")
    (published / "keep.txt").write_text("the owner's")
    manifest = json.loads((published / MANIFEST).read_text())
    manifest["/../outside.txt"] = ""
    (published / MANIFEST).write_text(json.dumps(manifest))
    leftover, running = (published / "publications" / name for name in (".index.html.1.tmp", ".index.html.2.tmp"))
    leftover.write_text("half a page, from a publish cut short an hour ago")
    os.utime(leftover, (time.time() - 3600,) * 2)
    running.write_text("half a page that a publish running now is writing")
    publish_all()
    assert running.exists()
    with django_capture_on_commit_callbacks(execute=True):  # every page withdrawn (the owner renamed)
        owner = site["owner"]
        owner.family_name = "Renamed"
        owner.save()
    assert outside.read_text() == "not Vita's" and (published / "keep.txt").read_text() == "the owner's"
    assert not leftover.exists()
    assert "Renamed" in (published / "index.html").read_text()
    for address in ("/../x/", "/a/../../x", "/.vita-pages.json", "/x/.hidden/", "", "/\0x"):
        with pytest.raises(UnsafePath):
            file_for(published, address)
    assert file_for(published, "/publications/x/") == published / "publications" / "x" / "index.html"
    assert file_for(published, "//publications//x.bib") == published / "publications" / "x.bib"


def test_a_save_republishes_the_pages_it_touches_and_no_others(site, published, django_capture_on_commit_callbacks):
    publish_all()
    other_page = published / f"publications/{site['other'].slug}/index.html"
    untouched = other_page.stat().st_mtime_ns
    with django_capture_on_commit_callbacks(execute=True):
        shen = site["shen"]
        shen.given_names = "Sheng"
        shen.save()
    for paper in site["papers"]:
        assert "S. Shen" in (published / f"publications/{paper.slug}/index.html").read_text()
    assert "S. Shen" in (published / "index.html").read_text()
    assert other_page.stat().st_mtime_ns == untouched


def test_hiding_or_deleting_a_publication_removes_its_published_pages(
    site, published, django_capture_on_commit_callbacks
):
    publish_all()
    hidden, deleted = site["papers"]
    with django_capture_on_commit_callbacks(execute=True):
        hidden.is_public = False
        hidden.save()
    with django_capture_on_commit_callbacks(execute=True):
        deleted.delete()
    for paper in (hidden, deleted):
        assert not (published / f"publications/{paper.slug}").exists()
        assert not (published / f"publications/{paper.slug}.bib").exists()
    assert "PowerNorm" not in (published / "index.html").read_text()
    assert (published / f"publications/{site['other'].slug}/index.html").exists()


def test_a_talk_moved_to_another_paper_leaves_neither_page_stale(site, published, django_capture_on_commit_callbacks):
    first, second = site["papers"]
    with django_capture_on_commit_callbacks(execute=True):
        talk = make_talk(title="PowerNorm at ICML", publication=first)
    first_page, second_page = (published / f"publications/{p.slug}/index.html" for p in (first, second))
    assert "PowerNorm at ICML" in first_page.read_text()
    with django_capture_on_commit_callbacks(execute=True):
        talk.publication = second
        talk.save()
    assert "PowerNorm at ICML" not in first_page.read_text()
    assert "PowerNorm at ICML" in second_page.read_text()


def test_one_save_of_many_rows_publishes_once(site, published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        paper = make_publication(
            site["papers"][0].section,
            title="New",
            authors=[make_person(), site["owner"]],
            links=[("pdf", "https://p.org/x.pdf")],
        )
        make_talk(publication=paper)
    assert len(callbacks) == 1


def test_a_profile_change_republishes_everything(site, published, django_capture_on_commit_callbacks):
    publish_all()
    with django_capture_on_commit_callbacks(execute=True):
        Profile.objects.create(author_style=Profile.AuthorStyle.FULL)
    for paper in [*site["papers"], site["other"]]:
        assert "Zhewei Yao" in (published / f"publications/{paper.slug}/index.html").read_text()


def with_meta_csp(live):
    """A live page as the static copy has it: the site's CSP (less what a <meta> cannot say) in its head."""
    policy = "; ".join(
        f"{name} {' '.join(values)}" for name, values in settings.CSP_DIRECTIVES.items() if name != "frame-ancestors"
    )
    meta = f'  <meta http-equiv="Content-Security-Policy" content="{escape(policy)}">\n'.encode()
    head = b'<head>\n  <meta charset="utf-8">\n'
    assert live.count(head) == 1
    return live.replace(head, head + meta)


def test_export_site_equals_the_live_site_with_its_csp_in_a_meta(site, tmp_path, client, settings):
    out = tmp_path / "export"
    call_command("export_site", str(out), "--base-url", "https://example.org")
    settings.VITA_SITE_URL = "https://example.org"  # the live site, served from where the copy will be
    live = client.get("/").content
    assert b"http-equiv" not in live  # Vita sends the policy as a header
    assert (out / "index.html").read_bytes() == with_meta_csp(live)
    assert b'<link rel="canonical" href="https://example.org/">' in live
    assert (out / "static" / "css" / "site.css").is_file()
    sitemap = (out / "sitemap.xml").read_text()
    assert f"https://example.org/publications/{site['other'].slug}/" in sitemap
    paper = Publication.objects.get(title="PowerNorm")
    exported = (out / f"publications/{paper.slug}/index.html").read_bytes()
    assert exported == with_meta_csp(client.get(paper.get_absolute_url()).content)
    pages = [path for path in out.rglob("*.html")]
    assert len(pages) > 5
    assert all(b'<meta http-equiv="Content-Security-Policy"' in path.read_bytes() for path in pages)


def test_export_site_holds_only_the_media_its_pages_use(site, tmp_path, media_root):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from posts.models import Post
    from profile.models import Profile

    image = io.BytesIO()
    Image.new("RGB", (300, 300), "teal").save(image, "PNG")
    Profile.objects.create(headline="Researcher", photo=SimpleUploadedFile("me.png", image.getvalue()))
    (media_root / "markdown").mkdir(parents=True)
    for name in ("public.png", "draft.png", "replaced.png"):
        (media_root / "markdown" / name).write_bytes(image.getvalue())
    common = {"date": "2024-05-01", "summary": "A post."}
    Post.objects.create(title="Out", slug="out", body="![a plot](/media/markdown/public.png)", is_public=True, **common)
    Post.objects.create(title="Draft", slug="draft", body="![secret](/media/markdown/draft.png)", **common)

    out = tmp_path / "export"
    call_command("export_site", str(out), "--base-url", "https://example.org")
    copied = {str(path.relative_to(out / "media")) for path in (out / "media").rglob("*") if path.is_file()}
    assert "markdown/public.png" in copied
    assert Profile.objects.get().photo.name in copied
    assert not copied & {"markdown/draft.png", "markdown/replaced.png"}
    every_page = " ".join(path.read_text() for path in out.rglob("*.html"))
    assert all(f"/media/{name}" in every_page for name in copied)


def test_the_publish_root_holds_only_the_uploads_public_pages_show(
    site, published, media_root, client, admin_client, django_capture_on_commit_callbacks
):
    """nginx serves uploads from the publish root: a draft's picture or a replaced photo (kept in MEDIA_ROOT for
    undo) is never there. Hiding a post takes its pictures away once the change is published; staff still see every
    upload."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from posts.models import Post

    image = io.BytesIO()
    Image.new("RGB", (300, 300), "teal").save(image, "PNG")
    (media_root / "markdown").mkdir(parents=True)
    for name in ("public.png", "draft.png"):
        (media_root / "markdown" / name).write_bytes(image.getvalue())
    with django_capture_on_commit_callbacks(execute=True):  # each save as if committed
        profile = Profile.load()
        profile.photo = SimpleUploadedFile("old.png", image.getvalue())
        profile.save()
        replaced = profile.photo.name
        profile.photo = SimpleUploadedFile("me.png", image.getvalue())
        profile.save()
        common = {"date": "2024-05-01", "summary": "A post."}
        post = Post.objects.create(
            title="Out", slug="out", body="![a plot](/media/markdown/public.png)", is_public=True, **common
        )
        Post.objects.create(title="Draft", slug="draft", body="![secret](/media/markdown/draft.png)", **common)
    publish_all()

    def there():
        folder = published / "media"
        return {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()}

    assert {"markdown/public.png", profile.photo.name} <= there()
    assert not there() & {"markdown/draft.png", replaced}
    every_page = " ".join(path.read_text() for path in published.rglob("*.html"))
    assert all(f"/media/{name}" in every_page for name in there())
    assert (published / "media/markdown/public.png").read_bytes() == image.getvalue()

    with django_capture_on_commit_callbacks(execute=True):
        post.is_public = False
        post.save()
    assert "markdown/public.png" not in there() and profile.photo.name in there()
    # Django answers for what is not published: staff get it (the admin shows drafts), the public a 404.
    assert client.get("/media/markdown/draft.png").status_code == 404
    assert client.get(f"/media/{replaced}").status_code == 404
    staff = admin_client.get("/media/markdown/draft.png")
    assert staff.status_code == 200 and b"".join(staff.streaming_content) == image.getvalue()
    assert "private" in staff["Cache-Control"]
    assert admin_client.get("/media/../config/settings/base.py").status_code in (400, 404)  # never outside


def test_export_refuses_a_folder_with_files(site, tmp_path):
    from django.core.management import CommandError

    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("export_site", str(tmp_path), "--base-url", "https://example.org")
    assert (tmp_path / "keep.txt").read_text() == "mine"
    assert Person.objects.count() == 2


@pytest.fixture
def queued(settings):
    """Tasks are queued and left for a worker, as in production (the tests' default runs them at once)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": settings.TASK_QUEUES}
    }
    from django_tasks import default_task_backend

    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def run_queued(backend, limit=None):
    """Run what is queued, as the workers would (tasks queued meanwhile too; the first `limit` only, if given)."""
    while backend.results and limit != 0:
        result = backend.results.pop(0)
        result.task.call(*result.args, **result.kwargs)
        limit = None if limit is None else limit - 1


def test_a_change_withdraws_its_pages_at_the_commit_and_the_worker_renders_them(
    site, published, queued, django_capture_on_commit_callbacks
):
    """Between the commit and the worker's render nginx has no file for the touched pages, so Django serves them,
    fresh; untouched pages stay published."""
    publish_all()
    paper, other = site["papers"][0], site["other"]
    page, untouched = (published / f"publications/{p.slug}/index.html" for p in (paper, other))
    with django_capture_on_commit_callbacks(execute=True):
        paper.title = "PowerNorm, revised"
        paper.save()
    assert not page.exists() and not (published / "index.html").exists() and untouched.exists()
    assert len(queued.results) == 1
    run_queued(queued)
    assert "PowerNorm, revised" in page.read_text() and "PowerNorm, revised" in (published / "index.html").read_text()


def test_a_withdrawn_pages_folder_goes_aside_whole_unless_it_holds_something_else(
    site, published, queued, django_capture_on_commit_callbacks
):
    """A page that is all its folder holds is withdrawn with one rename of the folder; a folder that also holds a
    file publishing did not write keeps it, and loses only the page's files."""
    publish_all()
    first, second = site["papers"]
    (published / f"publications/{first.slug}/notes.txt").write_text("the owner's")
    with django_capture_on_commit_callbacks(execute=True):
        for paper in (first, second):
            paper.venue_short = "NeurIPS"
            paper.save()
    assert not (published / f"publications/{second.slug}").exists()
    assert [path.name for path in (published / ".vita-trash").glob("page~*/index.html*")]
    assert sorted(path.name for path in (published / f"publications/{first.slug}").iterdir()) == ["notes.txt"]
    run_queued(queued)
    assert "NeurIPS" in (published / f"publications/{second.slug}/index.html").read_text()
    assert (published / f"publications/{first.slug}/notes.txt").read_text() == "the owner's"
    assert not (published / ".vita-trash").exists()


def test_a_headline_touches_the_site_pages_not_the_publications(site, published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        profile = Profile.objects.create(headline="Researcher")
    publish_all()
    pages = [published / f"publications/{p.slug}/index.html" for p in [*site["papers"], site["other"]]]
    before = [page.stat().st_mtime_ns for page in pages]
    with django_capture_on_commit_callbacks(execute=True):
        profile.headline = "Professor of Things"
        profile.save()
    assert "Professor of Things" in (published / "index.html").read_text()
    assert [page.stat().st_mtime_ns for page in pages] == before


def test_renaming_the_owner_sets_all_publication_pages_aside_in_one_go(
    site, published, queued, django_capture_on_commit_callbacks
):
    publish_all()
    with django_capture_on_commit_callbacks(execute=True):
        owner = site["owner"]
        owner.family_name = "Yaoo"
        owner.save()
    assert not (published / "publications").exists()  # renamed into the trash, not unlinked file by file
    assert (published / ".vita-trash").is_dir()
    run_queued(queued)
    assert not (published / ".vita-trash").exists()
    for paper in [*site["papers"], site["other"]]:
        assert "Z. Yaoo" in (published / f"publications/{paper.slug}/index.html").read_text()


def test_the_worker_refills_the_folder_set_aside_and_puts_back_only_fresh_pages(
    site, published, queued, django_capture_on_commit_callbacks
):
    """After the owner renamed, the worker writes the publication pages over their old files in the set-aside copy
    (rewriting a file costs a tenth of creating one) and puts the folder back in one rename: a paper hidden
    meanwhile does not come back with it."""
    publish_all()
    kept, hidden = site["papers"][0], site["papers"][1]
    page = published / f"publications/{kept.slug}/index.html"
    inode = page.stat().st_ino
    with django_capture_on_commit_callbacks(execute=True):
        owner = site["owner"]
        owner.family_name = "Quux"
        owner.save()
        hidden.is_public = False
        hidden.save()
    run_queued(queued)
    assert page.stat().st_ino == inode  # written over in the copy, not made anew
    assert "Z. Quux" in page.read_text() and "Z. Yao" not in page.read_text()
    assert not (published / f"publications/{hidden.slug}/index.html").exists()
    assert not (published / f"publications/{hidden.slug}.bib").exists()
    assert not (published / ".vita-trash").exists()


def _save_during(render, action, calls=1):
    """A renderer that, at its `calls`-th call, saves a change the way a request does (committed, withdrawn, its job
    queued), first making sure the worker does not hold the publish root's lock while it renders (a save would wait
    for it)."""
    import fcntl

    seen = []

    def rendering(*args, **kwargs):
        seen.append(1)
        if len(seen) == calls:
            with open(Path(settings.VITA_PUBLISH_ROOT) / ".vita-publish.lock", "a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises BlockingIOError if the worker held it
                fcntl.flock(lock, fcntl.LOCK_UN)
            action()
        return render(*args, **kwargs)

    return rendering


def test_a_save_while_the_worker_renders_neither_waits_nor_lets_a_stale_page_through(
    site, published, queued, monkeypatch, django_capture_on_commit_callbacks
):
    """The worker renders without the publish root's lock, so a save made meanwhile does not wait for it; the pages
    it rendered from the older rows are never written, and its job runs again after the save's."""
    from publishing import publish as publishing
    from publishing.changes import Change
    from publishing.tasks import publish_change

    publish_all()
    other = site["other"]

    def edit():
        with django_capture_on_commit_callbacks(execute=True):
            other.title = "Solo Paper, revised"
            other.save()

    monkeypatch.setattr(publishing, "render_path", _save_during(publishing.render_path, edit))
    result = publish_change.call(Change(site={"home"}, objects={"publications.publication": {other.pk}}).as_dict())
    assert result["written"] == 0 and result["outdated"] == 3  # the homepage, the page and its .bib
    assert not (published / "index.html").exists()
    assert not (published / f"publications/{other.slug}/index.html").exists()
    assert len(queued.results) == 2  # the save's job, and this one again
    monkeypatch.undo()
    run_queued(queued)
    assert "Solo Paper, revised" in (published / "index.html").read_text()
    assert "Solo Paper, revised" in (published / f"publications/{other.slug}/index.html").read_text()


def test_a_change_during_the_refill_puts_back_no_stale_page(
    site, published, queued, monkeypatch, django_capture_on_commit_callbacks
):
    """A title is saved while the worker refills the publication pages' folder after the owner renamed: the copy,
    with the pages written into it so far, stays out of nginx's sight, and the job that runs again refills it."""
    from publications import views
    from publishing import publish as publishing

    publish_all()
    with django_capture_on_commit_callbacks(execute=True):
        owner = site["owner"]
        owner.family_name = "Quux"
        owner.save()
    paper = site["papers"][1]

    def edit():
        with django_capture_on_commit_callbacks(execute=True):
            paper.title = "Q-BERT, revised"
            paper.save()

    monkeypatch.setattr(publishing.Writer, "BATCH", 1)  # the first publication's pages are written before the save
    monkeypatch.setattr(views, "detail_context", _save_during(views.detail_context, edit, calls=2))
    run_queued(queued, limit=1)
    assert not (published / "publications").exists()
    assert [path.name for path in (published / ".vita-trash").glob("*~publications~*") if path.is_dir()]
    monkeypatch.undo()
    run_queued(queued)
    for pub in [*site["papers"], site["other"]]:
        text = (published / f"publications/{pub.slug}/index.html").read_text()
        assert "Z. Quux" in text and "Z. Yao" not in text
    assert "Q-BERT, revised" in (published / f"publications/{paper.slug}/index.html").read_text()
    assert not (published / ".vita-trash").exists()


@pytest.mark.skipif(__import__("cv.pdf").pdf.available() is not None, reason="WeasyPrint or Pango is missing")
def test_a_picture_taken_out_of_a_post_is_no_longer_published(
    site, published, media_root, django_capture_on_commit_callbacks
):
    from posts.models import Post

    (media_root / "markdown").mkdir(parents=True)
    (media_root / "markdown" / "plot.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with django_capture_on_commit_callbacks(execute=True):
        post = Post.objects.create(
            title="Out", slug="out", body="![a plot](/media/markdown/plot.png)", is_public=True, date="2024-05-01"
        )
    publish_all()
    assert (published / "media/markdown/plot.png").is_file()
    with django_capture_on_commit_callbacks(execute=True):
        post.body = "No picture now."
        post.save()
    assert "No picture now." in (published / "blog/2024/out/index.html").read_text()
    assert not (published / "media/markdown/plot.png").exists()


def test_withdrawn_pages_keep_their_pictures_until_the_worker_publishes_them(
    site, published, queued, media_root, django_capture_on_commit_callbacks
):
    """The owner renamed: every page is withdrawn and Django serves them until the worker is done; the photo they
    show stays published meanwhile (the public gets uploads only from there)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (300, 300), "teal").save(image, "PNG")
    with django_capture_on_commit_callbacks(execute=True):
        profile = Profile.load()
        profile.photo = SimpleUploadedFile("me.png", image.getvalue())
        profile.save()
    run_queued(queued)
    publish_all()
    photo = published / "media" / profile.photo.name
    assert photo.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        owner = site["owner"]
        owner.family_name = "Renamed"
        owner.save()
    assert not (published / "index.html").exists() and photo.is_file()  # withdrawn pages, published photo
    run_queued(queued)
    assert "Renamed" in (published / "index.html").read_text() and photo.is_file()


def test_the_cv_pdf_is_replaced_when_ready_never_withdrawn(site, published, queued, django_capture_on_commit_callbacks):
    """The PDF takes seconds to minutes to make: the pages' worker never waits for it, and it stays in place until
    the document worker has made the new one (once, however many changes came in a row)."""
    import io

    import pypdf

    from publishing.tasks import publish_change, publish_documents

    publish_all()
    pdf = published / "cv.pdf"
    before = pdf.read_bytes()
    paper = site["papers"][0]
    with django_capture_on_commit_callbacks(execute=True):
        paper.title = "PowerNorm, revised"
        paper.save()
    assert pdf.read_bytes() == before and not (published / "cv" / "index.html").exists()
    [queued_change] = queued.results
    publish_change.call(*queued_change.args)
    assert "PowerNorm, revised" in (published / "cv" / "index.html").read_text()
    assert pdf.read_bytes() == before  # the pages are done; the document is still the old one
    [queued_documents] = queued.results[1:]
    assert queued_documents.task.queue_name == "documents"
    run_queued(queued)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "PowerNorm, revised" in text
    assert publish_documents.call(["cv_pdf"]) == {"written": []}  # already made from this content


def test_a_new_section_in_the_navigation_is_published_on_every_page(
    site, published, django_capture_on_commit_callbacks
):
    """The navigation is on every page: the first public project adds "Projects" to all of them."""
    from projects.models import Project

    publish_all()
    page = published / f"publications/{site['other'].slug}/index.html"
    assert 'href="/projects/"' not in page.read_text()
    with django_capture_on_commit_callbacks(execute=True):
        Project.objects.create(title="Efficient Training", slug="efficient-training")
    assert 'href="/projects/"' in page.read_text() and 'href="/projects/"' in (published / "index.html").read_text()
    assert (published / "projects" / "efficient-training" / "index.html").is_file()


def test_linking_a_project_and_a_paper_republishes_both_pages(site, published, django_capture_on_commit_callbacks):
    """A many-to-many change (no save signal) touches the pages on both sides, and unlinking does too."""
    from projects.models import Project

    with django_capture_on_commit_callbacks(execute=True):
        project = Project.objects.create(title="Efficient Training", slug="efficient-training")
    publish_all()
    paper = site["papers"][0]
    paper_page = published / f"publications/{paper.slug}/index.html"
    project_page = published / "projects/efficient-training/index.html"
    with django_capture_on_commit_callbacks(execute=True):
        project.publications.add(paper)
    assert "/projects/efficient-training/" in paper_page.read_text()
    assert "PowerNorm" in project_page.read_text()
    with django_capture_on_commit_callbacks(execute=True):
        project.publications.remove(paper)
    assert "/projects/efficient-training/" not in paper_page.read_text()
    assert "PowerNorm" not in project_page.read_text()


def test_a_bulk_change_of_papers_republishes_their_projects_pages(site, published, django_capture_on_commit_callbacks):
    """A queryset update (an admin bulk action) sends no save signal: the pages of the projects of every paper it
    changed are published again (found for all the papers at once), and no other project's."""
    from core.signals import bulk_change
    from projects.models import Project

    with django_capture_on_commit_callbacks(execute=True):
        linked = Project.objects.create(title="Efficient Training", slug="efficient-training")
        other = Project.objects.create(title="Other Work", slug="other-work")
        linked.publications.add(site["papers"][0])
        other.publications.add(site["other"])
    publish_all()
    other_page = published / "projects/other-work/index.html"
    untouched = other_page.stat().st_mtime_ns
    with django_capture_on_commit_callbacks(execute=True):
        pks = [paper.pk for paper in site["papers"]]
        Publication.objects.filter(pk__in=pks).update(title="Renamed In Bulk")
        bulk_change.send(sender=Publication, pks=pks)
    assert "Renamed In Bulk" in (published / "projects/efficient-training/index.html").read_text()
    assert other_page.stat().st_mtime_ns == untouched


def test_the_blogs_pages_follow_the_number_of_posts(site, published, django_capture_on_commit_callbacks):
    """Eleven posts make two pages of posts; a post hidden makes one, and the second page's file goes."""
    import datetime

    from posts.models import Post

    with django_capture_on_commit_callbacks(execute=True):
        for day in range(1, 12):
            Post.objects.create(
                title=f"Post {day}", slug=f"post-{day}", date=datetime.date(2025, 1, day), body="x", is_public=True
            )
    publish_all()
    assert (published / "blog/page/2/index.html").is_file()
    with django_capture_on_commit_callbacks(execute=True):
        Post.objects.filter(slug="post-1").first().delete()
    assert not (published / "blog/page/2/index.html").exists()
    assert "Post 11" in (published / "blog/index.html").read_text()
