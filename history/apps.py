from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "history"
    verbose_name = "History"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from .revisions import version_unversioned

        # Once a migrate (history has no models of its own, so no signal of its own: reversion's).
        reversion = apps.get_app_config("reversion")
        post_migrate.connect(version_unversioned, sender=reversion, dispatch_uid="vita-history-initial-versions")
