"""Whole public pages from Django's cache (per process, or Redis when REDIS_URL is set), for gunicorn alone.

A page is cached under the site's version (config/publish.py), which every content change moves on: nothing
is ever invalidated one key at a time, and no server serves a page older than the last change. Responses carry
an ETag and Last-Modified, so a repeat visit gets 304 Not Modified.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from .publish import site_version

CACHED_TYPES = ("text/html", "application/xml", "application/atom+xml", "application/x-bibtex", "text/plain")
TIMEOUT = 24 * 3600


def cacheable_path(path):
    excluded = (f"/{settings.ADMIN_PATH}", settings.STATIC_URL, settings.MEDIA_URL)
    return not path.startswith(excluded)


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not cacheable_path(request.path):
            return self.get_response(request)
        version, modified = site_version()
        key = f"vita:page:{version}:{request.scheme}:{request.get_host()}:{request.path}"
        entry = cache.get(key)
        if entry is None:
            response = self.get_response(request)
            if not self._storable(response):
                return response
            etag = '"' + hashlib.blake2b(response.content, digest_size=12).hexdigest() + '"'
            entry = (response.content, response["Content-Type"], response.get("Content-Disposition"), etag)
            cache.set(key, entry, TIMEOUT)
            response["ETag"], response["Last-Modified"] = etag, http_date(modified)
            response["X-Vita-Cache"] = "miss"
            return get_conditional_response(request, etag=etag, last_modified=int(modified), response=response)
        content, content_type, disposition, etag = entry
        response = HttpResponse(content, content_type=content_type)
        if disposition:
            response["Content-Disposition"] = disposition
        response["ETag"], response["Last-Modified"] = etag, http_date(modified)
        response["X-Vita-Cache"] = "hit"
        return get_conditional_response(request, etag=etag, last_modified=int(modified), response=response)

    @staticmethod
    def _storable(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.get("Content-Type", "").split(";")[0] in CACHED_TYPES
        )
