"""The owner's profile and the people named on the site (core.pages); name variants are never shown."""

from core.pages import pages

from .models import Person, Profile, ProfileLink


def register():
    pages.content(Person, Profile, ProfileLink)
