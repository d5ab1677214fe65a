"""Backups: one tar file with the database snapshot, the stored files and a manifest of checksums.

On SQLite the snapshot uses SQLite's online backup, consistent while the server writes.
On PostgreSQL it is a JSON dump taken inside one repeatable-read transaction.
A backup is written beside its target and renamed into place only when complete, so a full
disk or a crash leaves the previous backup as it was.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core import management
from django.db import connection, transaction
from django.utils import timezone

FORMAT = "rollcall-backup/1"
DUMP_EXCLUDES = ["contenttypes", "auth.permission", "admin.logentry", "sessions"]


class BackupError(Exception):
    pass


def _is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def _snapshot_sqlite(dest: Path) -> None:
    """SQLite's online backup from the live connection: consistent while others write."""
    connection.ensure_connection()
    target = sqlite3.connect(dest)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _snapshot_json(dest: Path) -> None:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        with dest.open("w", encoding="utf-8") as out:
            management.call_command("dumpdata", exclude=DUMP_EXCLUDES, natural_foreign=False, format="exactjson",
                                    indent=None, stdout=out, verbosity=0)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def create(out: Path) -> dict:
    """Write a backup to `out`; returns its manifest. BackupError with a clear message on failure."""
    out = Path(out)
    if out.is_dir():
        raise BackupError(f"{out} is a folder; give the backup file's name")
    if not out.parent.is_dir():
        raise BackupError(f"cannot write {out}: folder {out.parent} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".partial")
    except OSError as exc:
        raise BackupError(f"cannot write {out}: {exc.strerror}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with tempfile.TemporaryDirectory(dir=out.parent, prefix=".rollcall-backup-") as work:
            db_name = "db.sqlite3" if _is_sqlite() else "data.json"
            db_path = Path(work) / db_name
            (_snapshot_sqlite if _is_sqlite() else _snapshot_json)(db_path)
            members = {db_name: sha256_file(db_path)}
            files = sorted(p for p in settings.FILES_DIR.rglob("*") if p.is_file()) if settings.FILES_DIR.exists() else []
            manifest = {"format": FORMAT, "created_at": timezone.now().isoformat(), "database": connection.vendor,
                        "members": members}
            with tarfile.open(tmp, "w") as tar:
                tar.add(db_path, arcname=db_name)
                for path in files:
                    arcname = "files/" + path.relative_to(settings.FILES_DIR).as_posix()
                    members[arcname] = path.name  # content-addressed: the name is the SHA-256
                    tar.add(path, arcname=arcname)
                data = json.dumps(manifest, indent=1, sort_keys=True).encode()
                info = tarfile.TarInfo("manifest.json")
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            with tmp.open("rb") as f:
                os.fsync(f.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"backup to {out} failed: {exc.strerror or exc}; any earlier backup there is unchanged") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return manifest
