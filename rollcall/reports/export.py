"""Exports of the registry through the access layer: JSON, CSV (one file a table), XLSX, and
followthemoney JSON lines.

The public dataset is built with the anonymous viewer, so only what is explicitly public
leaves. Files are written beside the target and moved into place only when complete.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from rollcall.access import audit, policy
from rollcall.interventions.models import Intervention
from rollcall.registry.models import Act, Person, PersonName, Relationship
from rollcall.reports.writers import WRITERS
from rollcall.sources.models import Claim, EvidenceLink, Source

TABLES = {
    "persons": Person,
    "names": PersonName,
    "relationships": Relationship,
    "acts": Act,
    "sources": Source,
    "claims": Claim,
    "evidence": EvidenceLink,
    "interventions": Intervention,
}
FORMATS = tuple(WRITERS)


class ExportError(Exception):
    pass


def dataset(viewer: policy.Viewer) -> dict[str, list[dict[str, Any]]]:
    """Every table as lists of redacted rows, as the viewer may see them."""
    return {
        name: [_row(obj, viewer) for obj in policy.visible(model.objects.all(), viewer).order_by("pk")]
        for name, model in TABLES.items()
    }


def _row(obj, viewer: policy.Viewer) -> dict[str, Any]:
    row = policy.redact(obj, viewer)
    if isinstance(obj, Person):
        row["name"] = policy.display_name(obj, viewer)
    return row


def export(fmt: str, out: Path, viewer: policy.Viewer) -> dict[str, int]:
    """Write the export; returns row counts per table. ExportError for a bad format or path."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (allowed: {', '.join(FORMATS)})")
    out = Path(out)
    if out.exists() and not (out.is_dir() and fmt == "csv" and not any(out.iterdir())):
        raise ExportError(f"{out} already exists; choose a new name")
    parent = out.parent
    if not parent.is_dir():
        raise ExportError(f"cannot write {out}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise ExportError(f"cannot write {out}: folder {parent} is not writable")
    data = dataset(viewer)
    try:
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{out.name}."))
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror}") from None
    try:
        WRITERS[fmt](data, staging / "export")
        if out.is_dir():
            out.rmdir()
        os.replace(staging / "export", out)
    except OSError as exc:
        raise ExportError(f"export to {out} failed: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    counts = {table: len(rows) for table, rows in data.items()}
    audit.record("export", "", "", {"format": fmt, "public": viewer.is_public, "counts": counts},
                 actor=None)
    return counts
