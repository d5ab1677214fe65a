"""File formats of an export. Each writer takes the redacted dataset and a path to create."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from openpyxl import Workbook

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

Dataset = dict[str, list[dict[str, Any]]]


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet will not execute: text starting with = + - @ gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    columns = sorted({key for row in rows for key in row}) or ["id"]
    if "id" in columns:
        columns.remove("id")
        columns.insert(0, "id")
    return columns


def write_json(data: Dataset, target: Path) -> None:
    with target.open("w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1, default=str)


def write_csv(data: Dataset, target: Path) -> None:
    """A folder with one CSV file per table."""
    target.mkdir()
    for table, rows in data.items():
        columns = _columns(rows)
        with (target / f"{table}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=columns)
            writer.writeheader()
            for row in rows:
                writer.writerow({k: safe_cell(v) for k, v in row.items()})


def write_xlsx(data: Dataset, target: Path) -> None:
    """One workbook, one sheet per table. openpyxl stores text starting with '=' as a formula:
    safe_cell keeps every such cell text."""
    book = Workbook(write_only=True)
    for table, rows in data.items():
        sheet = book.create_sheet(table)
        columns = _columns(rows)
        sheet.append(columns)
        for row in rows:
            sheet.append([safe_cell(row.get(c)) for c in columns])
    book.save(target)


def write_ftm(data: Dataset, target: Path) -> None:
    """JSON lines of followthemoney entities, for investigative tools (Aleph, OpenSanctions)."""
    from rollcall.reports.ftm import entities

    with target.open("w", encoding="utf-8") as f:
        for entity in entities(data):
            f.write(json.dumps(entity, ensure_ascii=False, default=str))
            f.write("\n")


WRITERS = {"json": write_json, "csv": write_csv, "xlsx": write_xlsx, "ftm": write_ftm}
