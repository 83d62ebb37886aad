from django.apps import AppConfig


class CVConfig(AppConfig):
    name = "cv"
    verbose_name = "CV"

    def ready(self):
        from .pages import register

        register()
