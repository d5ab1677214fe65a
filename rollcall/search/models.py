"""The name index: blocking keys of every person name, for candidate lookup with key IN (...)."""

from __future__ import annotations

from django.db import models


class NameKey(models.Model):
    name = models.ForeignKey("registry.PersonName", on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=80)

    class Meta:
        indexes = [models.Index(fields=["key", "name"])]
        constraints = [models.UniqueConstraint(fields=["name", "key"], name="one_key_per_name")]
