"""Abstract models every content app builds on: timestamps, and typed links in an ordered list."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from .fields import URLField
from .links import LinkLabelMixin


def now_ms():
    """Now, to the millisecond: what JSON (and so a backup) keeps of a time."""
    now = timezone.now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


class Timestamped(models.Model):
    """When a row was made and last saved. Not auto_now: loading a backup (loaddata) must keep the stored times."""

    created = models.DateTimeField(default=now_ms, editable=False)
    updated = models.DateTimeField(default=now_ms, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.updated = now_ms()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated"}
        super().save(*args, **kwargs)


class OrderedLink(LinkLabelMixin, models.Model):
    """A typed link in an ordered list. Its label comes from its kind; only “other” needs a label typed.

    Subclasses add `kind` (a CharField with choices) and the object the link belongs to.
    """

    url = URLField("URL", max_length=2000)
    label = models.CharField(max_length=200, blank=True, help_text="Only needed for the kind “other”.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.display_label}: {self.url}"

    def kind_label(self):
        return self.get_kind_display()

    def clean(self):
        if self.kind == self.OTHER and not self.label:
            raise ValidationError({"label": "A link of kind “other” needs a label."})
