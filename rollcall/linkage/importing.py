"""`rollcall import`: a list of persons, staged as one batch and matched against the registry.

All or nothing: every row is read, decided and written inside one transaction; the first bad
row raises ImportFailure naming the row and the column, and nothing is stored. Each row is
decided new, matched (with its score) or ambiguous (kept for review, no person created)
against the registry as it was before the import. The same file (by SHA-256) imported again
adds nothing; a row whose external id was imported before under the same label is matched to
that person.

Records are created in bulk (``storing.Store``; no model signals), so their first history
version and name keys are written there directly; the batch gets one audit entry. Rows are
decided and stored a part at a time while the linker scores the next part.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import logging
import queue
import re
import threading
import time
from collections.abc import Callable, Iterator
from concurrent import futures
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TypeVar

import pyarrow as pa
from django.db import transaction

from rollcall import dates
from rollcall.access import actor as actors
from rollcall.access import audit
from rollcall.linkage import bulk
from rollcall.linkage.candidates import Registry, category, known_sex, load_registry
from rollcall.linkage.features import MAX_NAMES, clean_document, fold_address
from rollcall.linkage.linking import Linker
from rollcall.linkage.models import ImportRow
from rollcall.linkage.preparing import Prepared, Preparer
from rollcall.linkage.storing import Store
from rollcall.linkage.tabular import (
    MAX_CELL,
    NAME_FIELDS,
    Table,
    TableError,
    coded,
    edtf_date,
    open_table,
)
from rollcall.registry.models import Batch, Person, Place

MATCH = 0.7  # best candidate at least this probable: matched
REVIEW = 0.4  # at least this probable: ambiguous, for a person to decide
CLEAR_MARGIN = 4.0  # log2 weight by which the best must beat the runner-up to be matched
CHUNK = 2000
PART = 100_000  # rows decided and stored at once (the next part is scored meanwhile)
FIRST_PART = 50_000  # the part waited for: storing starts sooner
MAX_WARNINGS = 100
OTHER_NAMES_SPLIT = re.compile(r"\s*[;|\n]\s*")
T = TypeVar("T")

log = logging.getLogger(__name__)


@contextmanager
def _phase(name: str) -> Iterator[None]:
    """Logs (debug) the wall and CPU seconds of one step of a large import."""
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    log.debug("%s: %.1f s (cpu %.1f s)", name, time.perf_counter() - wall, time.process_time() - cpu)


@contextmanager
def _no_collections() -> Iterator[None]:
    """Python's cyclic garbage collector off while a list is imported.

    An import makes millions of objects that live until it ends (a row, its cells, its names)
    and almost no cycles; each collection scanned them again, about a tenth of a million-row
    import's time. Reference counting still frees everything else as it goes.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class ImportFailure(Exception):
    """Bad input: one line, e.g. `list.csv: row 12, column 'sex': unknown value 'x'`."""


@dataclass(slots=True)
class Row:
    row: int
    names: list[str]
    data: dict[str, str]
    extra: dict[str, str]
    external_id: str = ""
    document: str = ""
    sex: str = "unknown"
    birth_date: str = ""
    birth_text: str = ""
    ethnicity: str = ""
    citizenship: str = ""
    birthplace: int | None = None
    address: str = ""
    birth_earliest: dt.date | None = None
    birth_latest: dt.date | None = None
    decision: str = ""
    score: float | None = None
    person_id: int | None = None
    best: int | None = None  # the strongest candidate of an ambiguous row
    candidates: str = "[]"  # JSON text: [[person id, probability], ...] best first


