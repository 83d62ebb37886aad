"""Everything the homepage shows: the owner's record (cv.record) and the latest news, in a fixed number of queries
whatever their size."""

from django.conf import settings

from cv.record import record_context
from news.models import NewsItem


def homepage_context():
    context = record_context()
    latest = list(NewsItem.objects.public()[: settings.VITA_HOME_NEWS + 1])
    context["news"], context["more_news"] = latest[: settings.VITA_HOME_NEWS], len(latest) > settings.VITA_HOME_NEWS
    return context
