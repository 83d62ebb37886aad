"""Courses are on the homepage only (core.pages)."""

from core.pages import pages

from .models import Course


def register():
    pages.content(Course)
