from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Blog"

    def ready(self):
        from .pages import register

        register()
