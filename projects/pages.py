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


def projects_of_publications(ids):
    """The projects of any of these publications, in one query a thousand publications."""
    ids, through = list(ids), Project.publications.through
    found = set()
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        found.update(through.objects.filter(publication_id__in=chunk).values_list("project_id", flat=True))
    return found


def register():
    pages.object_pages(Project, paths=lambda project: [project.get_absolute_url()])
    pages.appears_on(ProjectLink, Project, lambda link: [link.project_id])
    pages.appears_on(Project, Publication, publications_of, fields=["title", "slug", "is_public"])
    pages.appears_on(
        Publication,
        Project,
        projects_of_publication,
        via_many=lambda publications: projects_of_publications(p.pk for p in publications),
    )
    for model in (Authorship, PublicationLink):  # a paper's authors and links show on its projects' pages
        pages.appears_on(
            model,
            Project,
            lambda row: projects_of_publications([row.publication_id]),
            via_many=lambda rows: projects_of_publications({row.publication_id for row in rows}),
        )
    pages.appears_on(Person, Project, lambda person: ALL, fields=["given_names", "family_name", "homepage", "is_owner"])
    pages.appears_on(Profile, Project, lambda profile: ALL, fields=["author_style"])
    pages.site_page("projects:index", shows=[Project])
