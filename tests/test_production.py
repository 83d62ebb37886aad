"""Production behaviour that runs in-process: headers, lockout, error pages, backup and restore, the cache."""

import io
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.test import override_settings

from homepage.demo.load import load_demo
from profile.models import Profile
from tests.factories import make_owner
from tests.test_demo import snapshot


def test_security_headers_on_the_homepage(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["script-src"] == "'self'"  # no 'unsafe-inline', no third party
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_admin_login_locks_out_after_five_failures(client, django_user_model):
    django_user_model.objects.create_superuser("owner", "o@example.org", "the-right-password")
    for _ in range(4):
        response = client.post("/admin/login/", {"username": "owner", "password": "guess"})
        assert response.status_code == 200  # the form again, with its error
    response = client.post("/admin/login/", {"username": "owner", "password": "guess"})
    assert response.status_code == 429
    response = client.post("/admin/login/", {"username": "owner", "password": "the-right-password"})
    assert response.status_code == 429  # locked out, even with the right password
    assert "_auth_user_id" not in client.session


def test_a_good_login_works_and_resets_the_count(client, django_user_model):
    django_user_model.objects.create_superuser("owner", "o@example.org", "the-right-password")
    for _ in range(3):
        client.post("/admin/login/", {"username": "owner", "password": "guess"})
    response = client.post("/admin/login/?next=/admin/", {"username": "owner", "password": "the-right-password"})
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_404_page_is_ours_without_debug_information(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>Page not found</h1>" in body
    assert "Traceback" not in body and "urlpatterns" not in body


def test_database_down_gives_a_503_page(client, db, monkeypatch):
    from homepage import views

    def unreachable(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(views, "homepage_context", unreachable)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "Temporarily unavailable" in body and "5432" not in body


def test_other_errors_give_a_plain_500_page(client, db, monkeypatch):
    from homepage import views

    monkeypatch.setattr(views, "homepage_context", lambda: 1 / 0)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "ZeroDivisionError" not in response.content.decode()


def test_backup_and_restore_round_trip(transactional_db, tmp_path, media_root):
    # Not inside a test transaction: restore empties tables (TRUNCATE on PostgreSQL) as it does for real.
    load_demo()
    profile = Profile.load()
    (media_root / "cv").mkdir(parents=True)
    (media_root / "cv" / "cv.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    profile.cv.name = "cv/cv.pdf"
    profile.save()
    before = snapshot()
    archive = tmp_path / "backups" / "vita.tar.gz"
    call_command("backup", str(archive))

    with pytest.raises(CommandError, match="already has content"):
        call_command("restore", str(archive))
    call_command("flush", interactive=False)
    (media_root / "cv" / "cv.pdf").unlink()
    call_command("restore", str(archive))
    assert snapshot() == before
    assert (media_root / "cv" / "cv.pdf").read_bytes() == b"%PDF-1.4\n%%EOF\n"


def test_restore_refuses_what_is_not_a_backup(db, tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not a readable backup archive"):
        call_command("restore", str(bogus))
    make_owner()
    with pytest.raises(CommandError, match="already has content"):
        call_command("restore", str(bogus))


def test_restore_replace_makes_media_exactly_the_archives(transactional_db, tmp_path, media_root):
    load_demo()
    (media_root / "kept.txt").parent.mkdir(parents=True, exist_ok=True)
    (media_root / "kept.txt").write_text("in the backup")
    archive = tmp_path / "vita.tar.gz"
    call_command("backup", str(archive))
    (media_root / "later.txt").write_text("added after the backup")
    call_command("restore", str(archive), "--replace")
    assert sorted(path.name for path in media_root.iterdir()) == ["kept.txt"]


def test_a_failed_restore_leaves_the_site_as_it_was(transactional_db, tmp_path, media_root, monkeypatch):
    """The database is committed last: if loading fails, neither the data nor the media have changed."""
    from operations import backup

    load_demo()
    (media_root / "mine.txt").parent.mkdir(parents=True, exist_ok=True)
    (media_root / "mine.txt").write_text("before")
    archive = tmp_path / "vita.tar.gz"
    call_command("backup", str(archive))
    (media_root / "mine.txt").write_text("edited since")
    before = snapshot()
    real = backup.call_command

    def failing(name, *args, **kwargs):
        if name == "loaddata":
            raise RuntimeError("the disk filled up")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(backup, "call_command", failing)
    with pytest.raises(RuntimeError):
        call_command("restore", str(archive), "--replace")
    assert snapshot() == before and (media_root / "mine.txt").read_text() == "edited since"


def test_a_symlink_in_media_never_makes_a_backup_that_cannot_be_restored(transactional_db, tmp_path, media_root):
    load_demo()
    (media_root / "real.txt").parent.mkdir(parents=True, exist_ok=True)
    (media_root / "real.txt").write_text("a file")
    (media_root / "link.txt").symlink_to("/etc/hostname")
    archive = tmp_path / "vita.tar.gz"
    call_command("backup", str(archive))
    call_command("restore", str(archive), "--replace")
    assert (media_root / "real.txt").read_text() == "a file" and not (media_root / "link.txt").exists()


def test_keep_removes_only_vitas_own_archives(db, tmp_path, media_root):
    import os
    import tarfile

    folder = tmp_path / "backups"
    folder.mkdir()
    theirs = folder / "photos.tar.gz"
    with tarfile.open(theirs, "w:gz"):
        pass
    for day in (1, 2, 3):
        call_command("backup", str(folder / f"vita-2026010{day}.tar.gz"), stdout=io.StringIO())
        os.utime(folder / f"vita-2026010{day}.tar.gz", (day * 1000, day * 1000))
    call_command("backup", str(folder / "vita-20260104.tar.gz"), "--keep", "2", stdout=io.StringIO())
    assert sorted(path.name for path in folder.iterdir()) == [
        "photos.tar.gz",
        "vita-20260103.tar.gz",
        "vita-20260104.tar.gz",
    ]


REDIS_URL = os.environ.get("VITA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_is_up():
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        return False


@pytest.fixture
def redis_cache():
    if not redis_is_up():
        if os.environ.get("VITA_REQUIRE_SERVICES"):
            pytest.fail(f"Redis is required and does not answer at {REDIS_URL}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    with override_settings(CACHES={"default": redis, "fragments": {**redis, "KEY_PREFIX": "fragments"}}):
        cache = caches["default"]
        cache.clear()
        yield cache
        cache.clear()


def test_redis_cache_is_shared_between_connections(redis_cache):
    import redis

    redis_cache.set("vita-test-key", {"rows": [1, 2, 3]}, timeout=60)
    assert redis_cache.get("vita-test-key") == {"rows": [1, 2, 3]}
    # Another client (another app server) sees the same entry.
    other = redis.Redis.from_url(REDIS_URL)
    assert any(b"vita-test-key" in key for key in other.keys("*"))


def run_production(code, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL"))}
    base.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "example.org",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=base, capture_output=True, text=True, timeout=60
    )


def test_production_cache_is_shared_by_all_workers():
    code = "import django; django.setup(); from django.conf import settings; print(settings.CACHES['default'])"
    with_redis = run_production(code, REDIS_URL="redis://127.0.0.1:6379/3")
    assert "RedisCache" in with_redis.stdout and "redis://127.0.0.1:6379/3" in with_redis.stdout
    # Without Redis: files every worker shares, never a cache per process (a worker would serve stale pages).
    without = run_production(code, DJANGO_CACHE_DIR="/var/cache/vita-test").stdout
    assert "FileBasedCache" in without and "/var/cache/vita-test" in without


def test_production_passes_the_deploy_check():
    result = run_production(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_moves_the_admin_when_asked():
    code = (
        "import django; django.setup(); from django.urls import reverse; from django.conf import settings; "
        "print(reverse('admin:index'), settings.MARKDOWNX_URLS_PATH)"
    )
    assert run_production(code, DJANGO_ADMIN_PATH="backstage").stdout.split() == [
        "/backstage/",
        "/backstage/markdownx/markdownify/",
    ]
