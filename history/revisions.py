"""Every edit kept, with who made it and when (django-reversion), and undone on request.

- Every admin save, delete and bulk action is a revision; so is every import (`recording`), with a comment that
  says what it was ("Imported refs.bib (37 publications)"). A content model is versioned with the rows its admin
  edits inline (a publication with its authorships and links): `history.admin.HistoryAdmin` registers it so.
- `restore(version)` puts one object back as a version has it, inline rows included, and touches nothing else
  (reversion's own revert puts back the whole revision: an import's holds every publication it made).
- `undo(revision)` takes a whole revision back: what it made is deleted, what it changed is put back as it was.
- Objects that were there before history started get a first version after `migrate` (`version_unversioned`), so
  that undo always knows what came before.
"""

import json
from contextlib import contextmanager

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Serializer as PythonSerializer
from django.db import models, router, transaction
from django.db.models import ProtectedError
from reversion.models import Version
from reversion.revisions import (
    _current_frame,
    _follow_relations,
    _get_content_type,
    _get_options,
    _update_frame,
)


class UndoError(Exception):
    """An undo that would have to delete what other content still needs; nothing was changed."""


@contextmanager
def recording(comment, user=None):
    """One revision for everything saved inside; its comment may be set again once the counts are known
    (`reversion.set_comment`). Inside a revision already under way (an admin request), it joins that one."""
    with reversion.create_revision():
        reversion.set_comment(comment)
        if user is not None and getattr(user, "is_authenticated", False):
            reversion.set_user(user)
        yield


def add_to_current(objects, comment=None, progress=None):
    """Version these objects, with their inline rows, in the revision under way, if any: for rows a bulk insert or a
    queryset.update() wrote (no save signal). They are read again, a few hundred a query, with their inline rows.

    reversion's add_to_revision copies the revision's whole list of versions for each object it adds, which made a
    2,600-entry import take minutes: here the list is copied once for the lot. `progress(done, total)`, if given,
    hears how many objects are versioned (a job's progress: jobs.runner)."""
    if not reversion.is_active():
        return
    frame = _current_frame()
    db_versions = {using: dict(versions) for using, versions in frame.db_versions.items()}
    pending, objects = [], list(objects)
    for done, obj in enumerate(_with_inline_rows(objects), start=1):
        if progress is not None:
            progress(done, len(objects))
        model_db = router.db_for_write(type(obj), instance=obj)
        for using, versions in db_versions.items():
            _add_version(obj, versions, using, model_db, explicit=True, pending=pending)
    _serialize(pending)
    _update_frame(db_versions=db_versions)
    if comment:
        reversion.set_comment(comment)


def _with_inline_rows(objects, batch=500):
    """The objects, read again with their inline rows and what those rows' names need (an authorship's person)."""
    objects = list(objects)
    by_model = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj.pk)
    for model, pks in by_model.items():
        prefetches = []
        for child_model, key in _inline_relations(model):
            name = next(f for f in _get_options(model).follow if model._meta.get_field(f).related_model is child_model)
            related = [f.name for f in child_model._meta.concrete_fields if f.many_to_one and f.attname != key]
            prefetches.append(models.Prefetch(name, child_model._base_manager.select_related(*related)))
        for start in range(0, len(pks), batch):
            yield from model._base_manager.filter(pk__in=pks[start : start + batch]).prefetch_related(*prefetches)


def _add_version(obj, versions, using, model_db, explicit, pending):
    """What reversion's add_to_revision does for one object and its inline rows, into a list already copied; the
    versions' data is written afterwards, for all of them at once (`_serialize`)."""
    options = _get_options(type(obj))
    key = (_get_content_type(type(obj), using), str(getattr(obj, options.object_id_field)))
    if obj.pk is None or (key in versions and not explicit):
        return
    version = Version(content_type=key[0], object_id=key[1], db=model_db, format=options.format, object_repr=str(obj))
    versions[key] = version
    pending.append((obj, version))
    for related in _follow_relations(obj):
        _add_version(related, versions, using, model_db, explicit=False, pending=pending)


def _serialize(pending):
    """Each version's data as reversion writes it (Django's JSON serializer, one object a version), made with one
    serializer a model rather than one an object: a bulk action on 100 publications versions some 800 rows."""
    by_model = {}
    for obj, version in pending:
        by_model.setdefault(type(obj), []).append((obj, version))
    for model, items in by_model.items():
        options = _get_options(model)
        if options.format != "json":
            for obj, version in items:
                version.serialized_data = serializers.serialize(
                    options.format,
                    (obj,),
                    fields=options.fields,
                    use_natural_foreign_keys=options.use_natural_foreign_keys,
                )
            continue
        data = PythonSerializer().serialize(
            [obj for obj, _ in items], fields=options.fields, use_natural_foreign_keys=options.use_natural_foreign_keys
        )
        for (_, version), one in zip(items, data, strict=True):
            version.serialized_data = "[" + json.dumps(one, cls=DjangoJSONEncoder, ensure_ascii=False) + "]"


def _inline_relations(model):
    """(child model, foreign key attname) of each relation a model is versioned with."""
    out = []
    for name in _get_options(model).follow:
        relation = model._meta.get_field(name)
        out.append((relation.related_model, relation.field.attname))
    return out


