r"""Markdown to safe HTML, used for every Markdown field on the public pages and in the editor's preview. Math
written in LaTeX between dollars ($\pi$, $$…$$) becomes MathML (core.latex)."""

import functools
import re

import markdown
import nh3
from django.utils.safestring import mark_safe
from pygments.token import STANDARD_TYPES

from .latex import mathml, segments

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_TAGS |= {"div", "span"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Fenced code (```python) is highlighted on the server by Pygments: spans with its short token classes, coloured by
# static/css/code.css. A block without a language is left plain (no guessing).
CODE = {"codehilite": {"css_class": "highlight", "guess_lang": False, "use_pygments": True, "wrapcode": False}}
ALLOWED_CLASSES = {"div": {"highlight"}, "span": set(STANDARD_TYPES.values()) - {""}}


@functools.lru_cache(maxsize=4096)
def render_markdown(text):
    """Render Markdown and sanitise the result with an allowlist: no scripts, handlers, iframes or js: URLs.

    A pure function of its text, so its results are memoised (per process): a list of abstracts is rendered once.
    """
    text, formulas = _set_math_aside(text or "")
    html = markdown.markdown(
        text, extensions=["extra", "sane_lists", "codehilite"], extension_configs=CODE, output_format="html"
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        allowed_classes=ALLOWED_CLASSES,
    )
    # A long line of code scrolls inside its block: keyboard users can reach it (the only attribute added after nh3).
    clean = clean.replace('<div class="highlight">', '<div class="highlight" tabindex="0">')
    if formulas:
        clean = _put_math_back(clean, formulas)
    return mark_safe(clean)  # noqa: S308 (nh3 has sanitised the HTML, and core.latex the MathML put back into it)


# A formula's place while Markdown runs (Markdown would read its _ and * as emphasis): private-use characters.
_PLACE = "\ue010{}\ue011"
_PLACES = re.compile("\ue010(\\d+)\ue011")
_TAG = re.compile(r"(<[^>]*>)")


def _set_math_aside(text):
    if "$" not in text:
        return text, []
    formulas, out = [], []
    for is_math, piece in segments(text):
        if is_math:
            out.append(_PLACE.format(len(formulas)))
            formulas.append(piece)
        else:
            out.append(piece)
    return "".join(out), formulas


def _put_math_back(html, formulas):
    """Each formula as MathML, in text only: one that ended up inside a tag (a link's address) stays its source."""

    def formula(match, in_tag):
        piece = formulas[int(match.group(1))] if int(match.group(1)) < len(formulas) else ""
        if in_tag:
            return escape_attribute(f"${piece}$")
        return str(mathml(piece[1:], display=True) if piece.startswith("$") else mathml(piece))

    parts = _TAG.split(html)
    for index, part in enumerate(parts):
        if "\ue010" in part:
            parts[index] = _PLACES.sub(lambda m, tag=index % 2 == 1: formula(m, tag), part)
    return "".join(parts)


def escape_attribute(value):
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
