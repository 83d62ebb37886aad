"""What an import did: how many of each kind it added or found already there, and what it noticed (every problem,
with its place, in one pass). The BibTeX import keeps its own, richer report (publications.bibtex)."""

from dataclasses import dataclass, field


@dataclass
class Report:
    """What an import did, kind by kind, and what it noticed."""

    created: dict = field(default_factory=dict)
    skipped: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    def count(self, kind, created=True, number=1):
        target = self.created if created else self.skipped
        target[kind] = target.get(kind, 0) + number

    def note(self, message):
        self.notes.append(message)

    def include(self, other):
        """Add another import's counts and notes to this one (a site import's CV, imported by import_cv's code)."""
        for kind, number in other.created.items():
            self.count(kind, number=number)
        for kind, number in other.skipped.items():
            self.count(kind, False, number=number)
        self.notes += other.notes

    def lines(self):
        kinds = list(dict.fromkeys([*self.created, *self.skipped]))
        out = [
            f"{kind}: {self.created.get(kind, 0)} added, {self.skipped.get(kind, 0)} already here"
            for kind in kinds
            if self.created.get(kind) or self.skipped.get(kind)
        ]
        return out + self.notes
