"""News: dated items in Markdown, a one-liner ("Jan 2026: our paper was accepted at ICML") or an item with a body
and a page of its own. The homepage shows the latest few above the publications; /news/ has them all."""

from django.db import models
from django.urls import reverse
from markdownx.models import MarkdownxField

from core.models import Timestamped


class NewsItemQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def with_pages(self):
        """The items that have a page of their own (a body)."""
        return self.public().exclude(body="")


class NewsItem(Timestamped):
    date = models.DateField()
    text = MarkdownxField(help_text="The item as the list shows it, in Markdown: one line is usual.")
    body = MarkdownxField(blank=True, help_text="Optional: the whole story, on a page of its own.")
    slug = models.SlugField(
        max_length=120, blank=True, help_text="Its page's address, when it has a body; made from the text if blank."
    )
    is_public = models.BooleanField("public", default=True)

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = "news item"
        constraints = [
            models.UniqueConstraint(fields=["slug"], condition=~models.Q(slug=""), name="unique_news_slug"),
        ]

    def __str__(self):
        return f"{self.date:%d %b %Y}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        if self.body and not self.slug:
            from django.utils.text import slugify

            base = slugify(self.text)[:80].strip("-") or "news"
            slug, number = f"{self.date:%Y-%m}-{base}", 2
            while NewsItem.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                slug, number = f"{self.date:%Y-%m}-{base}-{number}", number + 1
            self.slug = slug
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.body and self.slug:
            return reverse("news:detail", args=[self.slug])
        return reverse("news:index") + f"#news-{self.pk}"
