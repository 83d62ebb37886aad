"""The blog: its pages of posts (ten a page, newest first), a page per post and per tag, and old addresses sent
on to new ones."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from core.pages import pages
from core.site import absolute
from profile.context import profile_context

from .models import PER_PAGE, Post, Tag


def _context(**extra):
    return {**profile_context(), **pages.chrome_context(), **extra}


def page_count():
    return max(1, -(-Post.objects.public().count() // PER_PAGE))


def page_url(number):
    return reverse("posts:index") if number == 1 else reverse("posts:page", args=[number])


def page_paths():
    """The addresses of the blog's pages of posts (for publishing)."""
    return [page_url(number) for number in range(1, page_count() + 1)]


def post_index(request, number=1):
    count = page_count()
    if number < 2 and request.resolver_match and request.resolver_match.url_name == "page":
        raise Http404("The first page is /blog/.")
    if number > count:
        raise Http404("No such page.")
    start = (number - 1) * PER_PAGE
    posts = list(Post.objects.public().prefetch_related("tags")[start : start + PER_PAGE])
    context = _context(
        posts=posts,
        number=number,
        previous_url=page_url(number - 1) if number > 1 else None,
        next_url=page_url(number + 1) if number < count else None,
        canonical_url=absolute(page_url(number)),
    )
    return render(request, "posts/index.html", context, using="jinja2")


def post_detail(request, year, slug):
    post = get_object_or_404(Post.objects.public().prefetch_related("tags"), date__year=year, slug=slug)
    url = absolute(post.get_absolute_url())
    context = _context(post=post, canonical_url=url, json_ld=blog_posting(post, url))
    return render(request, "posts/detail.html", context, using="jinja2")


def tag_page(request, slug):
    tag = get_object_or_404(Tag.objects.public(), slug=slug)
    posts = list(tag.posts.public().prefetch_related("tags"))
    context = _context(tag=tag, posts=posts, canonical_url=absolute(tag.get_absolute_url()))
    return render(request, "posts/tag.html", context, using="jinja2")


def blog_posting(post, url):
    """schema.org BlogPosting for a post's page."""
    from profile.models import Person

    owner = Person.objects.owner()
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "url": url,
        "datePublished": post.date.isoformat(),
        "dateModified": post.updated.date().isoformat(),
        "keywords": [tag.name for tag in post.tags.all()],
    }
    if post.summary:
        data["description"] = post.summary
    if owner:
        data["author"] = {"@type": "Person", "name": owner.full_name, "url": absolute("/")}
    return data


def redirects():
    """(old address, new address) of every public post moved in from another site."""
    return [(post.old_path, post.get_absolute_url()) for post in Post.objects.public().exclude(old_path="")]
