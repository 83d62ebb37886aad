"""The site's version: one value that every content change moves on. The page cache keys on it, so nothing cached
before a change is served after it; its time is every page's Last-Modified."""

import time

from django.core.cache import cache

VERSION_KEY = "vita:site-version"


def site_version():
    """(version, last-modified unix time). Made up when the cache is empty, so that it can never go backwards."""
    value = cache.get(VERSION_KEY)
    if value is None:
        value = (time.time_ns(), time.time())
        cache.add(VERSION_KEY, value, timeout=None)
        value = cache.get(VERSION_KEY, value)
    return value


def bump_version():
    cache.set(VERSION_KEY, (time.time_ns(), time.time()), timeout=None)
