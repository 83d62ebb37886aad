"""The site's navigation, on every page: Home, then the sections that have something to show (CV, Projects, Blog,
News, then the owner's pages in their menu order). Registered as the pages' chrome (core.pages): when it changes,
every page is published again."""

from django.db.models import CharField, Value
from django.urls import reverse

from news.models import NewsItem
from pages.models import Page
from posts.models import Post
from projects.models import Project

SECTIONS = [("Projects", "projects:index", Project), ("Blog", "posts:index", Post), ("News", "news:index", NewsItem)]


def navigation():
    """{"navigation": [(label, address), …]}: two queries (which sections have public entries, and the pages)."""
    flags = [model.objects.public().order_by().values_list(Value(label, CharField())) for label, _, model in SECTIONS]
    present = {label for (label,) in flags[0].union(*flags[1:])}
    items = [("Home", reverse("home")), ("CV", reverse("cv"))]
    items += [(label, reverse(name)) for label, name, _ in SECTIONS if label in present]
    items += [(page.title, page.get_absolute_url()) for page in Page.objects.in_menu().only("title", "path")]
    return {"navigation": items}
