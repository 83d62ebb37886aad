"""The deployment in deploy/ started on this machine, on loopback: for the end-to-end tests and the benchmark.

gunicorn with production settings on a PostgreSQL database of its own, behind Debian's nginx configured by
deploy/configure.py (TLS with a throwaway certificate). Everything lives in one work folder; stop() ends it all
and drops the database.
"""

import http.client
import os
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("VITA_E2E_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_SO = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


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
        time.sleep(0.05)
    raise TimeoutError(f"{check} did not succeed within {seconds} s")


def missing_requirements():
    missing = [
        tool
        for tool in ("nginx", "openssl", "wrk")
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists()
    ]
    try:
        import psycopg

        psycopg.connect(PG_ADMIN_URL, connect_timeout=2).close()
    except Exception as error:
        missing.append(f"PostgreSQL ({error.__class__.__name__})")
    return missing


class LocalStack:
    def __init__(self, work, name="e2e", workers=3, extra_env=None, extra_nginx="", plain_http=False, share=None):
        """`share`: another LocalStack whose site this one serves too, as a second app server (README, "Several app
        servers"): its own gunicorn and nginx, the same database, Redis, media and publish root (a shared volume)."""
        self.work = Path(work)
        self.database = share.database if share else f"vita_{name}_{os.getpid()}"
        self.shared = share is not None
        self.name = name
        self.http_port, self.https_port = free_port(), free_port()
        self.base = f"https://127.0.0.1:{self.https_port}"
        self.brotli = BROTLI_SO.exists()
        self.extra_nginx = extra_nginx
        self.plain_http = plain_http
        self.processes, self.logs = [], []
        environment = {
            k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL", "DATABASE_URL"))
        }
        self.env = {
            **environment,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_CSRF_TRUSTED_ORIGINS": self.base,
            "DATABASE_URL": f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{self.database}",
            "DJANGO_STATIC_ROOT": str(self.work / "static"),
            "DJANGO_MEDIA_ROOT": str(self.work / "media"),
            "DJANGO_PUBLISH_ROOT": str(self.work / "published"),
            "DJANGO_SITE_URL": self.base,
            "GUNICORN_BIND": f"unix:{self.work}/gunicorn.sock",
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_ACCESS_LOG": str(self.work / "access.log"),
            "DJANGO_CACHE_STATE_HEADER": "true",  # the tests tell Django's answers (hit or miss) from nginx's
            **(extra_env or {}),
        }
        if share is not None:
            same = (
                "DJANGO_SECRET_KEY",
                "DJANGO_STATIC_ROOT",
                "DJANGO_MEDIA_ROOT",
                "DJANGO_PUBLISH_ROOT",
                "DJANGO_SITE_URL",
            )
            self.env.update({name: share.env[name] for name in same})
            self.env.update({name: value for name, value in share.env.items() if name not in self.env})
            self.env["DJANGO_CSRF_TRUSTED_ORIGINS"] = f"{share.base},{self.base}"
        self.cert, self.key = self.work / "cert.pem", self.work / "key.pem"
        self.context = None
        self.gunicorn = self.worker = self.documents_worker = None

    # ---------------------------------------------------------------- set-up
    def manage(self, *args, env=None):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def create_database(self):
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{self.database}"')

    def prepare(self, load_demo=True):
        self.work.mkdir(parents=True, exist_ok=True)
        if not self.shared:  # a second app server finds the site set up
            self.create_database()
            self.manage("migrate", "--noinput")
            self.manage("collectstatic", "--noinput", "-v0")
        if load_demo and not self.shared:
            self.manage("load_demo")
            self.manage("publish")
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                self.key,
                "-out",
                self.cert,
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
            ],
            check=True,
            capture_output=True,
        )
        self.context = ssl.create_default_context(cafile=str(self.cert))
        self.manage_configure()
        return self

    def manage_configure(self):
        args = [
            "--server-name",
            "127.0.0.1",
            "--output-dir",
            str(self.work / "nginx"),
            "--socket",
            str(self.work / "gunicorn.sock"),
            "--static-root",
            self.env["DJANGO_STATIC_ROOT"],
            "--publish-root",
            self.env["DJANGO_PUBLISH_ROOT"],
            "--tls-cert",
            str(self.cert),
            "--tls-key",
            str(self.key),
            "--http-port",
            str(self.http_port),
            "--https-port",
            str(self.https_port),
            "--listen-address",
            "127.0.0.1",
            "--id",
            self.database,
            *(["--brotli"] if self.brotli else []),
            *(["--plain-http"] if self.plain_http else []),
        ]
        subprocess.run([sys.executable, "deploy/configure.py", *args], cwd=ROOT, check=True, capture_output=True)
        modules = f"load_module {BROTLI_SO.parent}/ngx_http_brotli_filter_module.so;\nload_module {BROTLI_SO};"
        work = self.work
        (work / "nginx.conf").write_text(f"""
{modules if self.brotli else ""}
# The files live in root's private temporary folder; in production nginx runs as www-data and reaches the
# socket through its group (deploy/systemd/vita.service).
user root;
worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {work}/nginx-body;
    proxy_temp_path {work}/nginx-proxy;
    fastcgi_temp_path {work}/nginx-fastcgi;
    uwsgi_temp_path {work}/nginx-uwsgi;
    scgi_temp_path {work}/nginx-scgi;
    include {work}/nginx/vita.conf;
    {self.extra_nginx}
}}
""")

    # ---------------------------------------------------------------- running
    def spawn(self, args, env=None, log=None, nice=0):
        handle = open(self.work / (log or "process.log"), "a")  # noqa: SIM115 (closed by stop())
        self.logs.append(handle)
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env or self.env,
            stdout=subprocess.DEVNULL,
            stderr=handle,
            preexec_fn=(lambda: os.nice(nice)) if nice else None,
        )
        self.processes.append(process)
        return process

    def start(self, workers=True):
        """gunicorn, nginx, and (unless workers=False: a second app server's site is published by the first's) the
        publishing workers."""
        self.gunicorn = self.spawn(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi"], log="gunicorn.log"
        )
        self.spawn(
            [NGINX, "-c", str(self.work / "nginx.conf"), "-p", str(self.work), "-g", "daemon off;"], log="nginx.log"
        )
        if workers:
            self.worker = self.start_worker()
            self.documents_worker = self.start_worker("documents")
        # A page that only Django answers (published files come from nginx alone): a 404 means gunicorn is up.
        wait_for(lambda: self.fetch("/publications/not-a-page/")[0] == 404)
        return self

    def start_worker(self, queue="default"):
        """A publishing worker, as deploy/systemd/vita-worker.service (the pages) or vita-documents.service (the
        CV's PDF) runs it."""
        command = [sys.executable, "manage.py", "db_worker", "--queue-name", queue, "--interval", "0.1"]
        nice = 15 if queue == "documents" else 10  # as the units' Nice=
        return self.spawn([*command, "--no-startup-delay"], log=f"worker-{queue}.log", nice=nice)

    def revive_workers(self):
        """Start again a publishing worker that has exited, as the units' Restart=always does (a worker exits when
        the database goes away under it)."""
        if self.worker is not None and self.worker.poll() is not None:
            self.worker = self.start_worker()
        if self.documents_worker is not None and self.documents_worker.poll() is not None:
            self.documents_worker = self.start_worker("documents")

    def queued_tasks(self, queue="default"):
        """How many tasks of a queue ("*": of all) wait for their worker or are running."""
        import psycopg

        query = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')"
        with psycopg.connect(self.env["DATABASE_URL"], autocommit=True) as conn:
            if queue == "*":
                return conn.execute(query).fetchone()[0]
            return conn.execute(query + " AND queue_name = %s", [queue]).fetchone()[0]

    def wait_for_worker(self, seconds=60, queue="default"):
        """Until the worker of a queue ("*": every worker) has done everything queued."""
        wait_for(lambda: self.queued_tasks(queue) == 0, seconds=seconds)

    def start_gunicorn(self, port, **env):
        """Another gunicorn on 127.0.0.1:port, with some settings changed."""
        command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi"]
        environment = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{port}", **env}
        process = self.spawn(command, env=environment, log=f"gunicorn-{port}.log")
        return process

    def fetch(self, path, headers=None, method="GET", https=True, source="127.0.0.1", timeout=15):
        """(status, headers, body) of one request, sent from the loopback address `source` (nginx's rate limits
        count per client address, so a test may use one of its own)."""
        address = (source, 0)
        if https:
            conn = http.client.HTTPSConnection(
                "127.0.0.1", self.https_port, context=self.context, timeout=timeout, source_address=address
            )
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=timeout, source_address=address)
        try:
            conn.request(method, path, headers=headers or {})
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        return response.status, response.headers, data

    def stop(self):
        for process in reversed(self.processes):
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:  # a worker finishing a long task (the PDF of a long CV)
                process.kill()
                process.wait()  # reaped: a process object dropped while it runs warns (ResourceWarning)
        for handle in self.logs:
            handle.close()
        if self.shared:
            return  # the database is the first server's
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
