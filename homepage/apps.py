from django.apps import AppConfig


class HomepageConfig(AppConfig):
    name = "homepage"
    verbose_name = "Homepage and site-wide pages"

    def ready(self):
        from .pages import register

        register()
