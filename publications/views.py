from profile.models import Profile

from django.shortcuts import get_object_or_404, render

from .models import Publication


def publication_detail(request, slug):
    publication = get_object_or_404(Publication.objects.public().for_listing(), slug=slug)
    profile = Profile.objects.filter(pk=1).first() or Profile()
    talks = publication.talks.public().order_by("-date")
    return render(
        request,
        "publications/publication_detail.html",
        {"publication": publication, "profile": profile, "talks": talks},
    )
