from core.feeds import AtomFeed
from core.latex import plain
from profile.models import Person

from .models import Publication


class OwnerFeed(AtomFeed):
    """An Atom feed titled after the site's owner: "<what> of/by <owner>"."""

    what, preposition = "Entries", "of"

    def title(self):
        owner = Person.objects.owner()
        return f"{self.what} {self.preposition} {owner.full_name}" if owner else self.what


class PublicationsFeed(OwnerFeed):
    what = "Publications"

    def items(self):
        return Publication.objects.public().for_listing().order_by("-created")[:50]

    def item_title(self, item):
        return plain(item.title)

    def item_description(self, item):
        authors = ", ".join(a.person.short_name for a in item.authorships.all())
        return f"{authors}. {item.venue_line}"

    def item_pubdate(self, item):
        return item.created
