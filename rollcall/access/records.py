"""The abstract base of every record that people see: sensitivity, soft deletion, batch, timestamps."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from rollcall.access import sensitivity as sens


class LiveManager(models.Manager):
    """Records that have not been soft-deleted."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Record(models.Model):
    """Base of every sensitive record. New records are restricted: public must be chosen.

    `FIELD_SENSITIVITY` on a subclass gives fields a level of their own (a relative's phone is
    confidential); `field_sensitivity` on a row raises a field further for that row. A field is
    never less sensitive than its record.
    """

    FIELD_SENSITIVITY: dict[str, int] = {}
    HIDDEN_FIELDS = ("field_sensitivity", "deleted_at")

    sensitivity = models.PositiveSmallIntegerField(choices=sens.CHOICES, default=sens.RESTRICTED)
    field_sensitivity = models.JSONField(default=dict, blank=True)
    batch = models.ForeignKey(
        "registry.Batch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = LiveManager()
    all_objects = models.Manager()

    class Meta:
        abstract = True
        base_manager_name = "all_objects"

    def save(self, *args, **kwargs):
        self.check_choices()
        super().save(*args, **kwargs)

    def check_choices(self) -> None:
        """ValueError for a value outside a field's vocabulary: Django's save() does not check."""
        for field in self._meta.concrete_fields:
            if not field.choices:
                continue
            value = getattr(self, field.attname)
            if value in (None, "") and field.blank:
                continue
            allowed = [str(choice) for choice, _ in field.flatchoices]
            if str(value) not in allowed:
                raise ValueError(
                    f"unknown {field.name} {value!r} for {self._meta.verbose_name} (allowed: {', '.join(allowed)})"
                )

    def field_level(self, name: str) -> int:
        own = self.FIELD_SENSITIVITY.get(name, sens.PUBLIC)
        override = self.field_sensitivity.get(name, sens.PUBLIC) if self.field_sensitivity else sens.PUBLIC
        return max(self.sensitivity, own, sens.level(override))

    def soft_delete(self) -> None:
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at", "updated_at"])

    def undelete(self) -> None:
        self.deleted_at = None
        self.save(update_fields=["deleted_at", "updated_at"])
