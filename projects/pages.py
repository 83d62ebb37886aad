"""Where projects appear (core.pages): a card on /projects/, a page of their own, and a line on the pages of their
publications (whose titles, authors and links the project's page shows in turn)."""

from core.pages import ALL, pages
from profile.models import Person, Profile
from publications.models import Authorship, Publication, PublicationLink

from .models import Project, ProjectLink


def publications_of(project):
    return list(project.publications.values_list("pk", flat=True))


def projects_of_publication(publication):
    return list(publication.projects.values_list("pk", flat=True))


def register():
    pages.object_pages(Project, paths=lambda project: [project.get_absolute_url()])
    pages.appears_on(ProjectLink, Project, lambda link: [link.project_id])
    pages.appears_on(Project, Publication, publications_of, fields=["title", "slug", "is_public"])
    pages.appears_on(Publication, Project, projects_of_publication)
    pages.appears_on(Authorship, Project, lambda a: list(a.publication.projects.values_list("pk", flat=True)))
    pages.appears_on(
        PublicationLink, Project, lambda link: list(link.publication.projects.values_list("pk", flat=True))
    )
    pages.appears_on(Person, Project, lambda person: ALL, fields=["given_names", "family_name", "homepage", "is_owner"])
    pages.appears_on(Profile, Project, lambda profile: ALL, fields=["author_style"])
    pages.site_page("projects:index", shows=[Project])
