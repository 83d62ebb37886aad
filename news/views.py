from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from core.pages import pages
from core.site import absolute
from profile.context import profile_context

from .models import NewsItem


def news_index(request):
    context = {
        **profile_context(),
        **pages.chrome_context(),
        "items": list(NewsItem.objects.public()),
        "canonical_url": absolute(reverse("news:index")),
    }
    return render(request, "news/index.html", context, using="jinja2")


def news_detail(request, slug):
    item = get_object_or_404(NewsItem.objects.with_pages(), slug=slug)
    context = {
        **profile_context(),
        **pages.chrome_context(),
        "item": item,
        "canonical_url": absolute(item.get_absolute_url()),
    }
    return render(request, "news/detail.html", context, using="jinja2")
