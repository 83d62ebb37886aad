"""The CV as data: ordered sections (Education, Positions, Awards, …, or any the owner adds), each with entries that
have a title, an organisation, a place, a start and an end at month or year precision (or "present"), a Markdown
description and typed links. The CV page, the CV PDF and /cv.json are all made from these rows, with the
publications, talks and courses the other apps keep."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from markdownx.models import MarkdownxField

from core.dates import MONTH_NAMES
from core.links import ResourceKind
from core.models import OrderedLink, Timestamped


class CVSectionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class CVSection(Timestamped):
    class Kind(models.TextChoices):
        """What a section holds; it decides where its entries go in JSON Resume (/cv.json)."""

        EDUCATION = "education", "Education"
        POSITIONS = "positions", "Positions"
        AWARDS = "awards", "Awards and honours"
        GRANTS = "grants", "Grants"
        SERVICE = "service", "Service"
        STUDENTS = "students", "Students and mentoring"
        SKILLS = "skills", "Skills"
        LANGUAGES = "languages", "Languages"
        INTERESTS = "interests", "Interests"
        CERTIFICATES = "certificates", "Certificates"
        REFERENCES = "references", "References"
        OTHER = "other", "Other"

    class Ordering(models.TextChoices):
        NEWEST = "newest", "Newest first"
        MANUAL = "manual", "By hand (the entries' order)"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, help_text="Its anchor on the CV page (/cv/#education).")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    ordering = models.CharField(
        "entries",
        max_length=10,
        choices=Ordering.choices,
        default=Ordering.NEWEST,
        help_text="How entries are ordered.",
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Sections are shown in this order.")
    is_public = models.BooleanField("public", default=True)

    objects = CVSectionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "CV section"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cv") + f"#{self.slug}"


class CVEntryQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True, section__is_public=True)


MONTHS = list(enumerate(MONTH_NAMES, start=1))


class CVEntry(Timestamped):
    section = models.ForeignKey(CVSection, on_delete=models.PROTECT, related_name="entries")
    title = models.TextField(help_text="The degree, role, award or item, e.g. “Ph.D. in Computer Science”.")
    organisation = models.TextField(
        blank=True,
        help_text="Where or from whom: a university, a company, a funder. For a skill or a language, its level.",
    )
    location = models.TextField(blank=True, help_text="E.g. “Berkeley, CA, USA”.")
    start_year = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Or the year, for a single date.")
    start_month = models.PositiveSmallIntegerField(null=True, blank=True, choices=MONTHS)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_month = models.PositiveSmallIntegerField(null=True, blank=True, choices=MONTHS)
    ongoing = models.BooleanField("present", default=False, help_text="Goes on: shown as “– present”.")
    description = MarkdownxField(blank=True)
    order = models.PositiveSmallIntegerField(default=0, help_text="Used when the section is ordered by hand.")
    is_public = models.BooleanField("public", default=True)

    objects = CVEntryQuerySet.as_manager()

    class Meta:
        ordering = ["section__order", "order", "pk"]
        verbose_name = "CV entry"
        verbose_name_plural = "CV entries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_month__range=(1, 12)) | models.Q(start_month=None), name="cv_entry_start_month"
            ),
            models.CheckConstraint(
                condition=models.Q(end_month__range=(1, 12)) | models.Q(end_month=None), name="cv_entry_end_month"
            ),
        ]

    def __str__(self):
        return f"{self.title}, {self.organisation}" if self.organisation else self.title

    def get_absolute_url(self):
        return reverse("cv") + f"#cv-entry-{self.pk}"

    def clean(self):
        errors = {}
        if self.start_month and not self.start_year:
            errors["start_year"] = "A start month needs its year."
        if self.end_month and not self.end_year:
            errors["end_year"] = "An end month needs its year."
        if self.ongoing and self.end_year:
            errors["ongoing"] = "An entry that goes on has no end; clear the end or “present”."
        start, end = (self.start_year, self.start_month or 0), (self.end_year, self.end_month or 12)
        if self.start_year and self.end_year and end < start:
            errors["end_year"] = "The end comes before the start."
        if errors:
            raise ValidationError(errors)


class CVEntryLink(OrderedLink):
    entry = models.ForeignKey(CVEntry, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=ResourceKind.choices)

    class Meta(OrderedLink.Meta):
        pass


def entry_sort_key(ordering, entry):
    """Where an entry goes within its section: by hand (its order), or newest first: what goes on, then by the end
    (or the only date) latest first, then by the start."""
    if ordering == CVSection.Ordering.MANUAL:
        return (entry.order, entry.pk or 0)
    end_year = entry.end_year or entry.start_year or 0
    end_month = (entry.end_month if entry.end_year else entry.start_month) or 0
    return (not entry.ongoing, -end_year, -end_month, -(entry.start_year or 0), -(entry.start_month or 0), entry.order)
