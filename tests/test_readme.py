"""The README's commands, run as written, with the settings a user gets (manage.py's development settings, not the
test settings), on a database of their own."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


@pytest.fixture(scope="module")
def manage(tmp_path_factory):
    work = tmp_path_factory.mktemp("readme")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}", DJANGO_MEDIA_ROOT=str(work / "media"))

    def run(*args, check=True):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check:
            assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        return result

    run("migrate", "--noinput")
    run("load_demo")
    run.work = work
    return run


def test_export_site_runs_as_the_readme_writes_it(manage):
    out = manage.work / "site"
    result = manage("export_site", str(out), "--base-url", "https://me.github.io")
    assert "Exported" in result.stdout
    home = (out / "index.html").read_text()
    assert '<link rel="canonical" href="https://me.github.io/">' in home
    assert "https://me.github.io/publications/" in (out / "sitemap.xml").read_text()
    assert (out / "static" / "css" / "site.css").is_file()


def test_export_bibtex_runs_as_the_readme_writes_it(manage):
    out = manage.work / "refs.bib"
    manage("export_bibtex", "-o", str(out))
    assert out.read_text().count("\n@") == 35  # the seed's 36 publications, one entry each


def test_import_cv_runs_as_the_readme_writes_it(manage):
    """`python manage.py import_cv resume.json`, here with RenderCV's own example, then again: nothing new."""
    example = settings.BASE_DIR / "tests" / "data" / "cv" / "rendercv_example_John_Doe_ClassicTheme_CV.yaml"
    first = manage("import_cv", str(example))
    assert "CV entries: 29 added" in first.stdout and "publications: 4 added" in first.stdout
    again = manage("import_cv", str(example))
    assert "CV entries: 0 added, 29 already here" in again.stdout


def test_export_site_writes_the_cv_page_pdf_and_json(manage):
    out = manage.work / "site-cv"
    manage("export_site", str(out), "--base-url", "https://me.github.io")
    assert "Zhewei Yao" in (out / "cv" / "index.html").read_text()
    assert '"url": "https://me.github.io/"' in (out / "cv.json").read_text()
    assert (out / "cv.pdf").read_bytes().startswith(b"%PDF-")
