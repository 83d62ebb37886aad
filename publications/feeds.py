from core.latex import plain
from profile.feeds import OwnerFeed

from .models import Publication


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
