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


_static_copy = contextvars.ContextVar("vita_static_copy", default=False)


def static_copy():
    """Whether the pages being rendered are a static copy (export_site), served by a host that sends no headers."""
    return _static_copy.get()


@contextlib.contextmanager
def as_static_copy():
    token = _static_copy.set(True)
    try:
        yield
    finally:
        _static_copy.reset(token)


# What a <meta> Content-Security-Policy cannot say (browsers ignore it there).
NOT_IN_META = ("frame-ancestors", "report-uri", "report-to", "sandbox")


def policy_text(directives, leave_out=()):
    """A Content-Security-Policy as a header or a <meta> writes it, from {directive: [values]}."""
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items() if name not in leave_out)


def meta_content_security_policy():
    """The site's Content-Security-Policy for a <meta http-equiv> in a static copy's pages; empty when Vita serves
    the page, which sends the policy as a header."""
    return policy_text(settings.CSP_DIRECTIVES, NOT_IN_META) if static_copy() else ""
