"""The deployment kit for real: gunicorn with production settings on PostgreSQL, behind Debian's nginx configured
from deploy/ (loopback, a self-signed certificate), then a bounded load run with wrk."""

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings

pytestmark = pytest.mark.e2e

ROOT = Path(settings.BASE_DIR)
PG_ADMIN_URL = os.environ.get("VITA_E2E_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
TOOLS = ["nginx", "openssl", "wrk"]


def missing_requirements():
    missing = [tool for tool in TOOLS if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists()]
    try:
        import psycopg

        psycopg.connect(PG_ADMIN_URL, connect_timeout=2).close()
    except Exception as error:
        missing.append(f"PostgreSQL ({error.__class__.__name__})")
    return missing


if missing := missing_requirements():
    if os.environ.get("VITA_REQUIRE_SERVICES"):
        raise RuntimeError(f"The deployment tests need {', '.join(missing)}.")
    pytest.skip(f"needs {', '.join(missing)} (.ci/run installs them)", allow_module_level=True)

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULES = """
load_module /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so;
load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{check} did not succeed within {seconds} s")


def run(args, env, **kwargs):
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    import psycopg
    from PIL import Image

    work = tmp_path_factory.mktemp("deploy")
    database = f"vita_e2e_{os.getpid()}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}"')
        conn.execute(f'CREATE DATABASE "{database}"')
    http_port, https_port = free_port(), free_port()
    base_url = PG_ADMIN_URL.rsplit("/", 1)[0]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL", "DATABASE_URL"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{https_port}",
        "DATABASE_URL": f"{base_url}/{database}",
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        "GUNICORN_BIND": f"unix:{work}/gunicorn.sock",
        "GUNICORN_WORKERS": "3",
        "GUNICORN_ACCESS_LOG": str(work / "access.log"),
    })  # fmt: skip
    python = sys.executable
    run([python, "manage.py", "migrate", "--noinput"], env)
    run([python, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    run([python, "manage.py", "load_demo"], env)
    (work / "media" / "profile").mkdir(parents=True)
    Image.new("RGB", (8, 8), (10, 20, 30)).save(work / "media" / "profile" / "e2e.png")

    cert, key = work / "cert.pem", work / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)  # fmt: skip
    brotli = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so").exists()
    run([python, "deploy/configure.py", "--server-name", "127.0.0.1", "--output-dir", str(work / "nginx"),
         "--socket", str(work / "gunicorn.sock"), "--static-root", str(work / "static"),
         "--media-root", str(work / "media"), "--tls-cert", str(cert), "--tls-key", str(key),
         "--http-port", str(http_port), "--https-port", str(https_port), "--listen-address", "127.0.0.1",
         "--id", f"e2e{os.getpid()}", *(["--brotli"] if brotli else [])], env)  # fmt: skip
    (work / "nginx.conf").write_text(f"""
{BROTLI_MODULES if brotli else ""}
# The test's files live in root's private temporary folder; in production nginx runs as www-data and reaches the
# socket through its group (deploy/systemd/vita.service).
user root;
worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {work}/nginx-body;
    proxy_temp_path {work}/nginx-proxy;
    fastcgi_temp_path {work}/nginx-fastcgi;
    uwsgi_temp_path {work}/nginx-uwsgi;
    scgi_temp_path {work}/nginx-scgi;
    include {work}/nginx/vita.conf;
}}
""")
    logs = [open(work / "gunicorn.log", "w"), open(work / "nginx.log", "w")]  # noqa: SIM115 (closed at teardown)
    gunicorn = subprocess.Popen([python, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi"], cwd=ROOT,
                                env=env, stdout=subprocess.DEVNULL, stderr=logs[0])  # fmt: skip
    nginx = subprocess.Popen([NGINX, "-c", str(work / "nginx.conf"), "-p", str(work), "-g", "daemon off;"],
                             stderr=logs[1])  # fmt: skip
    context = ssl.create_default_context(cafile=str(cert))
    site = SimpleNamespace(work=work, env=env, https_port=https_port, http_port=http_port, context=context,
                           gunicorn=gunicorn, brotli=brotli, base=f"https://127.0.0.1:{https_port}")  # fmt: skip
    try:
        wait_for(lambda: fetch(site, "/")[0] == 200)
        yield site
    finally:
        for process in (nginx, gunicorn):
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def fetch(site, path, headers=None, method="GET", https=True, body=None):
    if https:
        conn = http.client.HTTPSConnection("127.0.0.1", site.https_port, context=site.context, timeout=15)
    else:
        conn = http.client.HTTPConnection("127.0.0.1", site.http_port, timeout=15)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, response.headers, data


def test_homepage_through_nginx_with_security_headers(stack):
    status, headers, body = fetch(stack, "/")
    assert status == 200
    assert '<h1 class="name">Zhewei Yao</h1>' in body.decode()
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    # The canonical URL is built from what nginx passed on: https and the real port.
    assert f'<link rel="canonical" href="https://127.0.0.1:{stack.https_port}/">' in body.decode()


def test_plain_http_is_redirected_to_https(stack):
    status, headers, _ = fetch(stack, "/publications/?x=1", https=False)
    assert status == 301
    assert headers["Location"] == f"https://127.0.0.1:{stack.https_port}/publications/?x=1"


def test_hashed_static_file_is_cached_for_a_year_and_compressed(stack):
    _, _, body = fetch(stack, "/")
    (css,) = re.findall(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body.decode())
    status, headers, plain = fetch(stack, css)
    assert status == 200 and headers["Content-Type"] == "text/css"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["X-Content-Type-Options"] == "nosniff"
    status, headers, gzipped = fetch(stack, css, {"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip" and len(gzipped) < len(plain)
    if stack.brotli:
        status, headers, brotlied = fetch(stack, css, {"Accept-Encoding": "gzip, br"})
        assert headers["Content-Encoding"] == "br" and len(brotlied) < len(plain)


def test_admin_login_page_and_secure_cookies(stack):
    status, headers, body = fetch(stack, "/admin/login/")
    assert status == 200 and "Log in" in body.decode()
    cookie = headers["Set-Cookie"]
    assert cookie.startswith("csrftoken=") and "Secure" in cookie and "SameSite=Lax" in cookie


def test_not_found_is_our_page_without_debug_information(stack):
    status, _, body = fetch(stack, "/no/such/page/")
    assert status == 404
    assert "<h1>Page not found</h1>" in body.decode() and "Traceback" not in body.decode()


def test_uploaded_media_is_served_by_nginx_safely(stack):
    status, headers, body = fetch(stack, "/media/profile/e2e.png")
    assert status == 200 and headers["Content-Type"] == "image/png" and body.startswith(b"\x89PNG")
    assert "sandbox" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_database_down_gives_a_503_page_not_a_traceback(stack):
    port = free_port()
    env = {**stack.env, "DATABASE_URL": "postgres://postgres@127.0.0.1:1/vita", "GUNICORN_BIND": f"127.0.0.1:{port}",
           "GUNICORN_WORKERS": "1"}  # fmt: skip
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:

        def answer():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/", headers={"X-Forwarded-Proto": "https", "Host": "127.0.0.1"})
            response = conn.getresponse()
            return response.status, response.read().decode()

        wait_for(lambda: answer())
        status, body = answer()
        assert status == 503
        assert "Temporarily unavailable" in body and "Traceback" not in body and "127.0.0.1:1" not in body
    finally:
        process.terminate()
        process.wait(timeout=20)


def gunicorn_workers(master_pid):
    result = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True)
    return [int(pid) for pid in result.stdout.split()]


def test_load_run_with_a_worker_killed_mid_run(stack):
    """wrk: 64 connections for 30 s against the homepage through nginx; a worker is SIGKILLed 10 s in."""
    wrk = subprocess.Popen(["wrk", "-t2", "-c64", "-d30s", "--timeout", "10s", "--latency", f"{stack.base}/"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    time.sleep(10)
    workers = gunicorn_workers(stack.gunicorn.pid)
    assert len(workers) == 3
    os.kill(workers[0], signal.SIGKILL)
    output, _ = wrk.communicate(timeout=90)
    print(output)
    assert wrk.returncode == 0, output
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    assert requests > 200, output  # a sanity floor: this test is about failures; speed is benchmarked
    assert "Non-2xx or 3xx responses" not in output, output
    assert "Socket errors" not in output, output
    # gunicorn replaced the killed worker
    wait_for(lambda: len(gunicorn_workers(stack.gunicorn.pid)) == 3 and workers[0] not in
             gunicorn_workers(stack.gunicorn.pid))  # fmt: skip


def test_admin_login_is_rate_limited_by_nginx(stack):
    """Runs last: it uses up this address's allowance."""
    statuses = [fetch(stack, "/admin/login/")[0] for _ in range(12)]
    assert statuses[0] == 200
    assert 429 in statuses
