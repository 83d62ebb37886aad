"""HTML for the homepage's list of talks, built directly like the publication list (publications/render.py)."""

from html import escape

from django.utils.safestring import mark_safe

from publications.models import publication_url
from publications.render import links_html


def talk_item_html(talk, links):
    """One <li>: title, event (linked), place and month, typed links, and the paper it presents."""
    line = f'<span class="title">{escape(talk.title)}</span>'
    if talk.event:
        event = escape(talk.event)
        if talk.event_url:
            event = f'<a href="{escape(talk.event_url)}">{event}</a>'
        line += f" ({event})"
    place = f"{escape(talk.location)} " if talk.location else ""
    when = f'<time datetime="{talk.date:%Y-%m}">{talk.date:%b %Y}</time>'
    parts = [f'<li class="talk" id="talk-{talk.pk}">', f"{line}<br>", f"{place}({when})"]
    if links:
        parts[-1] += ", " + links_html(links)
    presented = talk.publication
    if presented is not None and presented.is_public:
        url = escape(publication_url(presented.slug))
        parts.append(f'<br><span class="presents">Presents <a href="{url}">{escape(presented.title)}</a></span>')
    parts.append("</li>")
    return mark_safe("\n".join(parts))  # noqa: S308 (each part is escaped above)
