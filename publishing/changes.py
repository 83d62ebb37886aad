"""What a change touches. Every save or delete of a content model (core.pages says which those are, and where their
objects appear) is collected during its transaction into one Change; when the transaction commits, the site
version moves on and the pages the Change names are published again (publishing.publish). A rollback discards it.

Only what a page shows counts: a profile headline touches the site pages, not every publication's page; a
co-author's name touches the pages of their papers; a talk moved to another paper touches the page it left too
(the row as it was before the save is read first, one query).
"""

import logging
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from core.pages import ALL, label, pages
from core.signals import bulk_change

from .version import bump_version

logger = logging.getLogger("vita")


@dataclass
class Change:
    """The pages one transaction's changes call for: site pages by URL name, object pages by kind and id (or ALL),
    and addresses that may have stopped existing (a hidden publication's, an old slug's)."""

    site: set = field(default_factory=set)
    objects: dict = field(default_factory=dict)
    gone: set = field(default_factory=set)
    everything: bool = False

    def add_objects(self, kind, ids):
        if ids == ALL or self.objects.get(kind) == ALL:
            self.objects[kind] = ALL
        else:
            self.objects.setdefault(kind, set()).update(i for i in ids if i is not None)

    def as_dict(self):
        """The change as JSON can hold it (a task's argument)."""
        objects = {kind: ids if ids == ALL else sorted(ids) for kind, ids in self.objects.items()}
        return {"site": sorted(self.site), "objects": objects, "gone": sorted(self.gone), "everything": self.everything}

    @classmethod
    def from_dict(cls, data):
        objects = {kind: ids if ids == ALL else set(ids) for kind, ids in data["objects"].items()}
        return cls(set(data["site"]), objects, set(data["gone"]), data["everything"])

    def describe(self):
        if self.everything:
            return "every page"
        counts = ", ".join(
            f"{'all' if ids == ALL else len(ids)} {kind.split('.')[-1]} page(s)" for kind, ids in self.objects.items()
        )
        return f"{len(self.site)} site page(s)" + (f" and {counts}" if counts else "")


def changed_fields(old, new):
    """Names of the fields whose stored values differ between two instances of a model."""
    return {f.name for f in new._meta.concrete_fields if getattr(old, f.attname) != getattr(new, f.attname)}


def _pages_of(obj, kind):
    from .publish import object_paths

    return set(object_paths(kind, obj))


def _site_pages_showing(change, model_label):
    change.site.update(name for name, page in pages.site_pages.items() if page.shows_model(model_label))


def record(change, model, new, old=None, created=False, deleted=False):
    """Add what one saved (or deleted) row touches to the change."""
    model_label = label(model)
    _site_pages_showing(change, model_label)
    changed = None if created or deleted or old is None else changed_fields(old, new)
    for appearance in pages.appearances.get(model_label, []):
        if appearance.fields is not None and changed is not None and not (changed & appearance.fields):
            continue
        for obj in (new, old):
            if obj is not None:
                change.add_objects(appearance.kind, appearance.via(obj))
    if model_label in pages.kinds:
        # The addresses the object had: gone if it is deleted, hidden or renamed (publishing checks which).
        for obj in (old, new if deleted else None):
            if obj is not None:
                change.gone |= _pages_of(obj, model_label)


def record_many(change, model, objects):
    """As record() for many rows changed in every field at once (a bulk change): an appearance that can name its
    pages for all of them together (via_many) asks once, not once a row."""
    model_label = label(model)
    _site_pages_showing(change, model_label)
    for appearance in pages.appearances.get(model_label, []):
        if appearance.via_many is not None:
            change.add_objects(appearance.kind, appearance.via_many(objects))
        else:
            for obj in objects:
                change.add_objects(appearance.kind, appearance.via(obj))


class _Job:
    """The work one transaction calls for, done once when it commits."""

    def __init__(self):
        self.change = Change()
        self.done = False

    def __call__(self):
        """At the commit: the site version moves on (nothing cached before is served after), the touched pages'
        files go (nginx asks Django for them, fresh), and the worker is asked to render them again."""
        self.done = True
        bump_version()
        if not getattr(settings, "VITA_PUBLISH_ROOT", None):
            return
        from .publish import withdraw
        from .tasks import publish_change

        started = time.perf_counter()
        withdraw(self.change)
        publish_change.enqueue(self.change.as_dict())
        elapsed = (time.perf_counter() - started) * 1000
        logger.info("Withdrew %s and queued their publishing (%.0f ms)", self.change.describe(), elapsed)


def collect(add):
    """Call add(change) with the Change of the transaction under way; it is published when that commits. Outside a
    transaction (autocommit), it is published at once."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        job = _Job()
        add(job.change)
        job()
        return
    for _, hook, *_ in connection.run_on_commit:
        if isinstance(hook, _Job) and not hook.done:
            add(hook.change)
            return
    job = _Job()
    add(job.change)
    transaction.on_commit(job)


def before_save(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or not pages.watches(sender):
        return
    instance._publishing_old = sender._base_manager.filter(pk=instance.pk).first()


def after_save(sender, instance, created=False, raw=False, **kwargs):
    if not pages.watches(sender):
        return
    if raw:  # loaddata (a restore): everything is new

        def add(change):
            change.everything = True

    else:
        old = instance.__dict__.pop("_publishing_old", None)

        def add(change):
            record(change, sender, instance, old=old, created=created or old is None)

    collect(add)


def after_delete(sender, instance, **kwargs):
    if pages.watches(sender):
        collect(lambda change: record(change, sender, instance, deleted=True))


def after_bulk_change(sender, pks=None, **kwargs):
    """A queryset.update() that bypassed the save signals: its rows count as changed in every field, and the pages
    they had may be gone (hidden)."""

    def add(change):
        if pks is None:
            change.everything = True
            return
        objects = list(sender._base_manager.filter(pk__in=list(pks)))
        record_many(change, sender, objects)
        if label(sender) in pages.kinds:
            for obj in objects:
                change.gone |= _pages_of(obj, label(sender))

    collect(add)


def after_m2m_change(sender, instance, action, model, pk_set=None, **kwargs):
    """A many-to-many change (a project's publications, a post's tags) sends no save signal: both sides count as
    changed, before the change (what they showed) and after it (what they show)."""
    if action not in ("pre_add", "post_add", "pre_remove", "post_remove", "pre_clear", "post_clear"):
        return
    if pages.watches(type(instance)):
        collect(lambda change: record(change, type(instance), instance))
    if pk_set and pages.watches(model):
        objects = list(model._base_manager.filter(pk__in=list(pk_set)))
        collect(lambda change: [record(change, model, obj) for obj in objects])


def connect():
    """Listen to every model's saves and deletes; core.pages decides which count (apps register in ready(), so the
    list is complete only once every app is ready)."""
    pre_save.connect(before_save, dispatch_uid="vita-publishing-pre-save")
    post_save.connect(after_save, dispatch_uid="vita-publishing-save")
    post_delete.connect(after_delete, dispatch_uid="vita-publishing-delete")
    bulk_change.connect(after_bulk_change, dispatch_uid="vita-publishing-bulk")
    m2m_changed.connect(after_m2m_change, dispatch_uid="vita-publishing-m2m")
