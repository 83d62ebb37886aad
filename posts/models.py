"""Blog posts: Markdown with images, code highlighted on the server and math as MathML; tags; drafts. A post moved
in from an old site keeps its old address, which answers with a permanent redirect to the new one."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import ExtractYear
from django.urls import reverse
from markdownx.models import MarkdownxField

from core.models import Timestamped

PER_PAGE = 10


class TagQuerySet(models.QuerySet):
    def public(self):
        """Tags of at least one public post (a tag page lists those)."""
        return self.filter(pk__in=Post.objects.public().values("tags"))


class Tag(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("posts:tag", args=[self.slug])


class PostQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


def validate_old_path(value):
    if not value.startswith("/") or value.startswith("//") or "://" in value or any(c in value for c in " <>\"'"):
        raise ValidationError("An address on this site, starting with / (e.g. /2019/05/my-post.html).")


class Post(Timestamped):
    title = models.TextField()
    slug = models.SlugField(max_length=120, help_text="Its address: /blog/<year>/<slug>/.")
    date = models.DateField()
    summary = models.TextField(blank=True, help_text="A sentence or two, for the list and for link previews.")
    body = MarkdownxField(help_text="Markdown: images, ```python code blocks (highlighted), $math$.")
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts")
    is_public = models.BooleanField("public", default=False, help_text="Unticked, it is a draft nobody sees.")
    old_path = models.CharField(
        "old address",
        max_length=500,
        blank=True,
        validators=[validate_old_path],
        help_text="Its address on the site it came from: visits there are sent here (a permanent redirect).",
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                ExtractYear("date"),
                "slug",
                name="unique_post_slug_per_year",
                violation_error_message="Another post of that year has this address.",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("posts:detail", args=[self.date.year, self.slug])
