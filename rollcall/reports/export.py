"""Exports of the registry through the access layer: JSON (one document) or CSV (one file a table).

The public dataset is built with the anonymous viewer, so only what is explicitly public
leaves. Files are written beside the target and moved into place only when complete.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from rollcall.access import audit, policy
from rollcall.interventions.models import Intervention
from rollcall.registry.models import Act, Person, PersonName, Relationship
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
FORMATS = ("json", "csv")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet will not execute: text starting with = + - @ gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _write_json(data: dict, target: Path) -> None:
    with target.open("w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1, default=str)


def _write_csv(data: dict, folder: Path) -> None:
    folder.mkdir()
    for table, rows in data.items():
        columns = sorted({key for row in rows for key in row}) or ["id"]
        if "id" in columns:
            columns.remove("id")
            columns.insert(0, "id")
        with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=columns)
            writer.writeheader()
            for row in rows:
                writer.writerow({k: safe_cell(v) for k, v in row.items()})


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
        if fmt == "json":
            _write_json(data, staging / "export.json")
            os.replace(staging / "export.json", out)
        else:
            _write_csv(data, staging / "export")
            if out.exists():
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
