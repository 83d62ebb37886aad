"""The layout's rules (docs/architecture.md), checked on the code: apps import only the apps below them, and
publishing names no content model."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

CONTENT = {"profile", "publications", "talks", "teaching", "projects", "news", "posts", "pages", "cv"}
# Each app and the apps it may import. history (versions and undo), jobs (long operations run by the worker) and core
# are the floor; the content apps stand on them and on each other in this order (the CV gathers the others'
# entries); homepage, importers and operations may use every content app; publishing knows content only through
# core.pages.
ALLOWED = {
    "history": set(),
    "jobs": set(),
    "core": {"history", "jobs"},
    "accounts": {"core"},
    "profile": {"core", "history"},
    "publications": {"core", "history", "jobs", "profile"},
    "talks": {"core", "history", "profile", "publications"},
    "teaching": {"core", "history"},
    "projects": {"core", "history", "profile", "publications"},
    "news": {"core", "history", "profile"},
    "posts": {"core", "history", "profile"},
    "pages": {"core", "history", "profile"},
    "cv": {"core", "history", "profile", "publications", "talks", "teaching"},
    "homepage": {"core", "history", *CONTENT},
    "publishing": {"core", "jobs"},
    "importers": {"core", "history", "jobs", *CONTENT},
    "operations": {"core", "history", "jobs", *CONTENT},
}


def imported_apps(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & set(ALLOWED)


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_apps_import_only_the_apps_below_them(app):
    root = Path(settings.BASE_DIR)
    wrong = {}
    for path in (root / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        if extra := imported_apps(path) - ALLOWED[app] - {app}:
            wrong[str(path.relative_to(root))] = sorted(extra)
    assert wrong == {}


def test_config_is_the_project_package_only():
    root = Path(settings.BASE_DIR) / "config"
    files = {str(path.relative_to(root)) for path in root.rglob("*.py")}
    assert files <= {"__init__.py", "urls.py", "wsgi.py", "asgi.py"} | {
        f"settings/{name}" for name in ("__init__.py", "base.py", "dev.py", "env.py", "production.py", "test.py")
    }
