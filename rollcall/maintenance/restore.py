"""Restore a backup: verify every member against the manifest first, then replace the data."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core import management
from django.db import connection, transaction

from rollcall.maintenance.backup import FORMAT, BackupError, sha256_file


def _unpack_and_verify(archive: Path, into: Path) -> dict:
    try:
        with tarfile.open(archive, "r") as tar:
            tar.extractall(into, filter="data")
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(f"{archive} is not a complete backup ({exc})") from None
    manifest_path = into / "manifest.json"
    if not manifest_path.exists():
        raise BackupError(f"{archive} has no manifest.json: not a Rollcall backup, or truncated")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive}: unknown backup format {manifest.get('format')!r}")
    for name, expected in manifest["members"].items():
        path = into / name
        if not path.is_file():
            raise BackupError(f"{archive} is truncated: {name} is missing")
        if sha256_file(path) != expected:
            raise BackupError(f"{archive} is damaged: {name} does not match its checksum")
    return manifest


def restore(archive: Path) -> dict:
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"no backup file at {archive}")
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=settings.DATA_DIR, prefix=".restore-") as work:
        work_dir = Path(work)
        manifest = _unpack_and_verify(archive, work_dir)
        if manifest["database"] != connection.vendor:
            raise BackupError(f"{archive} holds a {manifest['database']} database; this data folder uses {connection.vendor}")
        if connection.vendor == "sqlite":
            _replace_sqlite(work_dir / "db.sqlite3")
        else:
            _replace_by_load(work_dir / "data.json")
        _replace_files(work_dir / "files")
    return manifest


def _replace_sqlite(snapshot: Path) -> None:
    """Copy the verified snapshot into the live database with SQLite's backup API: one step,
    seen whole or not at all by other connections."""
    connection.ensure_connection()
    source = sqlite3.connect(snapshot)
    try:
        check = source.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"the database in the backup is damaged ({check})")
        source.backup(connection.connection)
    finally:
        source.close()


def _replace_by_load(dump: Path) -> None:
    with transaction.atomic():
        management.call_command("flush", interactive=False, verbosity=0)
        management.call_command("loaddata", str(dump), verbosity=0)


def _replace_files(unpacked: Path) -> None:
    target = settings.FILES_DIR
    target.mkdir(parents=True, exist_ok=True)
    if not unpacked.exists():
        return
    for path in unpacked.rglob("*"):
        if path.is_file():
            dest = target / path.relative_to(unpacked)
            if not dest.exists():
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, dest)
