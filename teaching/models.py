"""Courses the owner taught."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from markdownx.models import MarkdownxField

from core.fields import URLField
from core.models import Timestamped


class Course(Timestamped):
    class Season(models.IntegerChoices):
        # In calendar order, so that sorting by (year, season) sorts by time.
        WINTER = 1, "Winter"
        SPRING = 2, "Spring"
        SUMMER = 3, "Summer"
        FALL = 4, "Fall"

    name = models.TextField(help_text="Name or code, e.g. “Stat 89A”.")
    url = URLField("URL", max_length=2000, blank=True, help_text="The name links here.")
    season = models.PositiveSmallIntegerField(choices=Season.choices)
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1900), MaxValueValidator(2100)])
    role = models.TextField(blank=True, help_text="E.g. “Instructor”, “Teaching Assistant”.")
    institution = models.TextField(blank=True)
    description = MarkdownxField(blank=True)

    class Meta:
        ordering = ["-year", "-season", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=1900, year__lte=2100), name="course_year_in_range"),
            models.CheckConstraint(condition=Q(season__gte=1, season__lte=4), name="course_season_valid"),
        ]

    def __str__(self):
        return f"{self.name}, {self.term}"

    def get_absolute_url(self):
        return reverse("home") + f"#course-{self.pk}"

    @property
    def term(self):
        return f"{self.get_season_display()} {self.year}"
