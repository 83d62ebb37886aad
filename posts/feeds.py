from core.markdown import render_markdown
from profile.feeds import OwnerFeed

from .models import Post


class PostsFeed(OwnerFeed):
    what, preposition = "Blog", "of"
    link = "/blog/"

    def items(self):
        return Post.objects.public()[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or str(render_markdown(item.body))

    def item_pubdate(self, item):
        return item.created
