"""Debian's Chromium, as every browser test starts it (Playwright in test_browser and test_judges, Lighthouse's
own launcher in tools/judges/lighthouse-runs.mjs): quiet, with nothing of its own reaching the network."""

import shutil

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
