"""Everything the homepage shows, fetched in a fixed number of queries whatever the size of the CV.

Entries come as plain rows (publications.entries, talks.entries), each rendered by its template
(templates/publications/entry.html, templates/talks/entry.html) and remembered until what it shows changes
(core.templating.render_each).
"""

from core.templating import render_each
from profile.context import profile_context
from publications.entries import publication_rows, publication_sections
from publications.models import Publication
from talks.entries import talk_rows
from talks.models import Talk
from teaching.models import Course


def _shown(row):
    """What an entry's template shows of a row, as plain data (the fragment cache's key)."""
    return row.values()


def homepage_context():
    context = profile_context(with_links=True)
    publications = publication_rows(Publication.objects.public().in_page_order(), context["author_style"])
    talks = talk_rows(Talk.objects.public())
    courses = list(Course.objects.all())
    # "Last updated" is derived from the entries themselves, so it can never go stale.
    times = [context["profile"].updated, *(row.updated for row in [*publications, *talks, *courses])]
    return {
        **context,
        "sections": publication_sections(
            publications,
            render_each("publications/entry.html", publications, _shown, author_style=context["author_style"]),
        ),
        "has_equal_contributors": any(row.has_equal_contributors for row in publications),
        "has_selected": any(row.selected for row in publications),
        "years": sorted({row.year for row in publications if row.year}, reverse=True),
        "talks": render_each("talks/entry.html", talks, _shown),
        "courses": courses,
        "last_updated": max(filter(None, times), default=None),
    }
