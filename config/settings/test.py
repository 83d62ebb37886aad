"""The test suite: fast hashing, an in-memory cache, media in a temporary folder."""

import tempfile

from .base import *  # noqa: F403 (a settings module extends its base wholesale)

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105 (tests only)
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
VITA_SITE_URL = "http://testserver"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"},
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="vita-test-media-")
AXES_FAILURE_LIMIT = 5
# Static files come from the finders, as in development; nothing is collected for the tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
VITA_CACHE_STATE_HEADER = True  # the tests tell a cache hit from a miss
TASKS = IMMEDIATE_TASKS  # noqa: F405 (from base): tasks run when they are queued
