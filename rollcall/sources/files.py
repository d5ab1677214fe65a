"""Content-addressed file storage: a file's path is its SHA-256; nothing is ever overwritten."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def path_for(digest: str, root: Path | None = None) -> Path:
    root = root or settings.FILES_DIR
    return root / digest[:2] / digest[2:4] / digest


def store(data: bytes, root: Path | None = None) -> str:
    """Store the bytes under their SHA-256 and return it. An existing file is left untouched.

    `root` is the files folder (default: settings.FILES_DIR; ingest workers are given it).
    """
    digest = sha256_bytes(data)
    target = path_for(digest, root)
    if target.exists():
        return digest
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o440)
        # link() fails if the target appeared meanwhile: the other writer stored the same bytes.
        with contextlib.suppress(FileExistsError):
            os.link(tmp, target)
    finally:
        os.unlink(tmp)
    return digest


def read(digest: str) -> bytes:
    data = path_for(digest).read_bytes()
    if sha256_bytes(data) != digest:
        raise OSError(f"stored file {digest} does not match its hash")
    return data
