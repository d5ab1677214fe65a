"""Every change to a record keeps the previous version, with author and time, and an audit entry.

Connected to Django's model signals, so admin, API, CLI and services all leave history alike.
Fixture loading (raw saves) is left alone: restore brings history back as it was.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models
from django.db.models import Max, Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from rollcall.access import actor as actors
from rollcall.access import audit
from rollcall.access.models import Revision
from rollcall.access.records import Record

IGNORED = {"updated_at"}


def jsonable(value: Any) -> Any:
    """A field's value as history stores it in JSON: dates and times as ISO text, decimals and
    UUIDs as text, bytes as hex."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def state_of(instance: models.Model) -> dict[str, Any]:
    """The record's own fields (foreign keys as ids), as JSON-ready values."""
    return {
        field.attname: jsonable(field.value_from_object(instance))
        for field in instance._meta.concrete_fields
        if field.attname not in IGNORED
    }


def _encrypted(instance: models.Model) -> set[str]:
    return {f.attname for f in instance._meta.concrete_fields if getattr(f, "encrypted", False)}


def seal(instance: models.Model, values: dict[str, Any], pairs: bool = False) -> dict[str, Any]:
    """The values of encrypted fields replaced by {"$enc": ciphertext}: history holds no plaintext."""
    from rollcall.access import crypto

    hidden = _encrypted(instance)

    def one(value):
        return {"$enc": crypto.encrypt(value)} if value else value

    return {k: ([one(x) for x in v] if pairs else one(v)) if k in hidden else v for k, v in values.items()}


def reveal(value: Any) -> Any:
    """A value as stored in history, decrypted if it was sealed."""
    from rollcall.access import crypto

    if isinstance(value, dict) and "$enc" in value:
        return crypto.decrypt(value["$enc"])
    return value


def label(instance: models.Model) -> str:
    return instance._meta.label_lower


def _before_save(sender, instance: Record, raw: bool = False, **kwargs) -> None:
    if raw or instance.pk is None:
        instance._history_before = None
        return
    old = type(instance).all_objects.filter(pk=instance.pk).first()
    instance._history_before = state_of(old) if old is not None else None


def _action(before: dict | None, after: dict) -> str:
    if before is None:
        return "create"
    if before.get("deleted_at") is None and after.get("deleted_at") is not None:
        return "delete"
    if before.get("deleted_at") is not None and after.get("deleted_at") is None:
        return "restore"
    return "update"


def _after_save(sender, instance: Record, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    before = getattr(instance, "_history_before", None)
    after = state_of(instance)
    changes = {
        k: [before.get(k) if before else None, v]
        for k, v in after.items()
        if before is None or before.get(k) != v
    }
    if before is not None and not changes:
        return
    action = getattr(instance, "_history_action", None) or _action(before, after)
    write_revision(instance, action, changes, after)


def write_revision(instance: models.Model, action: str, changes: dict, state: dict) -> Revision:
    """Write the record's next version and its audit entry; inside batched(), keep them to be
    numbered and written at the end of the block (the revision returned is then unsaved)."""
    who = actors.current()
    target = label(instance)
    revision = _unsaved(instance, action, changes, state, version=0)
    pending = _pending.get()
    if pending is not None:
        pending.append((revision, sorted(changes), who))
        return revision
    last = Revision.objects.filter(target=target, object_id=revision.object_id).aggregate(v=Max("version"))["v"]
    revision.version = (last or 0) + 1
    revision.save()
    audit.record(action, target, instance.pk, {"fields": sorted(changes), "version": revision.version})
    return revision


# The revisions kept by the innermost batched() block, with their changed fields and author.
_pending: ContextVar[list | None] = ContextVar("pending_revisions", default=None)


@contextmanager
def batched() -> Iterator[None]:
    """Within the block, the revisions and audit entries of every save are kept, then written
    together when it ends without an error: the same versions, entries and chain as one by one,
    in a handful of queries instead of seven per record (use it inside the transaction that
    makes the changes: a request saving a dozen records). A nested block adds to the outer one."""
    if _pending.get() is not None:
        yield
        return
    pending: list = []
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    _write_pending(pending)


def _write_pending(pending: list) -> None:
    if not pending:
        return
    keys = {(r.target, r.object_id) for r, _, _ in pending}
    last: dict[tuple[str, str], int] = {}
    keys_list = sorted(keys)
    for start in range(0, len(keys_list), 200):
        chunk = Q()
        for target, object_id in keys_list[start:start + 200]:
            chunk |= Q(target=target, object_id=object_id)
        last.update(((t, o), v) for t, o, v in Revision.objects.filter(chunk).order_by()
                    .values_list("target", "object_id").annotate(v=Max("version")))
    for revision, _, _ in pending:
        key = (revision.target, revision.object_id)
        last[key] = revision.version = last.get(key, 0) + 1
    Revision.objects.bulk_create([r for r, _, _ in pending], batch_size=500)
    run: list = []
    for i, (revision, fields, who) in enumerate(pending):
        run.append((revision.action, revision.target, revision.object_id, {"fields": fields, "version": revision.version}))
        if i + 1 == len(pending) or pending[i + 1][2] != who:
            audit.record_many(run, actor=who)
            run = []


def first_version(instance: models.Model) -> tuple[Revision, tuple[str, str, Any, dict]]:
    """The revision and audit entry that saving a new record writes, unsaved: for records
    inserted with bulk_create (which sends no signals), to be written in bulk
    (Revision.objects.bulk_create, audit.record_many)."""
    state = state_of(instance)
    revision = _unsaved(instance, "create", {}, state, version=1)  # a create changed every field
    return revision, ("create", revision.target, instance.pk, {"fields": sorted(state), "version": 1})


def _unsaved(instance: models.Model, action: str, changes: dict, state: dict, version: int) -> Revision:
    """A revision of the record by the current actor, now, its encrypted fields sealed. A create's
    changes are not stored: they are its state (``Revision.changed``)."""
    return Revision(target=label(instance), object_id=str(instance.pk), version=version, at=timezone.now(),
                    author=actors.current().name, action=action,
                    changes={} if action == "create" else seal(instance, changes, pairs=True),
                    state=seal(instance, state))


def _after_delete(sender, instance: Record, **kwargs) -> None:
    write_revision(instance, "purge", {}, state_of(instance))


def tracked_models() -> list[type[Record]]:
    from django.apps import apps

    return [m for m in apps.get_models() if issubclass(m, Record)]


def connect() -> None:
    for model in tracked_models():
        uid = f"rollcall-history-{model._meta.label_lower}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid + "-pre")
        post_save.connect(_after_save, sender=model, dispatch_uid=uid + "-post")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid + "-delete")


def versions(instance: models.Model) -> models.QuerySet[Revision]:
    return Revision.objects.filter(target=label(instance), object_id=str(instance.pk)).order_by("version")
