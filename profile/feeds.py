from core.feeds import AtomFeed

from .models import Person


class OwnerFeed(AtomFeed):
    """An Atom feed titled after the site's owner: "<what> of/by <owner>"."""

    what, preposition = "Entries", "of"

    def title(self):
        owner = Person.objects.owner()
        return f"{self.what} {self.preposition} {owner.full_name}" if owner else self.what
