from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from profile.models import Person, Profile

from .bibtex import citation_key, entry_bibtex, export_bibtex
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
    url = request.build_absolute_uri(publication.get_absolute_url())
    context = {
        "publication": publication,
        "profile": Profile.objects.filter(pk=1).first() or Profile(),
        "owner": Person.objects.owner(),
        "talks": publication.talks.public().order_by("-date"),
        "bibtex": entry_bibtex(publication, citation_key(publication, set())),
        "canonical_url": url,
        "citation_tags": citation_tags(publication),
        "json_ld": scholarly_article(publication, url),
    }
    return render(request, "publications/publication_detail.html", context)


def publication_bibtex(request, slug):
    publication = _public_publication(slug)
    return _bibtex_response(entry_bibtex(publication, citation_key(publication, set())), f"{publication.slug}.bib")


def all_bibtex(request):
    publications = Publication.objects.public().for_listing().in_page_order()
    return _bibtex_response(export_bibtex(publications), "publications.bib")
