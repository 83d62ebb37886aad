"""Atom feeds whose links name the configured site address (core.site), never the request's host."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.feedgenerator import Atom1Feed

from .site import absolute


class AtomFeed:
    """A feed view: subclasses give title(), items() and the item_* methods; links are absolute from core.site."""

    link = "/"

    def __call__(self, request):
        feed = Atom1Feed(
            title=self.title(),
            link=absolute(self.link),
            description="",
            feed_url=absolute(request.path),
            language=settings.LANGUAGE_CODE,
        )
        for item in self.items():
            url = absolute(self.item_link(item))
            feed.add_item(
                title=self.item_title(item),
                link=url,
                description=self.item_description(item),
                unique_id=url,
                updateddate=self.item_updateddate(item),
                pubdate=self.item_pubdate(item),
            )
        response = HttpResponse(content_type=feed.content_type)
        feed.write(response, "utf-8")
        return response

    def item_link(self, item):
        return item.get_absolute_url()

    def item_updateddate(self, item):
        return item.updated

    def item_pubdate(self, item):
        return None
