from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render

from core.pages import pages
from core.site import absolute
from profile.context import profile_context

from .models import Page


def page(request, path):
    """A page at its address; an old address of something moved in (a permanent redirect to where it is now); a
    page's address without its final slash (a redirect to it); or 404."""
    key = path.strip("/")
    if path.endswith("/") and (found := Page.objects.public().filter(path=key).first()):
        context = {
            **profile_context(),
            **pages.chrome_context(),
            "page": found,
            "canonical_url": absolute(found.get_absolute_url()),
        }
        return render(request, "pages/page.html", context, using="jinja2")
    moved = dict(pages.all_redirects())
    for old in (f"/{path}", f"/{key}", f"/{key}/"):
        if old in moved:
            return HttpResponsePermanentRedirect(moved[old])
    if not path.endswith("/") and Page.objects.public().filter(path=key).exists():
        return HttpResponsePermanentRedirect(f"/{key}/")
    raise Http404("No such page.")
