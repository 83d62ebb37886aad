#!/usr/bin/env python3
"""`make bench`: how fast Vita publishes an edit, and how fast it serves its pages.

For the seed CV and CVs of 10, 100, 1,000 and 5,000 publications (proportional authors, links, talks, courses, CV
entries):

Write path (the seed and the CVs of 1,000 or more): admin saves posted through nginx as a browser posts them
(profile headline, the owner's name, a publication's title, a section's name, a bulk action on 100 publications, a
CV entry, and "select all" then "Make public", which from 500 publications is a job for the worker), each timed
until the response, until nginx serves the page that shows the edit (the homepage; the CV page for a CV entry),
and until the worker has published every page it touched; a whole-site publish; and the import rate of a real
2,288-entry bibliography.

Read path: the homepage's SQL queries, uncached render time and size in process; then four set-ups driven by wrk on
loopback, without and with compression:

  (a) nginx serving Vita's published files as a plain static site
  (b) the deploy/ set-up: the same nginx with Vita's routing, gunicorn behind for what has no file
  (c) gunicorn alone with its page cache (Redis)
  (d) gunicorn alone, uncached

(a)/(b) guards Vita's nginx routing against regressions; it is not a comparison with another product. Before
measuring it checks that (a) and (b) answer with the same bytes and headers.

Needs PostgreSQL and Redis on 127.0.0.1, nginx and wrk (`.ci/run` installs them). A full run takes about half an
hour on 2 cores; `--sizes 10,100 --seconds 1 --rounds 3` makes a quicker one; --write records the report in
docs/benchmark.md.
"""

import argparse
import datetime
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from deploy.localstack import LocalStack, free_port, missing_requirements, wait_for  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "10,100,1000,5000").split(",")]
SECONDS = int(os.environ.get("BENCH_SECONDS", "3"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))  # (a) and (b) run in this many pairs; the median ratio counts


def arguments():
    parser = argparse.ArgumentParser(
        prog="bench/run.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="CV sizes, in publications (%(default)s)")
    parser.add_argument("--seconds", type=int, default=SECONDS, help="seconds a wrk run (%(default)s)")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="(a)/(b) pairs of wrk runs (%(default)s)")
    parser.add_argument("--edit-rounds", type=int, default=3, help="rounds of the admin edits, medians (%(default)s)")
    parser.add_argument("--only", choices=["read", "write"], help="measure only the read path or the write path")
    parser.add_argument("--write", action="store_true", help="record the report in docs/benchmark.md")
    return parser.parse_args()


CONNECTIONS = 64


