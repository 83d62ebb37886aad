"""`make bench` keeps working: a small run of bench/run.py end to end (the seed and a 10-publication CV, one-second
wrk runs), with its check that the static baseline answers with the same bytes and headers as the deployment, and a
small run of the write path: admin saves through nginx, the worker publishing behind them."""

import os
import subprocess
import sys

import pytest

from deploy.localstack import ROOT, missing_requirements

pytestmark = pytest.mark.e2e

if missing := missing_requirements():
    if os.environ.get("VITA_REQUIRE_SERVICES"):
        raise RuntimeError(f"The benchmark needs {', '.join(missing)}.")
    pytest.skip(f"needs {', '.join(missing)} (.ci/run installs them)", allow_module_level=True)


def test_the_benchmark_runs_and_compares_like_with_like():
    args = ["--sizes", "10", "--seconds", "1", "--rounds", "1", "--edit-rounds", "1"]
    result = subprocess.run(
        [sys.executable, "bench/run.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = result.stdout
    # Every table is there, the homepage costs 12 queries at both sizes, and no run saw an error.
    for heading in (
        "## Write path",
        "### Requests per second, homepage, uncompressed",
        "#### Publication page, uncompressed",
        "### Requests per second, homepage, Accept-Encoding: gzip, br",
        "#### Publication page, Accept-Encoding: gzip, br",
    ):
        assert heading in report
    assert "| seed | 12 |" in report and "| 10 | 12 |" in report
    assert "| seed | profile headline |" in report and "| 10 | bulk action on 100 publications |" in report
    assert "| seed | a CV entry |" in report and "| 10 | a CV entry |" in report
    assert "| 10 | bulk action on every publication |" in report
    assert "BibTeX import: 2,288 real entries" in report
    assert "⚠" not in report
