"""Two app servers for one site, as the README's "Several app servers" sets them up: each its own gunicorn and nginx,
both on the same PostgreSQL, Redis and publish root (a shared volume), one set of publishing workers. An edit made
through either server shows through both at once, and a hidden publication is gone from both."""

import os
import re

import pytest

from deploy.localstack import LocalStack, missing_requirements, wait_for

pytestmark = pytest.mark.e2e

if missing := missing_requirements():
    if os.environ.get("VITA_REQUIRE_SERVICES"):
        raise RuntimeError(f"The deployment tests need {', '.join(missing)}.")
    pytest.skip(f"needs {', '.join(missing)} (.ci/run installs them)", allow_module_level=True)

REDIS_URL = "redis://127.0.0.1:6379/7"  # a database of its own, emptied first
PASSWORD = "a-long-e2e-password"


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    work = tmp_path_factory.mktemp("servers")
    # The second factor is tested on its own (test_two_factor); here the editor signs in with the password.
    first = LocalStack(
        work / "first", name="servers", workers=2, extra_env={"REDIS_URL": REDIS_URL, "DJANGO_REQUIRE_2FA": "false"}
    )
    first.prepare()
    second = LocalStack(work / "second", workers=2, share=first).prepare()
    first.manage(
        "shell",
        "-c",
        f"from django.contrib.auth.models import User; User.objects.create_superuser('editor', '', {PASSWORD!r})",
    )
    try:
        first.start()
        second.start(workers=False)
        yield first, second
    finally:
        second.stop()
        first.stop()
        redis.Redis.from_url(REDIS_URL).flushdb()


def editor(server):
    from bench.browser import Browser

    browser = Browser(server.base, server.context)
    browser.log_in("admin/", "editor", PASSWORD)
    return browser


def paper(server):
    """(primary key, address, title) of the homepage's first publication."""
    home = server.fetch("/")[2].decode()
    path = re.search(r'href="(/publications/[a-z0-9-]+/)"', home).group(1)
    slug = path.split("/")[2]
    shell = f"from publications.models import Publication as P; p = P.objects.get(slug={slug!r}); print(p.pk, p.title)"
    pk, title = server.manage("shell", "-c", shell).strip().splitlines()[-1].split(" ", 1)
    return int(pk), path, title


def test_both_servers_serve_the_same_published_files(servers):
    first, second = servers
    for path in ("/", "/publications.bib", "/cv/"):
        a, b = first.fetch(path), second.fetch(path)
        assert a[0] == b[0] == 200
        assert a[2] == b[2] and a[1]["ETag"] == b[1]["ETag"]  # the one file, from each server's nginx


def test_an_edit_through_one_server_shows_through_the_other_at_once(servers):
    first, second = servers
    pk, path, _ = paper(first)
    browser = editor(second)
    form = f"/admin/publications/publication/{pk}/change/"
    fields = browser.form(form, "publication_form")
    fields["title"] = ["Edited Through The Second Server"]
    fields["_save"] = ["Save"]
    browser.submit(form, fields)
    # At once, from both: Django renders the page (its file was withdrawn), and the shared cache knows the change.
    for server in (first, second):
        assert "Edited Through The Second Server" in server.fetch("/")[2].decode()
        assert "Edited Through The Second Server" in server.fetch(path)[2].decode()
    # The first server's worker publishes the pages again; both nginx serve the new file.
    first.wait_for_worker()
    published = first.work / "published" / path.strip("/") / "index.html"
    wait_for(lambda: published.exists() and "Edited Through The Second Server" in published.read_text())
    assert first.fetch(path)[1]["ETag"] == second.fetch(path)[1]["ETag"]


def test_a_publication_hidden_through_one_server_is_gone_from_both(servers):
    first, second = servers
    pk, path, title = paper(second)
    assert all(title in server.fetch("/")[2].decode() for server in (first, second))
    browser = editor(first)
    form = f"/admin/publications/publication/{pk}/change/"
    fields = browser.form(form, "publication_form")
    fields.pop("is_public", None)  # the box unticked
    fields["_save"] = ["Save"]
    browser.submit(form, fields)
    for server in (first, second):
        assert server.fetch(path)[0] == 404
        assert title not in server.fetch("/")[2].decode()
    first.wait_for_worker()
    assert not (first.work / "published" / path.strip("/")).exists()
    for server in (first, second):
        assert server.fetch(path)[0] == 404
