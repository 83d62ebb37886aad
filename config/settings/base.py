"""Settings shared by every environment. dev, test and production import from here."""

from pathlib import Path

import dj_database_url
import django

from .env import env_bool, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "markdownx",
    "django_tasks_db",
    "reversion",
    # Vita's apps, from the bottom up: each imports only those above it in this list (docs/architecture.md).
    "history",
    "jobs",
    "core",
    "accounts",
    "profile",
    "publications",
    "talks",
    "teaching",
    "projects",
    "news",
    "posts",
    "pages",
    "cv",
    "homepage",
    "publishing",
    "importers",
    "operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Response headers every page carries, cached or not: so before the page cache.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Whole public pages from the cache, with ETag and Last-Modified (publishing/cache.py).
    "publishing.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The admin's second factor: who gave it this session (django-otp), and no admin page without it where it is
    # required (accounts/).
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorRequired",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

if not env_bool("DJANGO_PAGE_CACHE", True):  # for measuring what the cache saves (make bench)
    MIDDLEWARE.remove("publishing.cache.PublicPageCacheMiddleware")
# Whether a page Django served says if it came from the page cache (X-Vita-Cache: hit or miss): for the tests and
# for debugging, never by default; a visitor has no business knowing the cache's state.
VITA_CACHE_STATE_HEADER = env_bool("DJANGO_CACHE_STATE_HEADER", False)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# The public pages are Jinja2 templates in templates/ (core/templating.py says why); copy one there to restyle it.
# The admin, and its few overrides in templates/admin/, use Django's template language. Jinja2 is asked first for
# every template name but never sees templates/admin/.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "core.templating.environment"},
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite by default so a fresh clone runs at once; DATABASE_URL (e.g. postgres://…) overrides it.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins from a locked-out client before checking anything
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Password guessing: 5 failed logins from one address lock it out for an hour (nginx also rate-limits).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"

# A second factor for the admin (accounts/): an authenticator app, with recovery codes. Development keeps the
# password alone; production requires it (config/settings/production.py).
VITA_REQUIRE_2FA = env_bool("DJANGO_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "Vita"
# Passkeys (accounts/passkeys.py) belong to the site's address, DJANGO_SITE_URL: the origin they may be used from is
# worked out from it when asked (not fixed here), hence no OTP_WEBAUTHN_ALLOWED_ORIGINS and its check silenced.
OTP_WEBAUTHN_RP_ID_CALLABLE = "accounts.passkeys.relying_party_id"
OTP_WEBAUTHN_RP_NAME_CALLABLE = "accounts.passkeys.relying_party_name"
OTP_WEBAUTHN_HELPER_CLASS = "accounts.passkeys.Helper"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
SILENCED_SYSTEM_CHECKS = ["otp_webauthn.E030"]
# A session ends after this long without a request (each request starts the time again).
SESSION_COOKIE_AGE = int(env_str("DJANGO_SESSION_IDLE_MINUTES", "120")) * 60
SESSION_SAVE_EVERY_REQUEST = True

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Development: one process, its memory. Production shares the cache among workers (production.py); "fragments"
# holds rendered entries of long lists (core/templating.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"},
}

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Public pages rendered into this folder on every change, for nginx to serve before asking Django
# (publishing/); off when unset. VITA_SITE_URL is the address every page names as the site's (core/site.py).
VITA_PUBLISH_ROOT = env_str("DJANGO_PUBLISH_ROOT")
VITA_SITE_URL = env_str("DJANGO_SITE_URL")
# The CV PDF's paper (cv/pdf.py): "a4" or "letter".
VITA_CV_PAPER = env_str("DJANGO_CV_PAPER", "a4")
# How many news items the homepage shows (all are on /news/).
VITA_HOME_NEWS = int(env_str("DJANGO_HOME_NEWS", "5"))

# How long every edit's earlier versions are kept (history/; `prune_history` runs nightly with the backup).
VITA_HISTORY_DAYS = int(env_str("DJANGO_HISTORY_DAYS", "365"))

# The admin's address; production may move it (DJANGO_ADMIN_PATH) to keep scanners off the login page.
ADMIN_PATH = env_str("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"

# django-markdownx: every preview goes through the same sanitising renderer as the public pages, at staff-only
# URLs under the admin's (core/views.py).
MARKDOWNX_MARKDOWNIFY_FUNCTION = "core.markdown.render_markdown"
MARKDOWNX_MEDIA_PATH = "markdown/"
MARKDOWNX_UPLOAD_MAX_SIZE = 5 * 1024 * 1024
MARKDOWNX_UPLOAD_CONTENT_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")
MARKDOWNX_URLS_PATH = f"/{ADMIN_PATH}markdownx/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = f"/{ADMIN_PATH}markdownx/upload/"

# Content-Security-Policy: no inline or third-party script anywhere, the admin included. The admin's own
# templates use inline style attributes, hence 'unsafe-inline' for styles only.
CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Work done outside a request (publishing the pages a change touched, publishing/tasks.py): queued in the database
# and run by `manage.py db_worker` (the vita-worker unit). Development and the tests run it at once instead.
TASK_QUEUES = ["default", "documents"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}
if django.VERSION < (6, 0):  # django-tasks brings Django 6's task API to 5.2
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db"), "django_tasks")
    IMMEDIATE_TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": TASK_QUEUES}
    }
else:
    IMMEDIATE_TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": TASK_QUEUES}
    }

if django.VERSION >= (6, 0):  # Django's own CSP support
    MIDDLEWARE.insert(1, "django.middleware.csp.ContentSecurityPolicyMiddleware")
    SECURE_CSP = {name: " ".join(values) for name, values in CSP_DIRECTIVES.items()}
else:  # django-csp
    INSTALLED_APPS.append("csp")
    MIDDLEWARE.insert(1, "csp.middleware.CSPMiddleware")
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": CSP_DIRECTIVES}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# The CSRF cookie stays readable by scripts: the Markdown editor's preview and upload send it back.
CSRF_COOKIE_HTTPONLY = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django": {"handlers": ["console"], "level": "INFO"}},
}
