"""Typed links: the kinds a paper's or a talk's material comes in, the label each kind shows, and the one guess of a
kind from a URL (for importers)."""

import re
from collections import Counter

from django.db import models


class ResourceKind(models.TextChoices):
    """What a link to a paper's or a talk's material is. The kind gives the label shown on the page."""

    ARXIV = "arxiv", "arXiv"
    PAPER = "paper", "paper"  # the publisher's or the venue's page of it
    PDF = "pdf", "PDF"
    CODE = "code", "code"
    SLIDES = "slides", "slides"
    VIDEO = "video", "video"
    POSTER = "poster", "poster"
    PROJECT = "project", "project page"
    DATA = "data", "data"
    BLOG = "blog", "blog post"
    OTHER = "other", "other"


RESOURCE_LABELS = dict(ResourceKind.choices)


class LinkLabelMixin:
    """The label a typed link shows, for a model row or a plain row with `kind`, `label` (and `kind_label()`)."""

    __slots__ = ()

    OTHER = "other"

    def kind_label(self):
        return RESOURCE_LABELS.get(self.kind, self.kind)

    @property
    def display_label(self):
        if self.kind == self.OTHER or not self.kind:
            return self.label or "link"
        return self.kind_label()


def numbered(links):
    """[(label, link)] for typed links, the labels numbered where a kind repeats (“slides 1”, “slides 2”)."""
    labels = [link.display_label for link in links]
    if len(set(labels)) == len(labels):
        return list(zip(labels, links, strict=True))
    counts, seen, out = Counter(labels), Counter(), []
    for label, link in zip(labels, links, strict=True):
        if counts[label] > 1:
            seen[label] += 1
            label = f"{label} {seen[label]}"
        out.append((label, link))
    return out


_ARXIV_HOST = re.compile(r"^https?://(?:www\.|export\.)?arxiv\.org/", re.IGNORECASE)
_CODE_HOSTS = re.compile(r"^https?://(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)/", re.I)
_VIDEO_HOSTS = re.compile(r"^https?://(?:www\.)?(?:youtube\.com|youtu\.be|vimeo\.com|slideslive\.com)/", re.I)


def guess_kind(url, default=ResourceKind.PAPER):
    """The kind of a link from its URL alone, when nothing else says (a field named `pdf` says more)."""
    if _ARXIV_HOST.match(url):
        return ResourceKind.ARXIV
    if url.lower().split("?", 1)[0].split("#", 1)[0].endswith(".pdf"):
        return ResourceKind.PDF
    if _CODE_HOSTS.match(url):
        return ResourceKind.CODE
    if _VIDEO_HOSTS.match(url):
        return ResourceKind.VIDEO
    return default
