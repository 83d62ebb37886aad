"""Updating many rows at once, as the admin's bulk actions do: in one query, and then as a save would be seen
(publishing hears which rows changed; history versions them in the revision under way), since a queryset update
sends no signals. Small ones run in the admin's request; large ones as a job (core/tasks.py)."""

from django.db import models

from history.revisions import add_to_current

from .models import now_ms
from .signals import bulk_change

IN_REQUEST = 500  # rows a bulk action updates in the request, at most (about 0.7 s at 500); more go to the worker


def update_rows(model, pks, values, comment=None, progress=None):
    """Set `values` ({field name: value}) on the rows `pks` of `model`, versioned with `comment` in the revision
    under way; returns how many there were. `progress(done, total, phase)`, if given, hears how far it has got."""
    if progress is not None:
        progress(0, len(pks), f"Updating {len(pks)} {model._meta.verbose_name_plural}")
    count = model.objects.filter(pk__in=pks).update(**values, updated=now_ms())
    bulk_change.send(sender=model, pks=pks)
    if progress is not None:
        progress(0, len(pks), "Recording the history")
    add_to_current(model._base_manager.filter(pk__in=pks), comment=comment, progress=progress)
    return count


def as_json(model, values):
    """Values a job can keep: a related object by its key (section=<Section 3> is section_id=3)."""
    out = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        out[field.attname] = value.pk if isinstance(value, models.Model) else value
    return out
