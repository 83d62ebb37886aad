"""Publications, their ordered authors (with equal-contribution flags), sections and typed links."""

import functools
import re

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils.text import slugify
from markdownx.models import MarkdownxField

from core.links import ResourceKind
from core.models import OrderedLink, Timestamped
from profile.models import Person

MIN_YEAR, MAX_YEAR = 1000, 2100  # BibTeX takes any year; a real bibliography cites an 1869 book
_NOT_WORD = re.compile(r"[\W_]+")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ARXIV_PREFIX = re.compile(r"^(?:https?://arxiv\.org/(?:abs|pdf)/|arxiv:\s*)", re.IGNORECASE)
_ARXIV_SUFFIX = re.compile(r"(?:v\d+)?(?:\.pdf)?$", re.IGNORECASE)


@functools.cache
def _detail_url_pattern():
    return reverse("publications:detail", kwargs={"slug": "--slug--"})


def publication_url(slug):
    """A publication page's address, without resolving the URLconf for every entry of a long list."""
    return _detail_url_pattern().replace("--slug--", slug)


def slug_base(title):
    return slugify(title)[:100].strip("-") or "publication"


def unique_slug(title, taken):
    """A slug made from the title that is not in `taken` (which it joins): "paper", "paper-2", …"""
    base = slug_base(title)
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def title_key(title):
    """Titles that differ only in case, punctuation or spacing are the same title."""
    return _NOT_WORD.sub(" ", title.casefold()).strip()


def normalise_doi(doi):
    """'https://doi.org/10.1/ABC' -> '10.1/ABC'."""
    return _DOI_PREFIX.sub("", doi.strip())


def normalise_arxiv_id(arxiv_id):
    """'arXiv:2103.16827v2', 'https://arxiv.org/pdf/2103.16827.pdf' -> '2103.16827'."""
    return _ARXIV_SUFFIX.sub("", _ARXIV_PREFIX.sub("", arxiv_id.strip()))


class Section(models.Model):
    """A heading publications are grouped under on the homepage (Conference, Journal, …), in order."""

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80)
    order = models.PositiveSmallIntegerField(default=0, help_text="Sections are shown in ascending order.")

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="unique_section_name"),
            models.UniqueConstraint(fields=["slug"], name="unique_section_slug"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)


STATUS_PREFIX = {"accepted": "Accepted for publication, ", "under_review": "Under review, "}


class VenueLineMixin:
    """The line under a publication's authors, for anything with the Publication fields it names."""

    __slots__ = ()

    @property
    def status_prefix(self):
        return STATUS_PREFIX.get(self.status, "")

    @property
    def venue_line(self):
        """'Accepted for publication, Proc. ICML 2021 (Long Talk).' — built from the fields, never typed. A
        publication without a year shows none."""
        venue = self.venue_short or self.venue_full
        year = str(self.year) if self.year else ""
        if not venue and self.arxiv_id:
            line = ", ".join(part for part in (f"arXiv:{self.arxiv_id}", year) if part)
        elif self.volume or self.pages:
            parts = [venue] if venue else []
            if self.volume:
                parts.append(self.volume + (f" ({self.number})" if self.number else ""))
            line = " ".join(parts)
            if self.pages:
                line += f", {self.pages}" if line else self.pages
            line += f", {year}" if year else ""
        else:
            line = " ".join(part for part in (venue, year) if part)
        if self.note:
            line += f" ({self.note})" if line else self.note
        line = f"{self.status_prefix}{line}" if line else self.status_prefix.rstrip(", ")
        return f"{line}." if line else ""


# Within a section: by hand first, then newest; a publication without a year (or month) goes after those with one.
NEWEST_FIRST = ("order", F("year").desc(nulls_last=True), F("month").desc(nulls_last=True), "pk")


class PublicationQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def in_page_order(self):
        """As the homepage lists them: by section, then each section's own order."""
        return self.order_by("section__order", "section__name", *NEWEST_FIRST)

    def for_listing(self):
        """Everything a publication list shows, in a fixed number of queries whatever the count."""
        return self.select_related("section").prefetch_related(
            Prefetch("authorships", queryset=Authorship.objects.select_related("person")),
            "links",
        )


