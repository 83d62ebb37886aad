"""Whole public pages from Django's cache (per process, or Redis when REDIS_URL is set), for gunicorn alone.

A page is cached under the site's version (publishing.version), which every content change moves on: nothing
is ever invalidated one key at a time, and no server serves a page older than the last change. Responses carry
an ETag and Last-Modified, so a repeat visit gets 304 Not Modified. Each page is kept with gzip and brotli
copies made once, when it is cached, each under its own key: a client gets (and the cache reads) only the copy
it asks for (Accept-Encoding), so gunicorn alone sends compressed pages without compressing per request; each copy
has its own ETag.
"""

import gzip
import hashlib
import time
import uuid

import brotli
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from .version import site_version

CACHED_TYPES = ("text/html", "application/xml", "application/atom+xml", "application/x-bibtex", "text/plain")
TIMEOUT = 24 * 3600
# Part of every key: a release that changes what an entry holds never reads an older release's entries (a shared
# Redis outlives deploys).
ENTRY_FORMAT = 3
# One worker renders a page that is not cached; the others asking for it meanwhile wait for its copy. The renderer
# holds the page for RENDER_LOCK_SECONDS: a render that takes longer (a 5,000-entry homepage on a saturated machine)
# is taken over by one of the waiters, not by all of them. No request waits longer than WAIT_SECONDS (under
# gunicorn's 30 s timeout) before rendering the page itself.
RENDER_LOCK_SECONDS = 5
WAIT_SECONDS = 20
UNCACHEABLE_SECONDS = 60  # a page that cannot be cached (a 404) is rendered by every request, without waiting
MIN_COMPRESSED_SIZE = 512  # smaller bodies gain nothing from compression (nginx's gzip_min_length agrees)


def accepted_encodings(header):
    """The content codings an Accept-Encoding header accepts ("gzip;q=0" refuses gzip)."""
    accepted = set()
    for item in header.split(","):
        coding, _, params = (part.strip() for part in item.partition(";"))
        try:
            refused = params.startswith("q=") and float(params[2:]) <= 0
        except ValueError:
            refused = False
        if coding and not refused:
            accepted.add(coding.lower())
    return accepted


def compressed_copies(content):
    """{coding: body} for the codings worth sending instead of content."""
    if len(content) < MIN_COMPRESSED_SIZE:
        return {}
    copies = {"br": brotli.compress(content, quality=5), "gzip": gzip.compress(content, compresslevel=6, mtime=0)}
    return {coding: body for coding, body in copies.items() if len(body) < len(content)}


def cacheable_path(path):
    excluded = (f"/{settings.ADMIN_PATH}", settings.STATIC_URL, settings.MEDIA_URL)
    return not path.startswith(excluded)


def page_key(version, path):
    """Where a page is cached (each coding's copy under this key plus ":br", ":gzip" or ":identity"). Pages name the
    configured site address (core.site), never the request's host, so one copy serves every host variant."""
    return f"vita:page:{ENTRY_FORMAT}:{version}:{path}"


def preferred_coding(request):
    """What to send: brotli, else gzip, when the client takes it; otherwise the page as it is."""
    accepted = accepted_encodings(request.headers.get("Accept-Encoding", ""))
    return next((coding for coding in ("br", "gzip") if coding in accepted), "identity")


def cache_page(key, content, content_type, disposition):
    """Cache a page under key, once for each coding a client may ask for, so that a visit fetches only the copy it
    is sent. A page too small to gain from compression is kept as it is under every coding."""
    etag = hashlib.blake2b(content, digest_size=12).hexdigest()
    copies = compressed_copies(content)
    entries = {f"{key}:identity": (content, None, bool(copies), content_type, disposition, etag)}
    for coding in ("br", "gzip"):
        body, used = (copies[coding], coding) if coding in copies else (content, None)
        entries[f"{key}:{coding}"] = (body, used, bool(copies), content_type, disposition, etag)
    cache.set_many(entries, TIMEOUT)
    return entries


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not cacheable_path(request.path):
            return self.get_response(request)
        version, modified = site_version()
        key = page_key(version, request.path)
        wanted = f"{key}:{preferred_coding(request)}"
        entry, state, rendering = cache.get(wanted), "hit", None
        if entry is None:
            entry, rendering = self._wait_or_take(key, wanted)
            state = "waited"
        if entry is None:
            # This worker renders the page (a long CV's homepage takes a third of a second, and every worker
            # rendering it at once would only make each slower).
            try:
                response = self.get_response(request)
                if not self._storable(response):
                    cache.set(key + ":uncacheable", True, UNCACHEABLE_SECONDS)
                    return response
                content_type, disposition = response["Content-Type"], response.get("Content-Disposition")
                entry, state = cache_page(key, response.content, content_type, disposition)[wanted], "miss"
            finally:
                if rendering and cache.get(key + ":rendering") == rendering:  # not another's, who took over
                    cache.delete(key + ":rendering")
        body, coding, compressible, content_type, disposition, etag = entry
        response = HttpResponse(body, content_type=content_type)
        if coding:
            response["Content-Encoding"] = coding
            etag = f"{etag}-{coding}"
        if compressible:
            patch_vary_headers(response, ["Accept-Encoding"])
        if disposition:
            response["Content-Disposition"] = disposition
        response["ETag"], response["Last-Modified"] = f'"{etag}"', http_date(modified)
        if settings.VITA_CACHE_STATE_HEADER:
            response["X-Vita-Cache"] = state
        return get_conditional_response(request, etag=response["ETag"], last_modified=int(modified), response=response)

    @staticmethod
    def _wait_or_take(key, wanted):
        """(the page, None) once another worker has cached it, or (None, token) when this one is to render it: it
        took the page (nobody held it, or the holder gave up or ran out of time), or (None, None) when the page
        cannot be cached, or after WAIT_SECONDS."""
        deadline, token = time.monotonic() + WAIT_SECONDS, uuid.uuid4().hex
        while True:
            if cache.add(key + ":rendering", token, RENDER_LOCK_SECONDS):
                if (entry := cache.get(wanted)) is None:
                    return None, token
                cache.delete(key + ":rendering")  # cached just before the holder let go
                return entry, None
            if cache.get(key + ":uncacheable") or time.monotonic() >= deadline:
                return None, None
            time.sleep(0.01)
            if (entry := cache.get(wanted)) is not None:
                return entry, None

    @staticmethod
    def _storable(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.get("Content-Type", "").split(";")[0] in CACHED_TYPES
        )
