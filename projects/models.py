"""Projects (a portfolio): a card each on /projects/, a page each, with an image, typed links and the publications
that came out of them (each publication's page lists its projects in turn)."""

from django.db import models
from django.urls import reverse
from markdownx.models import MarkdownxField

from core.links import ResourceKind
from core.models import OrderedLink, Timestamped
from core.uploads import RandomName, image_sources, normalised_image, validate_image, write_photo_variants

IMAGE_WIDTHS = (400, 800)  # a card is at most 400 CSS pixels wide; 800 for high-density screens
IMAGE_MAX_SIDE = 1600


class ProjectQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class Project(Timestamped):
    title = models.TextField()
    slug = models.SlugField(max_length=120, unique=True, help_text="Its page's address: /projects/<slug>/.")
    summary = models.TextField(blank=True, help_text="One or two sentences, on its card.")
    image = models.ImageField(
        upload_to=RandomName("projects"),
        blank=True,
        validators=[validate_image],
        width_field="image_width",
        height_field="image_height",
        help_text="JPEG, PNG or WebP. Turned upright, stripped of metadata and resized; WebP copies are made.",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        "image description", max_length=300, blank=True, help_text="What the image shows, for those who cannot see it."
    )
    body = MarkdownxField(blank=True)
    publications = models.ManyToManyField(
        "publications.Publication", blank=True, related_name="projects", help_text="The papers of this project."
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Projects are shown in this order.")
    is_public = models.BooleanField("public", default=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["order", "-pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.image and not self.image._committed:
            content, extension = normalised_image(self.image, IMAGE_MAX_SIDE)
            self.image.save(f"project{extension}", content, save=False)
            write_photo_variants(self.image.storage, self.image.name, IMAGE_WIDTHS)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.slug])

    @property
    def image_sources(self):
        return image_sources(self.image, self.image_width, self.image_height, IMAGE_WIDTHS)


class ProjectLink(OrderedLink):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=ResourceKind.choices)

    class Meta(OrderedLink.Meta):
        pass
