"""Where talks appear (core.pages): on the homepage, in their feed, and on the page of the paper they present."""

from core.pages import pages
from profile.models import Person
from publications.models import Publication

from .models import Talk, TalkLink


def register():
    pages.appears_on(
        Talk, Publication, lambda talk: [talk.publication_id], fields=["title", "date", "is_public", "publication"]
    )
    pages.content(TalkLink)
    pages.site_page("talks_feed", shows=[Talk, Person])
