from django.db import models


class URLField(models.URLField):
    """A URL field whose form assumes https:// when the scheme is left out (Django 6's default, today)."""

    def formfield(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)