class _Family:
    """The versions of one revision, found by the object they are inline rows of: read once, so that undoing an
    import of thousands of entries reads each revision it needs once, not once an entry."""

    def __init__(self, revision_id):
        self.versions = list(Version.objects.filter(revision_id=revision_id).select_related("content_type"))
        keys = {}  # a child's content type -> [(foreign key attname, parent's content type)]
        for model in reversion.get_registered_models():
            parent = ContentType.objects.get_for_model(model).pk
            for child_model, key in _inline_relations(model):
                keys.setdefault(ContentType.objects.get_for_model(child_model).pk, []).append((key, parent))
        self.children_of = {}
        for version in self.versions:
            for key, parent in keys.get(version.content_type_id, ()):
                owner = (parent, str(version.field_dict.get(key)))
                self.children_of.setdefault(owner, []).append(version)

    def children(self, version):
        """The versions of the inline rows of this version's object."""
        return self.children_of.get((version.content_type_id, version.object_id), [])


def _family(version, families):
    if version.revision_id not in families:
        families[version.revision_id] = _Family(version.revision_id)
    return families[version.revision_id]


def restore(version, families=None):
    """Put this version's object back as it was then (recreated if deleted), with its inline rows: rows added
    since are deleted, rows removed since come back."""
    families = {} if families is None else families
    with transaction.atomic():
        children = _family(version, families).children(version)
        version.revert()
        pk = version._model._meta.pk.to_python(version.object_id)
        for child_model, key in _inline_relations(version._model):
            then = [v for v in children if v._model is child_model]
            keep = [child_model._meta.pk.to_python(v.object_id) for v in then]
            child_model._base_manager.filter(**{key: pk}).exclude(pk__in=keep).delete()
            for child in then:
                restore(child, families)


def snapshot_and_delete(objects, comment, user=None):
    """Delete these objects after keeping them, with their inline rows, in a revision of their own (a revision
    keeps only the objects that still exist when it is saved), so that they can be recovered, or the deletion
    undone. Inside a revision already under way there is no revision of their own: they are deleted as they are."""
    objects = list(objects)
    with transaction.atomic():
        if not reversion.is_active():
            with recording(comment, user):
                for obj in objects:
                    reversion.add_to_revision(obj)
        for obj in objects:
            obj.delete()


def _previous(version, before):
    return (
        Version.objects.get_for_object_reference(version._model, version.object_id)
        .filter(revision__date_created__lt=before.date_created)
        .exclude(revision=before)
        .select_related("revision")
        .first()
    )


def _latest(version):
    return Version.objects.get_for_object_reference(version._model, version.object_id).values_list("pk", flat=True)[:1]


def undo(revision, user=None):
    """Take a revision back as a whole. What it made is deleted; what it changed is put back as its version before;
    what it holds and is gone since (it deleted it) comes back; inline rows follow their object. All in one new
    revision, "Undid …", which can be undone in turn. Returns what was done, a line each; raises UndoError, changing
    nothing, when a deletion is refused (a person still an author elsewhere)."""
    done, made, families = [], [], {}
    family = families[revision.pk] = _Family(revision.pk)
    versions = family.versions
    present = {(v.content_type_id, v.object_id) for v in versions}
    inline = {  # rows whose object is in the revision too (a CV entry changed alone is an object of its own)
        (v.content_type_id, v.object_id)
        for owner, children in family.children_of.items()
        if owner in present
        for v in children
    }
    comment = f"Undid “{revision.comment or revision.pk}”"
    with transaction.atomic():
        with recording(comment, user):
            for version in versions:
                if (version.content_type_id, version.object_id) in inline:
                    continue  # put back or deleted with its object
                model = version._model
                current = model._base_manager.filter(pk=model._meta.pk.to_python(version.object_id)).first()
                previous = _previous(version, revision)
                if current is None:
                    if list(_latest(version)) == [version.pk]:
                        restore(version, families)
                        done.append(f"Brought back: {version.object_repr}.")
                    else:
                        done.append(f"{version.object_repr}: deleted since; left out (recover it from its list).")
                elif previous is None:
                    made.append(current)
                    reversion.add_to_revision(current)  # kept, so that undoing this undo brings it back
                else:
                    restore(previous, families)
                    done.append(f"Put back: {version.object_repr}.")
        # What depends on others goes first (a publication before the people it brought in).
        made.sort(key=lambda obj: not any(f.many_to_one for f in obj._meta.concrete_fields))
        for obj in made:
            try:
                with transaction.atomic():
                    obj.delete()
            except (ProtectedError, models.RestrictedError) as error:
                names = ", ".join(sorted({str(o) for o in error.args[1]})[:5])
                raise UndoError(f"“{obj}” cannot go: {names} still need it. Nothing was undone.") from error
            done.append(f"Deleted: {obj}.")
    return done


def version_unversioned(**kwargs):
    """A first version of every object that has none (after `migrate`: the rows from before history started)."""
    for model in reversion.get_registered_models():
        versioned = Version.objects.get_for_model(model).values_list("object_id", flat=True)
        missing = model._base_manager.exclude(pk__in=[model._meta.pk.to_python(pk) for pk in versioned])
        if not missing.exists():
            continue
        with recording("First version (history started)"):
            for obj in missing.iterator():
                reversion.add_to_revision(obj)
