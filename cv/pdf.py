"""The CV as a PDF, made by WeasyPrint from the CV page's own HTML: the print stylesheet (static/css/site.css) is its
layout, so printing /cv/ from a browser gives the same pages.

Tagged for accessibility (WeasyPrint's PDF/UA-1 variant: screen readers read its structure), with clickable links,
page numbers, and the paper size of VITA_CV_PAPER (A4 or Letter). Stylesheets and images are read from this site's
own static and media folders; nothing is fetched from the network.

WeasyPrint needs Pango (Debian: libpango-1.0-0 libpangoft2-1.0-0); without it, `available()` says what is missing
and /cv.pdf answers 503 with that message rather than failing.
"""

import functools
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils._os import safe_join

from core.site import site_url

PAPER_SIZES = {"a4": "A4", "letter": "letter"}
MISSING = (
    "The CV PDF needs WeasyPrint and Pango: `pip install weasyprint` (in Vita's dependencies) and, on Debian or "
    "Ubuntu, `apt-get install libpango-1.0-0 libpangoft2-1.0-0`."
)


@functools.cache
def available():
    """None when PDFs can be made here, else what to install."""
    try:
        import weasyprint  # noqa: F401 (loads Pango: an OSError when it is missing)
    except (ImportError, OSError) as error:
        return f"{MISSING} ({error})"
    return None


def local_file(url):
    """The file behind a URL of this site's static or media files, or None."""
    parts = urlsplit(url)
    site = urlsplit(site_url())
    if parts.scheme not in ("http", "https", "") or (parts.netloc and parts.netloc != site.netloc):
        return None
    path = unquote(parts.path)
    try:
        if path.startswith(settings.STATIC_URL):
            relative = path[len(settings.STATIC_URL) :]
            collected = Path(safe_join(settings.STATIC_ROOT, relative))
            found = collected if collected.is_file() else finders.find(relative)
        elif settings.MEDIA_URL and path.startswith(settings.MEDIA_URL):
            found = Path(safe_join(settings.MEDIA_ROOT, path[len(settings.MEDIA_URL) :]))
        else:
            return None
    except SuspiciousFileOperation:
        return None
    return Path(found) if found and Path(found).is_file() else None


def render_pdf(html):
    """PDF bytes of the CV page's HTML."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFiles(URLFetcher):
        """Only this site's own static and media files; a request for anything else fails (and is skipped)."""

        def fetch(self, url, headers=None):
            path = local_file(url)
            if path is None:
                raise ValueError(f"Not one of this site's files: {url}")
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})

    paper = PAPER_SIZES.get(str(getattr(settings, "VITA_CV_PAPER", "a4")).lower(), "A4")
    document = HTML(string=html, base_url=site_url() + "/", url_fetcher=LocalFiles(), media_type="print")
    return document.write_pdf(stylesheets=[CSS(string=f"@page {{ size: {paper}; }}")], pdf_variant="pdf/ua-1")
