"""The owner's record as the public pages show it: the profile, every public publication (by section), talk and
course, and (for the CV) the CV's own sections. Fetched in a fixed number of queries whatever its size.

Entries come as plain rows (publications.entries, talks.entries, cv.entries), each rendered by its template
(templates/publications/entry.html, templates/talks/entry.html, templates/cv/entry.html) and remembered until what
it shows changes (core.templating.render_each).
"""

from core.templating import render_each
from profile.context import profile_context
from publications.entries import OWNER, publication_rows, publication_sections
from publications.models import Publication
from talks.entries import talk_rows
from talks.models import Talk
from teaching.models import Course

from .entries import cv_sections


def _shown(row):
    """What an entry's template shows of a row, as plain data (the fragment cache's key)."""
    return row.values()


def record_rows():
    """The profile and the rows of every public publication, talk and course (not rendered)."""
    context = profile_context(with_links=True)
    style = context["author_style"]
    context["publication_rows"] = publication_rows(
        Publication.objects.public().in_page_order(), style, owner_marked=True
    )
    context["talk_rows"] = talk_rows(Talk.objects.public())
    context["courses"] = list(Course.objects.all())
    return context


def record_context(with_cv=False):
    """What the homepage shows; with_cv adds the CV's sections (`cv_sections`, each with its entries' HTML)."""
    context = record_rows()
    style, owner = context["author_style"], context["owner"]
    publications, talks, courses = context["publication_rows"], context["talk_rows"], context["courses"]
    rows = [context["profile"], *publications, *talks, *courses]
    context.update(
        sections=publication_sections(
            publications,
            render_each(
                "publications/entry.html",
                publications,
                _shown,
                fill={OWNER: owner.name(style) if owner else ""},
                author_style=style,
            ),
        ),
        has_equal_contributors=any(row.has_equal_contributors for row in publications),
        has_selected=any(row.selected for row in publications),
        years=sorted({row.year for row in publications if row.year}, reverse=True),
        talks=render_each("talks/entry.html", talks, _shown),
    )
    if with_cv:
        sections = cv_sections()
        for section in sections:
            rows += section.entries
            section.html = render_each("cv/entry.html", section.entries, _shown)
        context["cv_sections"] = sections
    # "Last updated" is derived from the entries themselves, so it can never go stale.
    context["last_updated"] = max(filter(None, (row.updated for row in rows)), default=None)
    return context
