"""Small inline SVG icons for profile links: drawn here, so that no request leaves the site for them."""

from django.utils.safestring import mark_safe

# 24 x 24 viewBox, stroke-based glyphs that read at 16 px.
_PATHS = {
    "scholar": '<path d="M12 3 1 9l11 6 9-4.9V17h2V9z"/><path d="M5 13.2v4L12 21l7-3.8v-4L12 17z"/>',
    "github": '<path d="M12 2a10 10 0 0 0-3.2 19.5c.5.1.7-.2.7-.5v-1.7c-2.8.6-3.4-1.2-3.4-1.2-.5-1.2-1.1-1.5-1.1-1.5'
    "-.9-.6.1-.6.1-.6 1 .1 1.5 1 1.5 1 .9 1.5 2.4 1.1 3 .8.1-.7.4-1.1.6-1.3-2.2-.3-4.6-1.1-4.6-5 0-1.1.4-2 1-2.7-.1"
    "-.3-.4-1.3.1-2.7 0 0 .8-.3 2.7 1a9.4 9.4 0 0 1 5 0c1.9-1.3 2.7-1 2.7-1 .5 1.4.2 2.4.1 2.7.6.7 1 1.6 1 2.7 0 3.9"
    '-2.4 4.7-4.6 5 .4.3.7.9.7 1.9V21c0 .3.2.6.7.5A10 10 0 0 0 12 2z"/>',
    "orcid": '<circle cx="12" cy="12" r="10"/><path fill="var(--bg)" '
    'd="M8 7.5h1.6V17H8zM11 8h3a4.5 4.5 0 0 1 0 9h-3zm1.6 1.5v6H14a3 3 0 0 0 0-6z"/>',
    "linkedin": '<path d="M4 3h16a1 1 0 0 1 1 1v16a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1z"/>'
    '<path fill="var(--bg)" d="M7 10h2v7H7zm1-4a1.2 1.2 0 1 1 0 2.4A1.2 1.2 0 0 1 8 6zm3 4h2v1c.5-.8 1.3-1.2 2.3-1.2 2 0 2.7 1.2 2.7 3.2v4'
    'h-2v-3.6c0-1-.3-1.7-1.2-1.7-1 0-1.8.6-1.8 1.8V17h-2z"/>',
    "x": '<path d="M3 3h5l4.3 6L17.5 3H20l-6.5 7.6L21 21h-5l-4.6-6.4L5.8 21H3l7.2-8.3z"/>',
    "cv": '<path d="M6 2h8l5 5v15H6z"/><path fill="var(--bg)" d="M8.5 11h7v1.5h-7zm0 3h7v1.5h-7zm0 3h5v1.5h-5z"/>',
    "email": '<path d="M3 5h18v14H3z"/><path fill="var(--bg)" d="m4.5 6.5 7.5 6 7.5-6v1.8l-7.5 6-7.5-6z"/>',
}
_GENERIC = '<circle cx="12" cy="12" r="9"/><path fill="var(--bg)" d="M11 7h2v6h-2zm0 8h2v2h-2z"/>'
_LINK = (
    '<path d="M10 14a5 5 0 0 0 7 0l3-3a5 5 0 0 0-7-7l-1 1 1.5 1.4 1-1a3 3 0 0 1 4.2 4.2l-3 3a3 3 0 0 1-4.2 0z"/>'
    '<path d="M14 10a5 5 0 0 0-7 0l-3 3a5 5 0 0 0 7 7l1-1-1.5-1.4-1 1a3 3 0 0 1-4.2-4.2l3-3a3 3 0 0 1 4.2 0z"/>'
)


def icon(kind):
    paths = _PATHS.get(kind, _LINK if kind else _GENERIC)
    return mark_safe(  # noqa: S308 (constant markup)
        f'<svg class="icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false" '
        f'fill="currentColor">{paths}</svg>'
    )
