"""Talks the owner gave, each with its event, place, month and material."""

from django.db import models
from django.urls import reverse
from markdownx.models import MarkdownxField

from core.fields import URLField
from core.links import ResourceKind
from core.models import OrderedLink, Timestamped


class TalkQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class Talk(Timestamped):
    title = models.TextField()
    event = models.TextField(blank=True, help_text="The event's short name, e.g. “ICML”.")
    event_url = URLField("event URL", max_length=2000, blank=True)
    location = models.TextField(blank=True, help_text="E.g. “Online” or “Berkeley, CA, USA”.")
    talk_type = models.TextField("type", blank=True, help_text="E.g. “Keynote”, “Tutorial”, “Invited talk”.")
    date = models.DateField(help_text="The month is what is shown; pick any day in it.")
    description = MarkdownxField(blank=True)
    publication = models.ForeignKey(
        "publications.Publication",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="talks",
        help_text="The paper this talk presents, if any.",
    )
    is_public = models.BooleanField("public", default=True)

    objects = TalkQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "pk"]

    def __str__(self):
        return f"{self.title} ({self.date:%b %Y})"

    def get_absolute_url(self):
        return reverse("home") + f"#talk-{self.pk}"


class TalkLink(OrderedLink):
    talk = models.ForeignKey(Talk, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=ResourceKind.choices)

    class Meta(OrderedLink.Meta):
        pass