def wrk(url, compressed, headers=()):
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "10s", "--latency"]
    for header in [*headers, *(["Accept-Encoding: gzip, br"] if compressed else [])]:
        args += ["-H", header]
    output = subprocess.run([*args, url], capture_output=True, text=True, timeout=SECONDS + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", output)
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    p99_ms = float(p99.group(1)) * scale[p99.group(2)] if p99 else float("nan")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return rps, p99_ms, (int(errors.group(1)) if errors else 0), socket_errors.group(1) if socket_errors else ""


def median_run(runs):
    """The run with the median requests per second, its errors summed over all runs."""
    chosen = sorted(runs, key=lambda run: run[0])[len(runs) // 2]
    errors = sum(run[2] for run in runs)
    socket_errors = "; ".join(run[3] for run in runs if run[3])
    return chosen[0], chosen[1], errors, socket_errors


def generate(size, rng):
    """A CV of `size` publications: ~5 authors each (the owner among them), 2 links, talks and courses, and CV
    sections (positions, education, awards, service)."""
    from cv.models import CVEntry, CVSection
    from profile.models import Person, Profile, ProfileLink
    from publications.models import Authorship, Publication, PublicationLink, Section
    from talks.models import Talk, TalkLink
    from teaching.models import Course

    profile = Profile.objects.create(headline="Senior Researcher", affiliation="Microsoft", bio="A **bio**.")
    ProfileLink.objects.create(profile=profile, kind="github", url="https://github.com/example", order=1)
    owner = Person.objects.create(given_names="Zhewei", family_name="Yao", is_owner=True)
    people = Person.objects.bulk_create(
        Person(
            given_names=f"{chr(65 + i % 26)}.",
            family_name=f"Author{i}",
            homepage=f"https://example.org/{i}" if i % 4 == 0 else "",
        )
        for i in range(max(20, size // 2))
    )
    sections = [
        Section.objects.create(name=name, order=i)
        for i, name in enumerate(["Conference", "Journal", "Book Chapter", "Workshop", "Preprint and Technical Report"])
    ]
    publications = Publication.objects.bulk_create(
        Publication(
            title=f"Paper number {i}: a study of things",
            title_key=f"paper number {i} a study of things",
            slug=f"paper-{i}",
            section=sections[i % 5],
            year=2000 + i % 26,
            status="published",
            venue_short=f"Proc. VENUE {i % 40}",
            note="Long Talk" if i % 9 == 0 else "",
            order=i,
        )
        for i in range(size)
    )
    authorships, links = [], []
    for publication in publications:
        authors = rng.sample(people, rng.randint(2, 7))
        authors.insert(rng.randint(0, len(authors)), owner)
        for position, person in enumerate(authors, start=1):
            authorships.append(
                Authorship(
                    publication=publication,
                    person=person,
                    position=position,
                    equal_contribution=position <= 2 and rng.random() < 0.3,
                )
            )
        links += [
            PublicationLink(
                publication=publication, kind="arxiv", url=f"https://arxiv.org/abs/{publication.pk}", order=1
            ),
            PublicationLink(
                publication=publication, kind="code", url=f"https://github.com/x/{publication.pk}", order=2
            ),
        ]
    Authorship.objects.bulk_create(authorships)
    PublicationLink.objects.bulk_create(links)
    talks = Talk.objects.bulk_create(
        Talk(
            title=f"Talk {i}",
            event="ICML",
            event_url="https://icml.cc/",
            location="Online",
            date=datetime.date(2010 + i % 15, 1 + i % 12, 1),
        )
        for i in range(max(3, size // 3))
    )
    TalkLink.objects.bulk_create(TalkLink(talk=t, kind="slides", url="https://s.org/x.pdf", order=1) for t in talks)
    Course.objects.bulk_create(
        Course(name=f"Course {i}", season=1 + i % 4, year=2000 + i % 26) for i in range(max(3, size // 20))
    )
    cv_entries = []
    for order, (name, kind, count) in enumerate(
        [
            ("Positions", "positions", max(3, size // 500)),
            ("Education", "education", 3),
            ("Awards", "awards", max(3, size // 100)),
            ("Service", "service", max(3, size // 50)),
        ],
        start=1,
    ):
        section = CVSection.objects.create(name=name, slug=name.lower(), kind=kind, order=order)
        cv_entries += [
            CVEntry(
                section=section,
                title=f"{name} entry {i}",
                organisation=f"Organisation {i % 30}",
                location="Berkeley, CA, USA" if i % 2 else "",
                start_year=2000 + i % 26,
                end_year=2001 + i % 26 if i % 3 else None,
                description="What it was, *briefly*." if i % 4 == 0 else "",
                order=i,
            )
            for i in range(count)
        ]
    CVEntry.objects.bulk_create(cv_entries)
    return publications[0]


def clear():
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)  # TRUNCATE: no per-row signals


def measure_in_process():
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from homepage.views import home

    factory = RequestFactory()

    def render():
        return home(factory.get("/", HTTP_HOST="127.0.0.1", secure=True))

    with CaptureQueriesContext(connection) as queries:
        response = render()
    runs = 7 if len(response.content) > 1_000_000 else 41
    for _ in range(3):  # warm: connection, templates, memoised Markdown
        render()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        render()
        times.append((time.perf_counter() - started) * 1000)
    return len(queries), statistics.median(times), len(response.content)


def baseline_server(stack, root, port):
    """(a): nginx serving the published files as a plain static site, on the same TLS set-up as (b).

    The listen parameters, the ssl_* directives, the compression (pre-compressed copies, gzip_static and
    brotli_static, and for a page without one the same compression on the fly, gzip_vary on) and the response
    headers are copied from the rendered deploy configuration; `same_responses` then checks that (a) and (b)
    answer with the same bytes. "/x/" is served from /x/index.html by nginx's index module, as a static site
    would be.
    """
    server = (stack.work / "nginx" / "vita.conf").read_text()
    site = (stack.work / "nginx" / "vita-site.conf").read_text()
    listen = re.search(r"listen \S+ (ssl[^;]*);", server).group(1)
    tls = list(dict.fromkeys(re.findall(r"^[ \t]*(ssl_\w+ .*;)", server, re.MULTILINE)))  # once, not per block
    page_location = site[site.index("location / {") :]
    headers = re.findall(r"^[ \t]*(add_header .*;)", page_location[: page_location.index("\n}\n")], re.MULTILINE)
    compression = re.findall(r"^[ \t]*((?:gzip|brotli)\w* [^;]*;)", site, re.MULTILINE)
    compression = list(dict.fromkeys(" ".join(line.split()) for line in compression))  # the static ones twice
    lines = [
        f"listen 127.0.0.1:{port} {listen};",
        *tls,
        f"root {root};",
        *compression,
        "charset utf-8;",
        *headers,
    ]
    return "server {  # (a)\n" + "".join(f"        {line}\n" for line in lines if line) + "    }"


def same_responses(a_url, b_url, context):
    """Refuse to compare (a) with (b) unless they answer on the same TLS version with the same status, headers
    (but Date) and bytes, with and without compression."""
    import http.client
    from urllib.parse import urlsplit

    def fetch(url, compressed):
        parts = urlsplit(url)
        conn = http.client.HTTPSConnection(parts.hostname, parts.port, context=context, timeout=30)
        conn.request("GET", parts.path, headers={"Accept-Encoding": "gzip, br"} if compressed else {})
        response = conn.getresponse()
        body = response.read()
        version = conn.sock.version()
        conn.close()
        headers = sorted((name.lower(), value) for name, value in response.getheaders() if name.lower() != "date")
        return response.status, version, headers, body

    for compressed in (False, True):
        a, b = fetch(a_url, compressed), fetch(b_url, compressed)
        if a != b:
            difference = [f"(a) {x}\n(b) {y}" for x, y in zip(a[:3], b[:3], strict=True) if x != y]
            difference = difference or ["the bodies differ"]
            sys.exit(
                f"(a) and (b) answer {a_url} differently, so comparing them would say nothing:\n"
                + "\n".join(difference)
            )
        if a[0] != 200:
            sys.exit(f"{a_url} answered {a[0]}")


def main():
    global SECONDS, ROUNDS
    args = arguments()
    sizes = [int(n) for n in args.sizes.split(",") if n]
    SECONDS, ROUNDS = args.seconds, args.rounds
    if missing := missing_requirements():
        sys.exit(f"make bench needs {', '.join(missing)}")
    work = Path(tempfile.mkdtemp(prefix="vita-bench-"))
    baseline, a_port = work / "baseline", free_port()
    stack = LocalStack(
        work, name="bench", workers=os.cpu_count() * 2 + 1, extra_env={"REDIS_URL": "redis://127.0.0.1:6379/14"}
    )
    os.environ.update(stack.env)  # before anything imports the settings
    stack.prepare(load_demo=False)
    stack.extra_nginx = baseline_server(stack, baseline, a_port)
    stack.manage_configure()  # writes nginx.conf again, now with (a) in it
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import transaction

    from bench import write_path
    from homepage.demo.load import load_demo
    from publications.models import Publication
    from publishing.version import bump_version

    # The write path is measured on the seed and the large CVs (all sizes when none is large: a quick run).
    write_sizes = {"seed", *[n for n in sizes if n >= 1000]} if any(n >= 1000 for n in sizes) else {"seed", *sizes}
    cache.clear()
    rows, imported = [], None
    try:
        stack.start()
        c_port, d_port = free_port(), free_port()
        stack.start_gunicorn(c_port)
        stack.start_gunicorn(d_port, DJANGO_PAGE_CACHE="off")
        for port in (c_port, d_port):
            wait_for(
                lambda port=port: (
                    subprocess.run(
                        ["curl", "-s", "-o", "/dev/null", f"http://127.0.0.1:{port}/"], timeout=30
                    ).returncode
                    == 0
                )
            )
        for size in ["seed", *sizes]:
            stack.wait_for_worker()
            clear()
            settings.VITA_PUBLISH_ROOT = None  # no publishing row by row while the data is made
            with transaction.atomic():
                if size == "seed":
                    load_demo()
                    paper = Publication.objects.first()
                else:
                    paper = generate(size, random.Random(42))
            settings.VITA_PUBLISH_ROOT = stack.env["DJANGO_PUBLISH_ROOT"]
            bump_version()
            result = {"size": size, "publish": write_path.full_publish()}
            print(
                f"size {size}: full publish {result['publish'][0][0]:.2f} s ({result['publish'][0][1]:,} pages), "
                f"CV PDF {result['publish'][1][0]:.1f} s ({result['publish'][1][1]} pages)",
                flush=True,
            )
            if args.only != "write":
                shutil.rmtree(baseline, ignore_errors=True)
                shutil.copytree(work / "published", baseline)
                result.update(read_path(stack, paper, a_port, c_port, d_port))
                print_row(result)
            if args.only != "read" and size in write_sizes:
                result["edits"] = write_path.measure(stack, settings.ADMIN_PATH, rounds=args.edit_rounds)
                for name, (saved, fresh, published) in result["edits"].items():
                    print(
                        f"  {name}: save {saved * 1000:.0f} ms, shown {fresh * 1000:.0f} ms, "
                        f"all published {published:.2f} s",
                        flush=True,
                    )
            rows.append(result)
        if args.only != "read":
            stack.wait_for_worker()
            imported = write_path.import_rate()
            print(f"import: {imported[0]:,} entries in {imported[1]:.2f} s", flush=True)
    finally:
        stack.stop()
        shutil.rmtree(work, ignore_errors=True)
    report = render_report(rows, imported, only=args.only)
    print(report)
    if args.write:
        (ROOT / "docs" / "benchmark.md").write_text(report)
        print("Wrote docs/benchmark.md")


def read_path(stack, paper, a_port, c_port, d_port):
    """The read path's figures for the CV in the database (its pages published)."""
    queries, render_ms, size_bytes = measure_in_process()
    paper_path = paper.get_absolute_url()
    result = {"queries": queries, "render_ms": render_ms, "bytes": size_bytes}
    forwarded = ["X-Forwarded-Proto: https"]
    pairs = {
        "": (f"https://127.0.0.1:{a_port}/", f"{stack.base}/"),
        "-paper": (f"https://127.0.0.1:{a_port}{paper_path}", f"{stack.base}{paper_path}"),
    }
    for a_url, b_url in pairs.values():
        same_responses(a_url, b_url, stack.context)
    for compressed in (False, True):
        # (a) and (b) share two cores with wrk, and this machine's speed drifts from run to run: they run in
        # pairs, in turn first and second, and the median of the pairs' ratios counts.
        for suffix, (a_url, b_url) in pairs.items():
            runs = {"a": [], "b": []}
            for round_ in range(ROUNDS):
                order = (("a", a_url), ("b", b_url))
                for name, url in order if round_ % 2 == 0 else reversed(order):
                    runs[name].append(wrk(url, compressed))
            for name, measured in runs.items():
                result[(name + suffix, compressed)] = median_run(measured)
            ratios = [b[0] / a[0] for a, b in zip(runs["a"], runs["b"], strict=True)]
            result[("ratio" + suffix, compressed)] = sorted(ratios)
        result[("c", compressed)] = wrk(f"http://127.0.0.1:{c_port}/", compressed, forwarded)
        result[("d", compressed)] = wrk(f"http://127.0.0.1:{d_port}/", compressed, forwarded)
    return result


def print_row(r):
    print(
        f"size {r['size']}: {r['queries']} queries, {r['render_ms']:.1f} ms uncached render, {r['bytes']:,} bytes",
        flush=True,
    )


def paired(ratios):
    """The median of the paired runs' (b)/(a) ratios, and their range."""
    return f"{statistics.median(ratios):.0%}, {ratios[0]:.0%}–{ratios[-1]:.0%}"


def render_report(rows, imported=None, only=None):
    from bench import write_path

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    nginx = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip()
    lines = [
        "# Benchmark",
        "",
        f"Run by `make bench` on {datetime.date.today()}: {os.cpu_count()} cores ({cpu}), "
        f"{round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB, Python "
        f"{platform.python_version()}, {nginx}, PostgreSQL and Redis on loopback. wrk: 2 threads, {CONNECTIONS} "
        f"connections, {SECONDS} s a run, on the same machine as the servers.",
        "",
    ]
    if only != "read":
        lines += [*write_path.table(rows and [r for r in rows if "edits" in r], imported), ""]
    if only == "write":
        return "\n".join(lines) + "\n"
    lines += [
        "## Read path",
        "",
        "What the pairs measure: (a) is nginx serving Vita's published files as a plain static site, (b) the same "
        "nginx with the `deploy/` configuration, whose routing sends to Django what has no file. It guards against a "
        "regression in that routing (a fault here would show as (b) falling behind (a)); it is not a comparison "
        "with another product. (a) has the same TLS set-up, response headers and bytes as (b) (the benchmark checks "
        "this before it measures) and the same compression: the pre-compressed copies, `gzip_vary on` as nginx "
        "documents for them, and for a page without a copy of the encoding asked for, compression on the fly. (c) is "
        "gunicorn alone with its page cache in Redis (plain HTTP), (d) gunicorn alone, uncached. (a) and (b) share "
        f"the machine with wrk and its speed drifts, so they run in {ROUNDS} pairs, each in turn first: their columns "
        "show the median run, and (b)'s percentage is the median of the pairs' ratios with their range. (c) and (d) "
        "run once; their percentages are of (a)'s median.",
        "",
        "### In process (the homepage)",
        "",
        "| publications | SQL queries | uncached render (median) | bytes |",
        "| ---: | ---: | ---: | ---: |",
    ]
    rows = [r for r in rows if "queries" in r]
    for r in rows:
        lines.append(f"| {r['size']} | {r['queries']} | {r['render_ms']:.1f} ms | {r['bytes']:,} |")
    columns = ["publications", "(a) static", "(b) deploy", "(c) gunicorn + cache", "(d) gunicorn", "p99 a / b / c / d"]
    header = "| " + " | ".join(columns) + " |"
    for compressed in (False, True):
        encoding = "Accept-Encoding: gzip, br" if compressed else "uncompressed"
        lines += [
            "",
            f"### Requests per second, homepage, {encoding}",
            "",
            header,
            "| ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for r in rows:
            a = r[("a", compressed)]
            cells = [f"{a[0]:,.0f}"]
            for name in ("b", "c", "d"):
                rps, _, errors, socket_errors = r[(name, compressed)]
                flag = " ⚠ errors" if errors or socket_errors else ""
                share = paired(r[("ratio", compressed)]) if name == "b" else f"{rps / a[0]:.0%}"
                cells.append(f"{rps:,.0f} ({share}){flag}")
            p99 = " / ".join(f"{r[(n, compressed)][1]:.1f} ms" for n in ("a", "b", "c", "d"))
            lines.append(f"| {r['size']} | {' | '.join(cells)} | {p99} |")
        lines += [
            "",
            f"#### Publication page, {encoding}",
            "",
            "| publications | (a) static | (b) deploy | p99 a / b |",
            "| ---: | ---: | ---: | --- |",
        ]
        for r in rows:
            a, b = r[("a-paper", compressed)], r[("b-paper", compressed)]
            lines.append(
                f"| {r['size']} | {a[0]:,.0f} | {b[0]:,.0f} ({paired(r[('ratio-paper', compressed)])})"
                f"{' ⚠ errors' if b[2] or b[3] else ''} | {a[1]:.1f} ms / {b[1]:.1f} ms |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
