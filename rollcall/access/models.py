"""Who signs in, what they did (audit chain), and every previous version of every record."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from rollcall.access.crypto import EncryptedTextField
from rollcall.registry.fields import VocabularyField


class User(AbstractUser):
    """A person who signs in. Superusers are administrators whatever their role says."""

    role = VocabularyField(vocabulary="roles", default="volunteer")

    def save(self, *args, **kwargs):
        if self.is_superuser:
            self.role = "administrator"
        # Every signed-in role is staff for the admin; what each may see is the access layer's call.
        self.is_staff = self.role != "public"
        super().save(*args, **kwargs)


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str = "") -> tuple[ApiToken, str]:
        key = "rc_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, digest=cls.hash(key)), key


class AuditEntry(models.Model):
    """One line of the audit trail, chained to the previous one by SHA-256. Never expires."""

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.CharField(max_length=150)
    role = models.CharField(max_length=20)
    action = models.CharField(max_length=20)  # create, update, delete, view, merge, export, ...
    target = models.CharField(max_length=80, blank=True)  # model label, e.g. registry.person
    object_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"#{self.seq} {self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target}:{self.object_id}"


class AuditHead(models.Model):
    """The last entry's sequence number and hash: removing the newest entries shows too."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)


class Revision(models.Model):
    """A version of a record: its full state after a change, and what changed from before.

    A create stores its state only: what it changed (every field, from nothing) is implied, and
    ``changed()`` gives it. Versions written before this rule keep their stored changes.
    """

    target = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    version = models.PositiveIntegerField()
    at = models.DateTimeField()
    author = models.CharField(max_length=150)
    action = models.CharField(max_length=20)  # create, update, delete, restore, merge, unmerge
    changes = models.JSONField(default=dict, blank=True)  # field -> [old, new]
    state = models.JSONField(default=dict)

    class Meta:
        ordering = ["target", "object_id", "version"]
        constraints = [
            # also the index for a record's versions (target, object_id): no second index
            models.UniqueConstraint(fields=["target", "object_id", "version"], name="one_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.target}:{self.object_id} v{self.version} {self.action} by {self.author}"

    def changed(self) -> dict:
        """field -> [old, new]: what this version changed."""
        if self.action == "create" and not self.changes:
            return {k: [None, v] for k, v in self.state.items()}
        return self.changes


class LoginFailure(models.Model):
    """A failed sign-in, counted by access.throttle per user name and per address."""

    key = models.CharField(max_length=200, db_index=True)  # "user:<name>" or "ip:<address>"
    at = models.DateTimeField(default=timezone.now, db_index=True)


class TOTPDevice(models.Model):
    """A user's authenticator (RFC 6238 time-based codes); staff cannot sign in without one."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp")
    secret = EncryptedTextField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=0, help_text="the last time step used: a code works once")
