"""The name index: blocking keys of every person name, for candidate lookup with key IN (...)."""

from __future__ import annotations

from django.db import models


class NameKey(models.Model):
    # No index of its own on name: the unique (name, key) index serves every lookup by name, and
    # a third index cost every name written (a list import writes millions of keys).
    name = models.ForeignKey("registry.PersonName", on_delete=models.CASCADE, related_name="keys", db_index=False)
    key = models.CharField(max_length=80)

    class Meta:
        indexes = [models.Index(fields=["key", "name"])]
        constraints = [models.UniqueConstraint(fields=["name", "key"], name="one_key_per_name")]
