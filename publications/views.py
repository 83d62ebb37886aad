from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from core.site import absolute
from profile.context import profile_context

from .bibtex import entry_bibtex, export_bibtex
from .entries import publication_row
from .models import Publication
from .scholar import citation_tags, scholarly_article


def _bibtex_response(text, filename):
    response = HttpResponse(text, content_type="application/x-bibtex; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _public_publication(slug):
    return get_object_or_404(Publication.objects.public().for_listing(), slug=slug)


def publication_detail(request, slug):
    publication = _public_publication(slug)
    url = absolute(publication.get_absolute_url())
    context = {
        **profile_context(),
        "publication": publication,
        "entry": publication_row(publication),
        "talks": publication.talks.public().order_by("-date"),
        "bibtex": entry_bibtex(publication),
        "canonical_url": url,
        "citation_tags": citation_tags(publication),
        "json_ld": scholarly_article(publication, url),
    }
    return render(request, "publications/detail.html", context, using="jinja2")


def publication_bibtex(request, slug):
    publication = _public_publication(slug)
    return _bibtex_response(entry_bibtex(publication), f"{publication.slug}.bib")


def all_bibtex(request):
    """Every public publication, with everything Vita keeps (the owner's file: importing it again loses nothing)."""
    publications = Publication.objects.public().for_listing().in_page_order()
    return _bibtex_response(export_bibtex(publications), "publications.bib")
