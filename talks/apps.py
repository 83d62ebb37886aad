from django.apps import AppConfig


class TalksConfig(AppConfig):
    name = "talks"

    def ready(self):
        from .pages import register

        register()
