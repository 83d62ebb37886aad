from core.latex import plain
from profile.feeds import OwnerFeed

from .models import Talk


class TalksFeed(OwnerFeed):
    what, preposition = "Talks", "by"

    def items(self):
        return Talk.objects.public()[:50]

    def item_title(self, item):
        return plain(item.title)

    def item_description(self, item):
        place = ", ".join(part for part in [item.event, item.location] if part)
        return f"{place} ({item.date:%B %Y})"
