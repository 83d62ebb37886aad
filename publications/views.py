from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import get_template

from core.pages import pages
from core.site import absolute
from profile.context import profile_context

from .bibtex import entry_bibtex, export_bibtex
from .entries import publication_row
from .models import Publication
from .scholar import citation_tags, scholarly_article

DETAIL_TEMPLATE = "publications/detail.html"


def _bibtex_response(text, filename):
    response = HttpResponse(text, content_type="application/x-bibtex; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _with_everything(publications):
    """What a publication's page shows, fetched with it: section, authors, links, talks, projects (six queries for
    any number of publications)."""
    return publications.for_listing().prefetch_related("talks", "projects")


def detail_context(publication, shared):
    """A publication page's context; `shared` is profile_context() and the chrome, the same for every page."""
    url = absolute(publication.get_absolute_url())
    bibtex = entry_bibtex(publication)
    talks = sorted((talk for talk in publication.talks.all() if talk.is_public), key=lambda t: t.date, reverse=True)
    projects = [project for project in publication.projects.all() if project.is_public]
    return {
        **shared,
        "publication": publication,
        "entry": publication_row(publication, shared["author_style"]),
        "talks": talks,
        "projects": projects,
        "bibtex": bibtex,
        "canonical_url": url,
        "citation_tags": citation_tags(publication),
        "json_ld": scholarly_article(publication, url),
    }


def publication_detail(request, slug):
    publication = get_object_or_404(_with_everything(Publication.objects.public()), slug=slug)
    template = get_template(DETAIL_TEMPLATE, using="jinja2")
    shared = {**profile_context(), **pages.chrome_context()}
    return HttpResponse(template.render(detail_context(publication, shared), request))


def publication_bibtex(request, slug):
    publication = get_object_or_404(Publication.objects.public().for_listing(), slug=slug)
    return _bibtex_response(entry_bibtex(publication), f"{publication.slug}.bib")


def render_publication_pages(publications):
    """(path, body) for every page of these publications, as the views above render them, for publishing: their
    data fetched once for all of them, not once a page."""
    shared = {**profile_context(), **pages.chrome_context()}
    template = get_template(DETAIL_TEMPLATE, using="jinja2")
    for publication in _with_everything(publications):
        context = detail_context(publication, shared)
        yield publication.get_absolute_url(), template.render(context).encode()
        yield publication.get_bibtex_url(), context["bibtex"].encode()


def all_bibtex(request):
    """Every public publication, with everything Vita keeps (the owner's file: importing it again loses nothing)."""
    publications = Publication.objects.public().for_listing().in_page_order()
    return _bibtex_response(export_bibtex(publications), "publications.bib")
