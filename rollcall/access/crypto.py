"""Confidential fields encrypted at rest (Fernet, AES-128-CBC with HMAC-SHA256).

Keys come from ROLLCALL_FIELD_KEYS (comma-separated, newest first), or the file named by
ROLLCALL_FIELD_KEYS_FILE, or else <data folder>/field_keys (created on first use, mode 600,
one key a line, newest first). The first key encrypts; every key decrypts, so a rotation keeps
old data and old backups readable until the retired keys are dropped. Backups do not contain
the keys: keep the key file apart from the backups.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

PREFIX = "enc1:"


class KeyError_(Exception):
    pass


def key_file() -> Path:
    configured = os.environ.get("ROLLCALL_FIELD_KEYS_FILE")
    return Path(configured) if configured else settings.DATA_DIR / "field_keys"


def _read_keys() -> list[str]:
    configured = os.environ.get("ROLLCALL_FIELD_KEYS")
    if configured:
        return [k.strip() for k in configured.split(",") if k.strip()]
    path = key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(Fernet.generate_key().decode() + "\n")
    return [line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except ValueError:
        raise KeyError_("a field encryption key is not a valid Fernet key (32 url-safe base64 bytes)") from None


_held: ContextVar[MultiFernet | None] = ContextVar("held_keys", default=None)


@contextmanager
def keys_held() -> Iterator[None]:
    """The keys read once for a bulk write: otherwise the key file is read for every value
    encrypted (a list import encrypts hundreds of thousands), so that a rotation is seen at once."""
    token = _held.set(fernet())
    try:
        yield
    finally:
        _held.reset(token)


def fernet() -> MultiFernet:
    held = _held.get()
    if held is not None:
        return held
    keys = tuple(_read_keys())
    if not keys:
        raise KeyError_("no field encryption key configured")
    return _fernet(keys)


def encrypt(text: str) -> str:
    return PREFIX + fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(value: str) -> str:
    if not value.startswith(PREFIX):
        return value  # written before encryption was turned on
    try:
        return fernet().decrypt(value[len(PREFIX):].encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise KeyError_("a confidential field cannot be decrypted with the configured keys") from None


def rotate_value(value: str) -> str:
    """The same plaintext, encrypted again under the newest key."""
    if not value:
        return value
    if not value.startswith(PREFIX):
        return encrypt(value)
    return PREFIX + fernet().rotate(value[len(PREFIX):].encode("ascii")).decode("ascii")


def add_key() -> Path:
    """Put a new key first in the key file; the older ones stay, for decryption."""
    if os.environ.get("ROLLCALL_FIELD_KEYS"):
        raise KeyError_("keys come from ROLLCALL_FIELD_KEYS: add the new key there, first")
    old = _read_keys()
    path = key_file()
    tmp = path.with_name(path.name + ".new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("\n".join([Fernet.generate_key().decode(), *old]) + "\n")
    os.replace(tmp, path)
    return path


def drop_retired_keys() -> int:
    keys = _read_keys()
    if os.environ.get("ROLLCALL_FIELD_KEYS"):
        raise KeyError_("keys come from ROLLCALL_FIELD_KEYS: remove retired keys there")
    key_file().write_text(keys[0] + "\n")
    return len(keys) - 1


class EncryptedTextField(models.TextField):
    """Text stored encrypted; read back as plain text. It cannot be searched or filtered on."""

    encrypted = True

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value
