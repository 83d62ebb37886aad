"""Model and form fields shared by every app."""

import re

from django import forms
from django.db import models

from .validators import validate_url

_HAS_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


class LinkFormField(forms.CharField):
    """A link typed in a form: https:// is assumed when the scheme is left out ("example.org/paper"), then the one
    link rule (core.validators) decides."""

    default_validators = [validate_url]

    def __init__(self, *, assume_scheme="https", **kwargs):
        self.assume_scheme = assume_scheme
        kwargs.setdefault("widget", forms.URLInput)
        super().__init__(strip=True, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value and not _HAS_SCHEME.match(value) and not value.startswith("/"):
            value = f"{self.assume_scheme}://{value}"
        return value


class URLField(models.URLField):
    """A link: http, https or mailto only (core.validators), on every path that saves it."""

    default_validators = [validate_url]

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", LinkFormField)
        return super().formfield(**kwargs)
