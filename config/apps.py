from django.apps import AppConfig


class ConfigConfig(AppConfig):
    name = "config"
    verbose_name = "Site"

    def ready(self):
        from . import publish  # noqa: F401 (connects the signals that keep cached and published pages fresh)
