"""Local development: DEBUG on, a fixed insecure key, everything on this machine."""

from .base import *  # noqa: F403 (a settings module extends its base wholesale)
from .env import env_str

DEBUG = True
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
VITA_SITE_URL = env_str("DJANGO_SITE_URL", "http://127.0.0.1:8000")
TASKS = IMMEDIATE_TASKS  # noqa: F405 (from base)
