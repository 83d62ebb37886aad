"""People: the site owner and co-authors, their name variants, and the owner's profile and its links."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from markdownx.models import MarkdownxField

from core.fields import URLField
from core.models import OrderedLink, Timestamped, now_ms
from core.uploads import (
    RandomName,
    image_sources,
    normalised_image,
    validate_image,
    validate_pdf,
    write_photo_variants,
)

from .names import PersonName

PHOTO_MAX_SIDE = 960  # twice the largest size the page shows, for sharp high-density screens


class PersonQuerySet(models.QuerySet):
    def owner(self):
        """The site owner, or None before one is set."""
        return self.filter(is_owner=True).first()


class Person(PersonName, models.Model):
    """A researcher: the site owner or a co-author. One researcher is one row, however their name is spelt."""

    given_names = models.TextField(blank=True, help_text="Given names or initials, e.g. “Michael W.” or “M. W.”.")
    family_name = models.TextField(help_text="Family name, e.g. “Mahoney”.")
    homepage = URLField(max_length=2000, blank=True, help_text="Their name links here wherever it appears.")
    is_owner = models.BooleanField(
        "site owner", default=False, help_text="The researcher this site is about; highlighted in author lists."
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_names"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(fields=["is_owner"], condition=Q(is_owner=True), name="unique_site_owner"),
        ]

    def __str__(self):
        return self.full_name

    def clean(self):
        if self.is_owner and Person.objects.filter(is_owner=True).exclude(pk=self.pk).exists():
            raise ValidationError({"is_owner": "Another person is already the site owner; there is only one."})


class NameVariant(models.Model):
    """Another spelling of a person's name, as it appears in author lists ('K Keutzer')."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="variants")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name"], name="unique_name_variant")]

    def __str__(self):
        return self.name


class ProfileLink(OrderedLink):
    class Kind(models.TextChoices):
        SCHOLAR = "scholar", "Google Scholar"
        GITHUB = "github", "GitHub"
        ORCID = "orcid", "ORCID"
        LINKEDIN = "linkedin", "LinkedIn"
        X = "x", "X"
        BLUESKY = "bluesky", "Bluesky"
        MASTODON = "mastodon", "Mastodon"
        DBLP = "dblp", "DBLP"
        SEMANTIC_SCHOLAR = "semantic_scholar", "Semantic Scholar"
        CV = "cv", "CV"
        WEBSITE = "website", "Website"
        OTHER = "other", "Other"

    profile = models.ForeignKey("Profile", on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta(OrderedLink.Meta):
        pass


class Profile(Timestamped):
    """The owner's public profile. There is one; its name is the owner's (a Person with “site owner” set)."""

    class AuthorStyle(models.TextChoices):
        INITIALS = "initials", "Initials and family name (M. W. Mahoney)"
        FULL = "full", "Names as entered (Michael W. Mahoney)"

    headline = models.TextField(blank=True, help_text="Role, e.g. “Senior Researcher”.")
    affiliation = models.TextField(blank=True)
    location = models.TextField(blank=True)
    email = models.EmailField(blank=True, help_text="Shown publicly on the homepage.")
    bio = MarkdownxField(blank=True, help_text="Markdown. Shown under “About Me”.")
    photo = models.ImageField(
        upload_to=RandomName("profile"),
        blank=True,
        validators=[validate_image],
        width_field="photo_width",
        height_field="photo_height",
        help_text="JPEG, PNG or WebP. Turned upright, stripped of metadata and resized for the page.",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cv = models.FileField(
        "CV (PDF)",
        upload_to=RandomName("cv"),
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf],
    )
    cv_updated = models.DateTimeField(
        "CV last updated", null=True, blank=True, editable=False, help_text="Set when a CV is uploaded."
    )
    author_style = models.CharField(
        max_length=10,
        choices=AuthorStyle.choices,
        default=AuthorStyle.INITIALS,
        help_text="How names are written in author lists.",
    )

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="single_profile")]

    def __str__(self):
        return "Profile"

    def save(self, *args, **kwargs):
        self.pk = 1
        if self.photo and not self.photo._committed:
            content, extension = normalised_image(self.photo, PHOTO_MAX_SIDE)
            self.photo.save(f"photo{extension}", content, save=False)
            write_photo_variants(self.photo.storage, self.photo.name)
        if not self.cv:
            self.cv_updated = None
        elif not self.cv._committed or self.cv_updated is None:
            # A file not yet committed to storage is a fresh upload: "last updated" follows it.
            self.cv_updated = now_ms()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("home")

    @property
    def photo_sources(self):
        """srcset strings for the sidebar's <picture>: WebP and the upload's own format, at 240 and 480 wide."""
        return image_sources(self.photo, self.photo_width, self.photo_height)

    @classmethod
    def load(cls):
        """The profile, created empty on first use."""
        profile, _ = cls.objects.get_or_create(pk=1)
        return profile
