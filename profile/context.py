def profile_context(with_links=False):
    """The owner and the profile, which every public page shows (its title, its header): two queries, three with the
    profile's links."""
    from .models import Person, Profile

    profiles = Profile.objects.prefetch_related("links") if with_links else Profile.objects.all()
    profile = profiles.filter(pk=1).first() or Profile()
    context = {"profile": profile, "owner": Person.objects.owner(), "author_style": profile.author_style}
    if with_links:
        context["profile_links"] = list(profile.links.all()) if profile.pk else []
    return context
