"""Template helpers every page uses: typed-link labels, author names, Markdown."""

import json
from collections import Counter

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from profile.markdown import render_markdown

register = template.Library()


@register.filter
def labelled_links(links):
    """[(label, link), …] in order; when a kind repeats, its labels are numbered ('slides 1', 'slides 2')."""
    links = list(links)
    counts = Counter(link.display_label for link in links)
    seen = Counter()
    labelled = []
    for link in links:
        label = link.display_label
        if counts[label] > 1:
            seen[label] += 1
            label = f"{label} {seen[label]}"
        labelled.append((label, link))
    return labelled


@register.filter
def author_name(person, style="initials"):
    return person.full_name if style == "full" else person.short_name


@register.filter
def markdown(text):
    return render_markdown(text)


_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """A schema.org JSON-LD block, escaped so that no value can close the script element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 (escaped above)
