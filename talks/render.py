"""HTML for the homepage's list of talks, built directly like the publication list (publications/render.py)."""

import datetime
from dataclasses import dataclass
from html import escape

from django.utils.safestring import mark_safe

from publications.models import publication_url
from publications.render import links_html


@dataclass(slots=True)
class TalkRow:
    """What the homepage needs of a talk, as a plain row."""

    pk: int
    title: str
    event: str
    event_url: str
    location: str
    date: datetime.date
    updated: datetime.datetime
    publication_title: str | None
    publication_slug: str | None
    publication_is_public: bool | None


def talk_item_html(talk, links):
    """One <li> (for a TalkRow): title, event (linked), place and month, typed links, and the paper it presents."""
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
    if talk.publication_slug and talk.publication_is_public:
        url = escape(publication_url(talk.publication_slug))
        title = escape(talk.publication_title)
        parts.append(f'<br><span class="presents">Presents <a href="{url}">{title}</a></span>')
    parts.append("</li>")
    return mark_safe("\n".join(parts))  # noqa: S308 (each part is escaped above)
