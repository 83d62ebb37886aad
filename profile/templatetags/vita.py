"""Template helpers every page uses: typed-link labels, author names, Markdown."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from profile import icons
from profile.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    return render_markdown(text)


_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """A schema.org JSON-LD block, escaped so that no value can close the script element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 (escaped above)


@register.filter
def icon(kind):
    """An inline SVG icon for a profile link's kind."""
    return icons.icon(kind)
