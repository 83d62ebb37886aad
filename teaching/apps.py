from django.apps import AppConfig


class TeachingConfig(AppConfig):
    name = "teaching"

    def ready(self):
        from .pages import register

        register()
