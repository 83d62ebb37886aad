"""Where the site lives, for the absolute URLs pages carry (canonical links, OpenGraph, sitemaps, feeds, JSON-LD).

Always the configured address (DJANGO_SITE_URL), never the request's Host header: a page looks the same whoever
asks for it, and a static export names the address it will be served from (`site_url_as`).
"""

import contextlib
import contextvars

from django.conf import settings

_override = contextvars.ContextVar("vita_site_url", default=None)


def site_url():
    """'https://example.org' (no trailing slash)."""
    if value := _override.get():
        return value
    if getattr(settings, "VITA_SITE_URL", None):
        return settings.VITA_SITE_URL.rstrip("/")
    host = next((h for h in settings.ALLOWED_HOSTS if h not in ("*", "")), "localhost").lstrip(".")
    return f"https://{host}"


def absolute(path):
    """An absolute URL for a path on this site."""
    return site_url() + path


@contextlib.contextmanager
def site_url_as(url):
    """Render as if the site lived at url (a static export for another host)."""
    token = _override.set(url.rstrip("/"))
    try:
        yield
    finally:
        _override.reset(token)
