"""The one rule for links: http, https and mailto only, or a path on this site ("/media/files/paper.pdf", a file an
importer copied here). Every write path (admin forms, importers, the demo) and the templates (a second net) use it."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.deconstruct import deconstructible

SCHEMES = ("http", "https", "mailto")
_SITE_PATH = re.compile(r"^/(?![/\\])[^\s<>\"']*$")
_web = URLValidator(schemes=["http", "https"])
_email = EmailValidator()


def is_safe_url(value):
    """Whether value is an absolute http(s) URL or a mailto: address."""
    try:
        validate_url(value)
    except ValidationError:
        return False
    return True


@deconstructible
class LinkValidator:
    message = (
        "Enter a web address starting with http:// or https://, an e-mail address as mailto:…, or a path on this "
        "site starting with /."
    )

    def __call__(self, value):
        value = str(value).strip()
        if _SITE_PATH.match(value):
            return
        if value[:7].lower() == "mailto:":
            try:
                _email(value[7:].split("?", 1)[0])
            except ValidationError:
                raise ValidationError(self.message, code="invalid_url") from None
            return
        try:
            _web(value)
        except ValidationError:
            raise ValidationError(self.message, code="invalid_url") from None

    def __eq__(self, other):
        return isinstance(other, LinkValidator)


validate_url = LinkValidator()
