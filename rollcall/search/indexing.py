"""Keeping the name index in step with the registry."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from rollcall.names import name_keys
from rollcall.registry.models import PersonName
from rollcall.search.models import NameKey


def index_name(name: PersonName) -> int:
    """Replace the keys of one name; returns how many it has."""
    keys = sorted(set(name_keys(name.text)))
    with transaction.atomic():
        NameKey.objects.filter(name=name).delete()
        NameKey.objects.bulk_create([NameKey(name=name, key=k[:80]) for k in keys])
    return len(keys)


def index_names(names: Iterable[PersonName], batch_size: int = 5000) -> int:
    """Keys for many names at once (their old keys are removed first)."""
    total, pending, ids = 0, [], []
    for name in names:
        ids.append(name.pk)
        pending.extend(NameKey(name_id=name.pk, key=k[:80]) for k in sorted(set(name_keys(name.text))))
        if len(pending) >= batch_size:
            total += _flush(ids, pending)
            ids, pending = [], []
    return total + _flush(ids, pending)


def _flush(ids: list[int], pending: list[NameKey]) -> int:
    with transaction.atomic():
        NameKey.objects.filter(name_id__in=ids).delete()
        NameKey.objects.bulk_create(pending, batch_size=2000)
    return len(pending)


def reindex_all() -> int:
    with transaction.atomic():
        NameKey.objects.all().delete()
        return index_names(PersonName.all_objects.order_by("pk").iterator(chunk_size=5000))
