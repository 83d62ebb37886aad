"""The public pages' template environment (Jinja2, through Django's own backend): the filters and globals every
public template may use. The admin keeps Django's template language.

Jinja2 renders the homepage's long lists about eight times faster than Django's template language (measured with
the same loop over 1,000 entries: 29 ms against 260 ms), which keeps one template per entry affordable.
Autoescaping is on; the only markup let through unescaped is sanitised Markdown and the constant icons.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils import dateformat
from jinja2 import BaseLoader, Environment, TemplateNotFound
from markupsafe import Markup

from . import icons
from .latex import math_html, plain
from .links import numbered
from .markdown import render_markdown
from .site import site_url
from .validators import SCHEMES

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
_SAFE_PREFIXES = (*(f"{scheme}:" for scheme in SCHEMES), "/", "#")


def json_ld(data):
    """A schema.org JSON-LD block, escaped so that no value can close the script element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return Markup('<script type="application/ld+json">') + Markup(text) + Markup("</script>")  # noqa: S704 (escaped above)


def date(value, format_string):
    """Django's date formats ("j F Y", "M Y")."""
    return dateformat.format(value, format_string) if value else ""


def href(url):
    """A second net under the link rule (core.validators): anything but http(s), mailto, a path or a fragment becomes
    a dead link rather than a script."""
    url = str(url or "")
    return url if url.lower().startswith(_SAFE_PREFIXES) else "#"


def url(name, *args):
    return reverse(name, args=args)


class PublicTemplates(BaseLoader):
    """The project's templates/ folder, less its admin/ overrides (Django's template language, for the admin)."""

    def __init__(self, loader):
        self.loader = loader

    def get_source(self, environment, template):
        if template.startswith("admin/"):
            raise TemplateNotFound(template)
        return self.loader.get_source(environment, template)


def environment(**options):
    options.setdefault("trim_blocks", True)
    options.setdefault("lstrip_blocks", True)
    options["loader"] = PublicTemplates(options["loader"])
    env = Environment(**options)  # noqa: S701 (Django's backend turns autoescape on)
    env.globals.update(static=static, url=url, site_url=site_url)
    env.filters.update(
        markdown=render_markdown,
        json_ld=json_ld,
        icon=icons.icon,
        date=date,
        numbered=numbered,
        href=href,
        math=math_html,
        plain=plain,
    )
    return env
