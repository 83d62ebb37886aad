from django.apps import AppConfig


class ProfileConfig(AppConfig):
    name = "profile"
    verbose_name = "People and profile"

    def ready(self):
        from .pages import register

        register()