class Publication(VenueLineMixin, Timestamped):
    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        ACCEPTED = "accepted", "Accepted"
        UNDER_REVIEW = "under_review", "Under review"
        PREPRINT = "preprint", "Preprint"

    title = models.TextField()
    # Indexed: the same-work rule looks publications up by their normalised title (its first 300 characters).
    title_key = models.CharField(max_length=300, editable=False, db_index=True, default="")
    slug = models.SlugField(max_length=120, blank=True, help_text="Its page's address; made from the title.")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="publications")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    venue_short = models.TextField("venue", blank=True, help_text="As shown on the homepage, e.g. “Proc. ICML”.")
    venue_full = models.TextField(
        blank=True, help_text="Full name, e.g. “International Conference on Machine Learning”."
    )
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)],
        help_text="Blank for a work not yet dated (in press): it is listed after the dated ones.",
    )
    month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    volume = models.TextField(blank=True)
    number = models.TextField(blank=True)
    pages = models.TextField(blank=True)
    note = models.TextField(blank=True, help_text="E.g. “Long Talk”, “Highlight Paper”.")
    doi = models.CharField("DOI", max_length=200, blank=True)
    # Indexed, not unique: the same-work rule (publications.services) looks works up by it, and two papers a
    # bibliography gives the same id by mistake are still two works.
    arxiv_id = models.CharField("arXiv id", max_length=40, blank=True, db_index=True, help_text="E.g. 2103.16827.")
    abstract = MarkdownxField(blank=True)
    scholar_id = models.CharField(
        "Google Scholar id", max_length=100, blank=True, help_text="The paper's id on Google Scholar, if known."
    )
    selected = models.BooleanField(default=False, help_text="Among the owner's selected publications.")
    is_public = models.BooleanField("public", default=True, help_text="Unticked, it is hidden from the site.")
    order = models.IntegerField(
        default=0, help_text="Within a section, lower numbers come first; ties go to the newest."
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = list(NEWEST_FIRST)
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="unique_publication_slug"),
            models.UniqueConstraint(
                fields=["doi"],
                condition=~Q(doi=""),
                name="unique_publication_doi",
                violation_error_message="Another publication already has this DOI.",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="publication_year_in_range",
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12), name="publication_month_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.normalise()
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def normalise(self):
        """The derived and normalised fields, as save() keeps them (bulk imports call it themselves)."""
        self.title_key = title_key(self.title)[:300]
        self.doi = normalise_doi(self.doi)
        self.arxiv_id = normalise_arxiv_id(self.arxiv_id)

    def get_absolute_url(self):
        return publication_url(self.slug)

    def get_bibtex_url(self):
        """Its BibTeX file's address (/publications/<slug>.bib)."""
        return publication_url(self.slug).rstrip("/") + ".bib"

    def clean(self):
        self.doi = normalise_doi(self.doi)
        self.arxiv_id = normalise_arxiv_id(self.arxiv_id)

    def _unique_slug(self):
        taken = set(
            Publication.objects.filter(slug__startswith=slug_base(self.title))
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        return unique_slug(self.title, taken)

    @property
    def has_equal_contributors(self):
        return any(a.equal_contribution for a in self.authorships.all())


class Authorship(models.Model):
    """One author of one publication, at one position, possibly an equal (co-first) contributor."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="authorships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="authorships")
    position = models.PositiveSmallIntegerField(default=0, help_text="Authors are listed in ascending order.")
    equal_contribution = models.BooleanField(
        default=False, help_text="Marked with * and explained by the legend (equal contribution)."
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "position"],
                name="unique_author_position",
                violation_error_message="Two authors cannot share a position.",
            ),
            models.UniqueConstraint(
                fields=["publication", "person"],
                name="unique_author_per_publication",
                violation_error_message="The same person cannot be an author twice.",
            ),
        ]

    def __str__(self):
        return f"{self.person}, author {self.position} of “{self.publication}”"


class PublicationLink(OrderedLink):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=ResourceKind.choices)

    class Meta(OrderedLink.Meta):
        pass
