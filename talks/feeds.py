from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from profile.models import Person

from .models import Talk


class TalksFeed(Feed):
    feed_type = Atom1Feed
    link = "/"

    def title(self):
        owner = Person.objects.owner()
        return f"Talks by {owner.full_name}" if owner else "Talks"

    def items(self):
        return Talk.objects.public()[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        place = ", ".join(part for part in [item.event, item.location] if part)
        return f"{place} ({item.date:%B %Y})"

    def item_updateddate(self, item):
        return item.updated
