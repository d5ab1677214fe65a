"""Reading a list of persons from CSV or XLSX, row by row, with its headers recognised.

Pure Python (no Django). Rows are streamed: a million-row file is never held in memory.
Cells are kept as text exactly as read: a cell such as ``=HYPERLINK(...)`` is stored as those
characters and never evaluated (an XLSX formula is read as its formula text, not its value).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data"
SAMPLE = 64 * 1024
MAX_CELL = 2000
NAME_FIELDS = ("name", "given_name", "surname", "patronymic")


class TableError(Exception):
    """The file as a whole cannot be read: one line, naming the file."""


@dataclass
class Columns:
    """Which column fills which field; the rest are kept under their own header."""

    headers: list[str]
    fields: dict[str, list[int]] = field(default_factory=dict)
    unknown: list[int] = field(default_factory=list)

    def describe(self) -> dict[str, list[str]]:
        return {f: [self.headers[i] for i in idx] for f, idx in self.fields.items()}


def fold_header(text: str) -> str:
    text = re.sub(r"[\W_]+", " ", str(text or "").casefold())
    return " ".join(text.split())


@cache
def header_rules() -> tuple[dict[str, str], frozenset[str]]:
    raw = yaml.safe_load((DATA / "headers.yaml").read_text(encoding="utf-8"))
    lookup: dict[str, str] = {}
    multi = set()
    for name, spec in raw.items():
        names = spec["names"] if isinstance(spec, dict) else spec
        if isinstance(spec, dict) and spec.get("multi"):
            multi.add(name)
        for synonym in names:
            lookup[fold_header(synonym)] = name
    return lookup, frozenset(multi)


def recognise(headers: list[str]) -> Columns:
    lookup, multi = header_rules()
    columns = Columns([str(h or "").strip() for h in headers])
    for i, header in enumerate(columns.headers):
        target = lookup.get(fold_header(header))
        if target and (target in multi or target not in columns.fields):
            columns.fields.setdefault(target, []).append(i)
        else:
            columns.unknown.append(i)
    has_name = "name" in columns.fields or ("given_name" in columns.fields or "surname" in columns.fields)
    if not has_name:
        raise TableError("no name column (looked for a header such as name, full name, ФИО, аты-жөні, 姓名, "
                         "or given name and surname)")
    return columns


def detect_encoding(sample: bytes) -> str:
    """utf-8 (with or without BOM), utf-16 with a BOM, or Windows-1251 when the bytes read as Cyrillic."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if b"\x00" not in sample:
        text = sample.decode("cp1251", errors="replace")
        letters = [c for c in text if c.isalpha()]
        cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
        if letters and cyrillic / len(letters) > 0.3 and "\ufffd" not in text:
            return "cp1251"
    raise TableError(f"not UTF-8 text (byte {utf8_error.start}), nor Windows-1251 Cyrillic: "
                     "save the file as UTF-8 CSV")


def _csv_rows(path: Path) -> tuple[Iterator[list[str]], str]:
    with path.open("rb") as fh:
        sample = fh.read(SAMPLE)
    if b"\x00" in sample and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise TableError("binary data, not a CSV or XLSX list")
    encoding = detect_encoding(sample)
    text_sample = sample.decode(encoding, errors="ignore")
    header_line = text_sample.split("\n", 1)[0]
    # The delimiter is the one the header uses most; quoting is always the standard one.
    delimiter = max(",;\t", key=header_line.count)

    def rows() -> Iterator[list[str]]:
        with path.open("rb") as raw:
            stream = io.TextIOWrapper(raw, encoding=encoding, newline="")
            try:
                yield from csv.reader(stream, delimiter=delimiter)
            except UnicodeDecodeError as exc:
                raise TableError(f"not {encoding} text further on (byte {exc.start} of a block): "
                                 "save the file as UTF-8 CSV") from None
            except csv.Error as exc:
                raise TableError(f"broken CSV: {exc}") from None

    return rows(), encoding


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TableError(f"not a readable XLSX workbook ({exc.__class__.__name__})") from None
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_cell(v) for v in row]
    finally:
        book.close()


@dataclass
class Table:
    columns: Columns
    rows: Iterator[tuple[int, list[str]]]  # (row number, cells); the header is row 1
    encoding: str


def open_table(path: Path) -> Table:
    path = Path(path)
    if not path.is_file():
        raise TableError("no such file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raw, encoding = _xlsx_rows(path), "xlsx"
    elif suffix in (".csv", ".tsv", ".txt"):
        raw, encoding = _csv_rows(path)
    else:
        raise TableError("expected a .csv or .xlsx file")
    header = None
    number = 0
    for cells in raw:
        number += 1
        if any(c.strip() for c in cells):
            header = cells
            break
    if header is None:
        raise TableError("empty file: no header row")
    columns = recognise(header)

    def numbered() -> Iterator[tuple[int, list[str]]]:
        n = number
        for cells in raw:
            n += 1
            if any(c.strip() for c in cells):
                yield n, cells

    return Table(columns, numbered(), encoding)


# -- values -----------------------------------------------------------------------------------

@cache
def value_rules() -> dict[str, dict[str, str]]:
    from rollcall import vocabularies

    raw = yaml.safe_load((DATA / "values.yaml").read_text(encoding="utf-8"))
    out: dict[str, dict[str, str]] = {}
    for field_name, groups in raw.items():
        table: dict[str, str] = {}
        if field_name != "sex":
            for term in vocabularies.get(f"{field_name.replace('ethnicity', 'ethnicitie')}s"):
                table[term.code] = term.code
                for label in term.labels.values():
                    table[fold_header(label)] = term.code
        for code, synonyms in groups.items():
            for synonym in synonyms:
                table[fold_header(str(synonym))] = code
        out[field_name] = table
    return out


def coded(field_name: str, text: str) -> str | None:
    """A vocabulary code for a cell, or None when it is not recognised."""
    return value_rules()[field_name].get(fold_header(text))


_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_HAN = re.compile(r"^(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?$")


def edtf_date(text: str) -> str | None:
    """An EDTF date (day, month or year precision) for the usual ways of writing one, or None."""
    text = text.strip()
    text = text.split("T")[0] if re.match(r"^\d{4}-\d{2}-\d{2}T", text) else text
    for pattern, order in ((_ISO, "ymd"), (_COMPACT, "ymd"), (_HAN, "ymd"), (_DMY, "dmy")):
        m = pattern.match(text)
        if not m:
            continue
        parts = dict(zip(order, m.groups(), strict=True))
        y, mo, d = parts["y"], parts.get("m"), parts.get("d")
        try:
            if d:
                return dt.date(int(y), int(mo), int(d)).isoformat()
            if mo:
                dt.date(int(y), int(mo), 1)
                return f"{int(y):04d}-{int(mo):02d}"
            return f"{int(y):04d}"
        except ValueError:
            return None
    return None