@dataclass
class Result:
    batch: int | None
    rows: int = 0
    created: int = 0
    matched: int = 0
    ambiguous: int = 0
    already_imported: bool = False
    warnings: list[str] = field(default_factory=list)
    decisions: list[tuple] = field(default_factory=list)  # (row, external_id, person_id, score, decision)

    def as_json(self) -> dict:
        return {
            "batch": self.batch, "rows": self.rows, "created": self.created, "matched": self.matched,
            "ambiguous": self.ambiguous, "errors": 0, "already_imported": self.already_imported,
            "warnings": self.warnings,
            "decisions": [{"row": r, "external_id": e, "person_id": p, "score": s, "decision": d}
                          for r, e, p, s, d in self.decisions],
        }


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Reader:
    """Cells of one row to a Row; RowError-like failures name the row and the column.

    Column positions are looked up once; values that repeat down a list (dates, codes) are
    parsed once each.
    """

    def __init__(self, table: Table, path: Path, places: dict[str, int]):
        self.columns = table.columns
        self.path = path
        self.places = places
        self.seen_ids: dict[str, int] = {}
        self.warnings: list[str] = []
        fields = self.columns.fields
        self.width = len(self.columns.headers)
        self.fields = [(name, tuple(idx), " " if name == "address" else "; ") for name, idx in fields.items()]
        self.first = {name: (idx[0] if idx else None) for name, idx in fields.items()}
        self.unknown = [(i, self.columns.headers[i] or f"column {i + 1}") for i in self.columns.unknown]
        self.other_names = tuple(fields.get("other_names", ()))
        self.codes: dict[tuple[str, str], str | None] = {}
        self.dates: dict[str, tuple[str, dt.date | None, dt.date | None]] = {}

    def fail(self, row: int, index: int | None, message: str) -> ImportFailure:
        column = f", column {self.columns.headers[index]!r}" if index is not None else ""
        return ImportFailure(f"{self.path.name}: row {row}{column}: {message}")

    def warn(self, message: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(message)

    def one(self, cells: list[str], name: str) -> tuple[str, int | None]:
        i = self.first.get(name)
        if i is None:
            return "", None
        return (cells[i] if i < len(cells) else ""), i

    def coded(self, name: str, value: str) -> str | None:
        key = (name, value)
        if key not in self.codes:
            self.codes[key] = coded(name, value)
        return self.codes[key]

    def birth(self, text: str) -> tuple[str, dt.date | None, dt.date | None]:
        found = self.dates.get(text)
        if found is None:
            edtf = edtf_date(text) or ""
            found = self.dates[text] = (edtf, *(_bounds(edtf) if edtf else (None, None)))
        return found

    def read(self, number: int, raw: list[str]) -> Row:
        if raw and max(map(len, raw)) > MAX_CELL:
            i = next(i for i, cell in enumerate(raw) if len(cell) > MAX_CELL)
            raise self.fail(number, i if i < self.width else None, f"cell longer than {MAX_CELL} characters")
        cells = [c.strip() for c in raw]
        count = len(cells)
        data = {}
        for name, idx, glue in self.fields:
            values = [cells[i] for i in idx if i < count and cells[i]]
            if values:
                data[name] = glue.join(values)
        extra = {}
        for i, header in self.unknown:
            if i < count and cells[i]:
                extra[header] = cells[i]
        for i in range(self.width, count):
            if cells[i]:
                extra[f"column {i + 1}"] = cells[i]
        full, full_i = self.one(cells, "name")
        given, _ = self.one(cells, "given_name")
        father, _ = self.one(cells, "patronymic")
        surname, _ = self.one(cells, "surname")
        composed = " ".join(p for p in (given, father, surname) if p)
        names = [full] if full else []
        if composed and composed != full:
            names.append(composed)
        for i in self.other_names:
            if i < count and cells[i]:
                names.extend(n for n in OTHER_NAMES_SPLIT.split(cells[i]) if n and n not in names)
        if not names:
            first = next(iter(self.columns.fields.get(f, [None])[0] for f in NAME_FIELDS
                              if f in self.columns.fields))
            raise self.fail(number, first, "no name")
        for text in names:
            if len(text) > 300:
                raise self.fail(number, full_i, "a name longer than 300 characters")
        row = Row(number, names, data, extra)
        row.external_id, ext_i = self.one(cells, "external_id")
        if row.external_id:
            if row.external_id in self.seen_ids:
                raise self.fail(number, ext_i, f"external id {row.external_id!r} already on row "
                                               f"{self.seen_ids[row.external_id]}")
            self.seen_ids[row.external_id] = number
        doc, _ = self.one(cells, "document")
        if doc:
            row.document = clean_document(doc)
        sex, sex_i = self.one(cells, "sex")
        if sex:
            code = self.coded("sex", sex)
            if code is None:
                raise self.fail(number, sex_i, f"unknown sex {sex!r} (expected e.g. male/female, м/ж, ер/әйел, 男/女)")
            row.sex = code
        born, born_i = self.one(cells, "birth_date")
        if born:
            row.birth_date, row.birth_earliest, row.birth_latest = self.birth(born)
            row.birth_text = born[:200]
            if not row.birth_date:
                self.warn(f"row {number}, column {self.columns.headers[born_i]!r}: not a date, kept as said: {born!r}")
        for name in ("ethnicity", "citizenship"):
            value, i = self.one(cells, name)
            if value:
                code = self.coded(name, value)
                if code is None:
                    self.warn(f"row {number}, column {self.columns.headers[i]!r}: unknown {name} {value!r}, kept as read")
                setattr(row, name, code or "")
        place, _ = self.one(cells, "birthplace")
        if place:
            row.birthplace = self.places.get(place.casefold())
        row.address = data.get("address", "")[:300]
        return row


@lru_cache(maxsize=100_000)
def _bounds(edtf: str) -> tuple[dt.date | None, dt.date | None]:
    return dates.bounds(edtf)


def _place_names() -> dict[str, int]:
    out: dict[str, int] = {}
    for pk, name, others in Place.objects.values_list("pk", "name", "other_names"):
        for text in [name, *(others or [])]:
            out.setdefault(str(text).casefold(), pk)
    return out


class Importer:
    def __init__(self, path: Path, label: str, progress: Callable[[int], None] | None = None):
        self.path = Path(path)
        self.label = label or self.path.name
        self.progress = progress or (lambda n: None)

    def run(self) -> Result:
        try:
            sha = file_sha256(self.path)
        except FileNotFoundError:
            raise ImportFailure(f"{self.path}: no such file") from None
        earlier = Batch.objects.filter(kind="import", file_sha256=sha).exclude(state="withdrawn").first()
        if earlier is not None:
            return self.replay(earlier)
        try:
            table = open_table(self.path)
        except TableError as exc:
            raise ImportFailure(f"{self.path.name}: {exc}") from None
        preparer = Preparer()
        linker = Linker()
        try:
            # The import's rows and names are freed (by reference counting) when _import returns,
            # before the collector is back: it would otherwise first walk millions of them.
            with _no_collections():
                return self._import(table, sha, preparer, linker)
        except TableError as exc:
            raise ImportFailure(f"{self.path.name}: {exc}") from None
        finally:
            preparer.close()
            linker.close()

    def _import(self, table: Table, sha: str, preparer: Preparer, linker: Linker) -> Result:
        who = actors.current()
        with transaction.atomic():
            batch = Batch.objects.create(
                label=self.label, kind="import", file_sha256=sha, created_by=who.name,
                provenance=f"list import of {self.path.name} ({table.encoding}); columns: "
                           f"{table.columns.describe()}")
            result = Result(batch.pk)
            registry = Registry(exclude_batch=batch.pk)
            reader = Reader(table, self.path, _place_names())
            rows = []
            with _phase("read"):
                for chunk in _chunks(table.rows, CHUNK):
                    for n, cells in chunk:
                        row = reader.read(n, cells)
                        rows.append(row)
                        preparer.add(row.names)
            # The workers prepare names while the registry is loaded here; DuckDB makes the
            # registry's keys while the rows are loaded.
            with _phase("load registry"):
                load_registry(linker, registry, keys=False)
            keys = linker.meanwhile(Linker.registry_keys)
            try:
                with _phase("prepare names (waiting)"):
                    prepared = preparer.results()
                with _phase("decide: load rows"):
                    load_rows(linker, registry, rows, prepared)
            finally:
                with _phase("registry keys (waiting)"):
                    futures.wait([keys])
            keys.result()
            with _phase("decide: candidates"):
                linker.link(addresses=lambda pairs: address_similarity(pairs, rows))
            store = Store(batch.pk, who.name, prepared, result, self.progress)
            by_external = self.known_external_ids()
            # Each part of rows is stored while the linker scores the next.
            with bulk.large_cache(), _phase("decide and write"):
                for start, end, found in ahead(linker.parts(PART, FIRST_PART, threads_later=1)):
                    part = rows[start:end]
                    decide(part, start, found, by_external)
                    store.add(part)
            store.log_seconds()
            linker.close()  # before the batch's summary: its memory is given back
            result.warnings = reader.warnings
            batch.summary = {k: getattr(result, k) for k in ("rows", "created", "matched", "ambiguous")}
            batch.save(update_fields=["summary"])
            audit.record("import", "registry.batch", batch.pk,
                         {**batch.summary, "file": self.path.name, "sha256": sha, "label": self.label})
        return result

    def replay(self, batch: Batch) -> Result:
        result = Result(batch.pk, already_imported=True)
        for row in ImportRow.objects.filter(batch=batch).order_by("row").iterator(chunk_size=5000):
            result.rows += 1
            if row.person_id is not None:
                result.matched += 1
                result.decisions.append((row.row, row.external_id, row.person_id, 1.0, "matched"))
            else:
                result.ambiguous += 1
                best = row.candidates[0] if row.candidates else [None, None]
                result.decisions.append((row.row, row.external_id, best[0], best[1], "ambiguous"))
        self.progress(result.rows)
        return result

    def known_external_ids(self) -> dict[str, int]:
        found = (ImportRow.objects.filter(batch__label=self.label, person__isnull=False)
                 .exclude(external_id="").exclude(batch__state="withdrawn").values_list("external_id", "person_id"))
        return dict(found.iterator(chunk_size=20000))


def _chunks(rows: Iterator, size: int) -> Iterator[list]:
    while True:
        chunk = list(islice(rows, size))
        if not chunk:
            return
        yield chunk


def decide(rows: list[Row], first: int, found: pa.Table, by_external: dict[str, int]) -> None:
    """Each row new, matched or ambiguous: rows are rows[first:] of the import, ``found`` the
    linker's best candidates for them (``Linker.best``); a row whose external id was imported
    before under the same label is matched to that person."""
    for row in rows:
        row.decision = "new"
        if row.external_id and row.external_id in by_external:
            row.decision, row.score, row.person_id = "matched", 1.0, by_external[row.external_id]
    found = found.to_pydict()
    for i, best_pid, p1, w1, p2, w2, top in zip(found["row_id"], found["best"], found["p1"], found["w1"],
                                                found["p2"], found["w2"], found["top"], strict=True):
        row = rows[i - first]
        if row.decision == "matched":
            continue
        row.candidates = top or "[]"
        row.score = p1
        if p1 < REVIEW:
            continue
        clear = p2 is None or p2 < REVIEW or w1 - w2 >= CLEAR_MARGIN
        if p1 >= MATCH and clear:
            row.decision, row.person_id = "matched", int(best_pid)
        else:
            row.decision, row.best = "ambiguous", int(best_pid)


def ahead(items: Iterator[T]) -> Iterator[T]:
    """The items of ``items``, each made in a thread while the caller works on the one before.

    Worth it where making an item leaves Python's interpreter lock free (DuckDB does). An
    exception in the thread is raised here; if the caller stops early, the thread stops after
    the item it is making."""
    end = object()
    handed: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()

    def make() -> None:
        try:
            for item in items:
                handed.put((item, None))
                if stop.is_set():
                    return
            handed.put((end, None))
        except BaseException as exc:  # handed to the caller, raised there
            handed.put((end, exc))

    thread = threading.Thread(target=make, name="ahead", daemon=True)
    thread.start()
    try:
        while True:
            item, exc = handed.get()
            if item is end:
                if exc is not None:
                    raise exc
                return
            yield item
    finally:
        stop.set()
        while thread.is_alive():
            with suppress(queue.Empty):
                handed.get(timeout=0.1)
        thread.join()


def load_rows(linker: Linker, registry: Registry, rows: list[Row], prepared: dict[str, Prepared]) -> None:
    """rows, row_names, itexts, itok, ikeys: the list's rows, for ``Linker``."""
    text_ids: dict[str, int] = {}
    locations: dict[int, object] = {}
    names: dict[str, list] = {"row_id": [], "nidx": [], "text_id": []}
    row_ids, nidx, name_ids = names["row_id"], names["nidx"], names["text_id"]
    located = []
    for i, r in enumerate(rows):
        loc = None
        if r.birthplace:
            loc = locations.get(r.birthplace)
            if loc is None:
                loc = locations[r.birthplace] = registry.location(r.birthplace)
        located.append(loc)
        for n, text in enumerate(r.names[:MAX_NAMES]):
            row_ids.append(i)
            nidx.append(n)
            tid = text_ids.get(text)
            if tid is None:
                tid = text_ids[text] = len(text_ids)
            name_ids.append(tid)
    cols = {"row_id": list(range(len(rows))), "sex": [known_sex(r.sex) for r in rows],
            "b_lo": [r.birth_earliest for r in rows], "b_hi": [r.birth_latest for r in rows],
            "village": [loc.village if loc else None for loc in located],
            "county": [loc.county if loc else None for loc in located],
            "prefecture": [loc.prefecture if loc else None for loc in located],
            "ethnicity": [category(r.ethnicity) for r in rows],
            "citizenship": [category(r.citizenship) for r in rows],
            "document": [r.document for r in rows],
            "has_address": [bool(r.address) and bool(fold_address(r.address)) for r in rows]}
    linker.load("rows", cols)
    linker.load("row_names", names)
    texts: dict[str, list] = {"text_id": [], "gender": []}
    tok: dict[str, list] = {"text_id": [], "form": [], "tidx": [], "root": []}
    keys: dict[str, list] = {"text_id": [], "key": []}
    for text, tid in text_ids.items():
        p = prepared[text]
        texts["text_id"].append(tid)
        texts["gender"].append(p.gender)
        for form, words in ((0, p.roots), (1, p.pinyin)):
            if words:
                tok["text_id"].extend([tid] * len(words))
                tok["form"].extend([form] * len(words))
                tok["tidx"].extend(range(len(words)))
                tok["root"].extend(words)
        keys["text_id"].extend([tid] * len(p.blocking))
        keys["key"].extend(p.blocking)
    linker.load("itexts", texts)
    linker.load("itok", tok)
    linker.load("ikeys", keys)


def address_similarity(pairs: list[tuple[int, int]], rows: list[Row]) -> list[float]:
    """scoring.address_weight's similarity for (row index, person id) pairs, vectorised."""
    from rapidfuzz import fuzz, process

    wanted = sorted({pid for _, pid in pairs})
    stored: dict[int, str] = {}
    for i in range(0, len(wanted), 5000):
        for pk, address in Person.all_objects.filter(pk__in=wanted[i:i + 5000]).values_list("pk", "address"):
            stored[pk] = fold_address(address)
    left = [fold_address(rows[r].address) for r, _ in pairs]
    right = [stored.get(pid, "") for _, pid in pairs]
    by_sort = process.cpdist(left, right, scorer=fuzz.token_sort_ratio, workers=-1)
    by_set = process.cpdist(left, right, scorer=fuzz.token_set_ratio, workers=-1)
    return [max(a, b) / 100 for a, b in zip(by_sort.tolist(), by_set.tolist(), strict=True)]


def import_file(path: Path, label: str = "", progress: Callable[[int], None] | None = None) -> Result:
    return Importer(path, label, progress).run()
