"""Where publications appear on the public site (core.pages): each has a page and a .bib; its authors, links, section
and the owner's author style show on it; the BibTeX download and the feed list them all."""

from core.pages import ALL, pages
from profile.models import Person, Profile

from .models import Authorship, Publication, PublicationLink, Section


def authored_by(person):
    """The owner is on every publication's page (its title names them); a co-author on their papers' pages."""
    if person.is_owner:
        return ALL
    return Authorship.objects.filter(person_id=person.pk).values_list("publication_id", flat=True)


def in_section(section):
    return Publication.objects.filter(section_id=section.pk).values_list("pk", flat=True)


def register():
    from .views import render_publication_pages

    pages.object_pages(
        Publication,
        paths=lambda p: [p.get_absolute_url(), p.get_bibtex_url()],
        render=render_publication_pages,
        path_fields=["slug"],
    )
    pages.appears_on(Authorship, Publication, lambda authorship: [authorship.publication_id])
    pages.appears_on(PublicationLink, Publication, lambda link: [link.publication_id])
    pages.appears_on(Person, Publication, authored_by, fields=["given_names", "family_name", "homepage", "is_owner"])
    pages.appears_on(Section, Publication, in_section, fields=["name"])
    pages.appears_on(Profile, Publication, lambda profile: ALL, fields=["author_style"])
    pages.site_page("publications_bibtex", shows=[Publication, Authorship, PublicationLink, Person, Section])
    pages.site_page("publications_feed", shows=[Publication, Authorship, Person])
