"""Everything the homepage shows, fetched in a fixed number of queries whatever the size of the CV.

Entries come as plain rows (publications.entries, talks.entries); their HTML is in the templates.
"""

from profile.context import profile_context
from publications.entries import publication_rows
from publications.models import Publication
from talks.entries import talk_rows
from talks.models import Talk
from teaching.models import Course


def publication_sections(publications):
    """[(section name, section slug, [rows])] in page order, for rows already in page order."""
    sections = {}
    for row in publications:
        sections.setdefault(row.section_id, (row.section_name, row.section_slug, []))[2].append(row)
    return list(sections.values())


def homepage_context():
    context = profile_context(with_links=True)
    publications = publication_rows(Publication.objects.public().in_page_order())
    talks = talk_rows(Talk.objects.public())
    courses = list(Course.objects.all())
    # "Last updated" is derived from the entries themselves, so it can never go stale.
    times = [context["profile"].updated, *(row.updated for row in [*publications, *talks, *courses])]
    return {
        **context,
        "sections": publication_sections(publications),
        "has_equal_contributors": any(row.has_equal_contributors for row in publications),
        "has_selected": any(row.selected for row in publications),
        "years": sorted({row.year for row in publications if row.year}, reverse=True),
        "talks": talks,
        "courses": courses,
        "last_updated": max(filter(None, times), default=None),
    }
