"""Rotating the field encryption key: every encrypted value, history included, re-encrypted."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction

from rollcall.access import crypto
from rollcall.access.models import Revision


def encrypted_fields() -> list[tuple[type, list[str]]]:
    out = []
    for model in apps.get_models():
        names = [f.attname for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]
        if names:
            out.append((model, names))
    return out


def _rotate_json(value):
    if isinstance(value, dict):
        if set(value) == {"$enc"}:
            return {"$enc": crypto.rotate_value(value["$enc"])}
        return {k: _rotate_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rotate_json(v) for v in value]
    return value


@transaction.atomic
def rotate() -> dict[str, int]:
    """Add a new key and re-encrypt everything under it. Old keys stay until drop_retired_keys()."""
    crypto.add_key()
    crypto._fernet.cache_clear()
    with crypto.keys_held():  # the key file read once, not per value
        counts: dict[str, int] = {}
        for model, names in encrypted_fields():
            manager = getattr(model, "all_objects", model._default_manager)
            n = 0
            for obj in manager.all().iterator(chunk_size=1000):
                # Reading decrypted the values; saving through update() encrypts them with the new key.
                manager.filter(pk=obj.pk).update(**{name: getattr(obj, name) for name in names})
                n += 1
            counts[model._meta.label_lower] = n
        revisions = 0
        for revision in Revision.objects.all().iterator(chunk_size=2000):
            state, changes = _rotate_json(revision.state), _rotate_json(revision.changes)
            if state != revision.state or changes != revision.changes:
                Revision.objects.filter(pk=revision.pk).update(state=state, changes=changes)
                revisions += 1
        counts["access.revision"] = revisions
    return counts
