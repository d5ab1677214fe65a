"""Settings read from the environment: one table of name, default and help.

Pure Python so the CLI can describe its settings before Django is configured.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS = (
    Setting("ROLLCALL_DATA", "./var", "data folder: the SQLite database, stored files, backups"),
    Setting("DATABASE_URL", "", "PostgreSQL URL (postgres://user:pass@host/db); empty: SQLite in the data folder"),
    Setting("ROLLCALL_SECRET_KEY", "", "Django secret key; empty: one is generated and kept in the data folder"),
    Setting("ROLLCALL_DEBUG", "0", "1 turns on Django's debug pages (never in production)"),
    Setting("ROLLCALL_ALLOWED_HOSTS", "127.0.0.1,localhost", "comma-separated host names the server answers to"),
    Setting("ROLLCALL_MAX_UPLOAD_MB", "50", "largest accepted upload or ingested file, in megabytes"),
    Setting("ROLLCALL_HTTPS", "0", "1 when served over TLS: secure cookies, HSTS, redirect to https"),
    Setting("ROLLCALL_TWO_FACTOR", "1", "1: staff sign in with a password and an authenticator code (TOTP)"),
    Setting("ROLLCALL_BEHIND_PROXY", "0", "1 when a TLS proxy sets X-Forwarded-Proto"),
)


def env(name: str) -> str:
    """The value of a setting: NAME, else the contents of the file named by NAME_FILE, else the default."""
    setting = next(s for s in SETTINGS if s.name == name)
    if name in os.environ:
        return os.environ[name]
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return setting.default


def env_bool(name: str) -> bool:
    value = env(name).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("", "0", "false", "no", "off"):
        return False
    raise ValueError(f"{name}={value!r} is not a boolean (use 1 or 0)")


def data_dir() -> Path:
    return Path(env("ROLLCALL_DATA")).resolve()
