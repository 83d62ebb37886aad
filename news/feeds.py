from core.markdown import render_markdown
from profile.feeds import OwnerFeed

from .models import NewsItem


class NewsFeed(OwnerFeed):
    what, preposition = "News", "from"
    link = "/news/"

    def items(self):
        return NewsItem.objects.public()[:50]

    def item_title(self, item):
        return f"{item.date:%d %B %Y}"

    def item_description(self, item):
        return str(render_markdown(item.text))
