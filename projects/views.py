from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from core.pages import pages
from core.site import absolute
from profile.context import profile_context
from publications.entries import publication_rows

from .models import Project


def project_index(request):
    context = {
        **profile_context(),
        **pages.chrome_context(),
        "projects": list(Project.objects.public()),
        "canonical_url": absolute(reverse("projects:index")),
    }
    return render(request, "projects/index.html", context, using="jinja2")


def project_detail(request, slug):
    project = get_object_or_404(Project.objects.public().prefetch_related("links"), slug=slug)
    context = {**profile_context(), **pages.chrome_context()}
    style = context["author_style"]
    publications = project.publications.public().in_page_order()
    context.update(
        project=project,
        publications=publication_rows(publications, style),
        canonical_url=absolute(project.get_absolute_url()),
    )
    return render(request, "projects/detail.html", context, using="jinja2")
