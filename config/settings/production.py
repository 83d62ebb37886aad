"""Production: configured only through the environment (see .env.example). Refuses to start without its secret."""

from email.utils import getaddresses
from pathlib import Path

from .base import *  # noqa: F403 (a settings module extends its base wholesale)
from .env import env_bool, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY", required=True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names, gzip and brotli copies; whitenoise (or nginx) serves them cached for a year, immutable.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# nginx terminates TLS and says so in X-Forwarded-Proto; it also sets X-Real-IP (deploy/nginx/vita.conf). The
# client's address is taken from X-Real-IP only when the request comes from the proxy: over gunicorn's unix socket
# (no peer address), or from an address in DJANGO_TRUSTED_PROXIES. Anyone else could set the header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
VITA_TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES")
# Staff need a second factor (an authenticator app) for the admin; DJANGO_REQUIRE_2FA=false turns it off.
VITA_REQUIRE_2FA = env_bool("DJANGO_REQUIRE_2FA", True)
# Three separate decisions: redirect http to https; send cookies over https only; HSTS (and for how long, and
# whether subdomains are included). deploy/configure.py gives nginx the same HSTS header.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
SECURE_HSTS_SECONDS = int(env_str("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
# Preloading HSTS commits the whole domain to https for browsers' lifetimes: the site owner opts in, so the
# check that merely says "not preloaded" is silenced while they have not.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, *([] if SECURE_HSTS_PRELOAD else ["security.W021"])]  # noqa: F405

# The cache holds whole pages and the site's version (config/cache.py), so every gunicorn worker must see the
# same one: Redis when REDIS_URL is set (several app servers), otherwise files on this machine, which all its
# workers share (systemd's CacheDirectory, or DJANGO_CACHE_DIR). Never a cache per process: a worker would go on
# serving pages from before an edit.
if REDIS_URL := env_str("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        # Rendered entries of long lists (core.templating.render_each), apart from whole pages.
        "fragments": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "fragments",
        },
    }
else:
    CACHE_DIR = env_str("DJANGO_CACHE_DIR") or env_str("CACHE_DIRECTORY") or str(BASE_DIR / ".cache")  # noqa: F405
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR,
            "OPTIONS": {"MAX_ENTRIES": 10000},
        },
        "fragments": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(Path(CACHE_DIR) / "fragments"),
            "OPTIONS": {"MAX_ENTRIES": 100000},
        },
    }

# Publishing runs in the worker (deploy/systemd/vita-worker.service). A small site without a worker may publish
# on the editor's request instead: DJANGO_TASKS=immediate.
if env_str("DJANGO_TASKS", "worker") == "immediate":
    TASKS = IMMEDIATE_TASKS  # noqa: F405 (from base)

# Error reports: always to the log (gunicorn's stderr, so journald); by email too when DJANGO_ADMINS is set.
ADMINS = getaddresses(env_list("DJANGO_ADMINS"))
SERVER_EMAIL = env_str("DJANGO_SERVER_EMAIL", "vita@localhost")
DEFAULT_FROM_EMAIL = SERVER_EMAIL
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env_str("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR"},
    },
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO"},
        "django.request": {"handlers": ["console", "mail_admins"], "level": "ERROR", "propagate": False},
        "vita": {"handlers": ["console", "mail_admins"], "level": "INFO"},
    },
}
