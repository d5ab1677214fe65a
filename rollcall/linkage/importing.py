"""`rollcall import`: a list of persons, staged as one batch and matched against the registry.

All or nothing: every row is read, decided and written inside one transaction; the first bad
row raises ImportFailure naming the row and the column, and nothing is stored. Each row is
decided new, matched (with its score) or ambiguous (kept for review, no person created)
against the registry as it was before the import. The same file (by SHA-256) imported again
adds nothing; a row whose external id was imported before under the same label is matched to
that person.

Records are created in bulk (bulk_create sends no model signals), so their first history
version and name keys are written here directly; the batch gets one audit entry.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from rollcall.access import actor as actors
from rollcall.access import audit, history
from rollcall.access.models import Revision
from rollcall.linkage import scoring
from rollcall.linkage.candidates import Registry
from rollcall.linkage.features import (
    Features,
    NameCache,
    blocking_keys,
    clean_document,
    fold_address,
)
from rollcall.linkage.models import ImportRow
from rollcall.linkage.tabular import (
    MAX_CELL,
    NAME_FIELDS,
    Table,
    TableError,
    coded,
    edtf_date,
    open_table,
)
from rollcall.names.keys import prepared_keys
from rollcall.registry.fields import derive_bounds
from rollcall.registry.models import Batch, Person, PersonName, Place
from rollcall.search.models import NameKey

MATCH = 0.7  # best candidate at least this probable: matched
REVIEW = 0.4  # at least this probable: ambiguous, for a person to decide
CLEAR_MARGIN = 4.0  # log2 weight by which the best must beat the runner-up to be matched
CHUNK = 2000
MAX_WARNINGS = 100
COUNTERS = {"new": "created", "matched": "matched", "ambiguous": "ambiguous"}
OTHER_NAMES_SPLIT = re.compile(r"\s*[;|\n]\s*")


class ImportFailure(Exception):
    """Bad input: one line, e.g. `list.csv: row 12, column 'sex': unknown value 'x'`."""


@dataclass
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
    features: Features | None = None
    decision: str = ""
    score: float | None = None
    person_id: int | None = None
    candidates: list = field(default_factory=list)


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
    """Cells of one row to a Row; RowError-like failures name the row and the column."""

    def __init__(self, table: Table, path: Path, places: dict[str, int]):
        self.columns = table.columns
        self.path = path
        self.places = places
        self.seen_ids: dict[str, int] = {}
        self.warnings: list[str] = []

    def fail(self, row: int, index: int | None, message: str) -> ImportFailure:
        column = f", column {self.columns.headers[index]!r}" if index is not None else ""
        return ImportFailure(f"{self.path.name}: row {row}{column}: {message}")

    def warn(self, message: str) -> None:
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(message)

    def one(self, cells: list[str], name: str) -> tuple[str, int | None]:
        idx = self.columns.fields.get(name)
        if not idx:
            return "", None
        i = idx[0]
        return (cells[i].strip() if i < len(cells) else ""), i

    def many(self, cells: list[str], name: str) -> list[str]:
        return [cells[i].strip() for i in self.columns.fields.get(name, []) if i < len(cells) and cells[i].strip()]

    def read(self, number: int, cells: list[str]) -> Row:
        for i, cell in enumerate(cells):
            if len(cell) > MAX_CELL:
                raise self.fail(number, i if i < len(self.columns.headers) else None,
                                f"cell longer than {MAX_CELL} characters")
        data = {}
        for name in self.columns.fields:
            values = self.many(cells, name)
            if values:
                data[name] = " ".join(values) if name == "address" else "; ".join(values)
        extra = {}
        for i in self.columns.unknown:
            if i < len(cells) and cells[i].strip():
                extra[self.columns.headers[i] or f"column {i + 1}"] = cells[i].strip()
        for i in range(len(self.columns.headers), len(cells)):
            if cells[i].strip():
                extra[f"column {i + 1}"] = cells[i].strip()
        full, full_i = self.one(cells, "name")
        given, _ = self.one(cells, "given_name")
        father, _ = self.one(cells, "patronymic")
        surname, _ = self.one(cells, "surname")
        composed = " ".join(p for p in (given, father, surname) if p)
        names = [n for n in dict.fromkeys([full, composed]) if n]
        for other in self.many(cells, "other_names"):
            names.extend(n for n in OTHER_NAMES_SPLIT.split(other) if n and n not in names)
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
        row.document = clean_document(doc)
        sex, sex_i = self.one(cells, "sex")
        if sex:
            code = coded("sex", sex)
            if code is None:
                raise self.fail(number, sex_i, f"unknown sex {sex!r} (expected e.g. male/female, м/ж, ер/әйел, 男/女)")
            row.sex = code
        born, born_i = self.one(cells, "birth_date")
        if born:
            row.birth_date = edtf_date(born) or ""
            row.birth_text = born[:200]
            if not row.birth_date:
                self.warn(f"row {number}, column {self.columns.headers[born_i]!r}: not a date, kept as said: {born!r}")
        for name in ("ethnicity", "citizenship"):
            value, i = self.one(cells, name)
            if value:
                code = coded(name, value)
                if code is None:
                    self.warn(f"row {number}, column {self.columns.headers[i]!r}: unknown {name} {value!r}, kept as read")
                setattr(row, name, code or "")
        place, _ = self.one(cells, "birthplace")
        if place:
            row.birthplace = self.places.get(place.casefold())
        row.address = data.get("address", "")[:300]
        return row


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
        self.names = NameCache()

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
        who = actors.current()
        try:
            with transaction.atomic():
                batch = Batch.objects.create(
                    label=self.label, kind="import", file_sha256=sha, created_by=who.name,
                    provenance=f"list import of {self.path.name} ({table.encoding}); columns: "
                               f"{table.columns.describe()}")
                result = Result(batch.pk)
                self.registry = Registry(self.names, exclude_batch=batch.pk)
                reader = Reader(table, self.path, _place_names())
                for chunk in _chunks(table.rows, CHUNK):
                    rows = [reader.read(n, cells) for n, cells in chunk]
                    self.decide(rows)
                    self.write(batch, rows, result)
                    self.progress(len(rows))
                result.warnings = reader.warnings
                batch.summary = {k: getattr(result, k) for k in ("rows", "created", "matched", "ambiguous")}
                batch.save(update_fields=["summary"])
                audit.record("import", "registry.batch", batch.pk,
                             {**batch.summary, "file": self.path.name, "sha256": sha, "label": self.label})
        except TableError as exc:
            raise ImportFailure(f"{self.path.name}: {exc}") from None
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

    # -- deciding ---------------------------------------------------------------------------

    def features(self, row: Row) -> Features:
        f = Features(None, [self.names(n) for n in row.names], sex=row.sex, ethnicity=row.ethnicity,
                     citizenship=row.citizenship, address=fold_address(row.address),
                     documents=frozenset([row.document]) if row.document else frozenset())
        if row.birth_date:
            probe = Person(birth_date=row.birth_date)
            derive_bounds(probe, "birth_date")
            f.birth_earliest, f.birth_latest = probe.birth_date_earliest, probe.birth_date_latest
        if row.birthplace:
            f.location = self.registry.location(row.birthplace)
        return f

    def decide(self, rows: list[Row]) -> None:
        keys_of = {}
        for row in rows:
            row.features = self.features(row)
            keys_of[row.row] = blocking_keys(row.features.names)
        by_key = self.registry.by_keys(set().union(*keys_of.values()))
        by_doc = self.registry.by_documents({r.document for r in rows if r.document})
        by_birth = self.registry.by_birth_dates(
            {r.features.birth_earliest for r in rows if r.features.birth_earliest
             and r.features.birth_earliest == r.features.birth_latest})
        by_external = self.known_external_ids({r.external_id for r in rows if r.external_id})
        wanted: dict[int, set[int]] = {}
        prefilter = []
        for row in rows:
            ids = set()
            for key in keys_of[row.row]:
                ids |= by_key.get(key, set())
            ids |= by_doc.get(row.document, set()) if row.document else set()
            born = by_birth.get(row.features.birth_earliest, set()) - ids
            wanted[row.row] = ids | born
            if born:
                prefilter.append((row, born))
        known = self.registry.features(set().union(*wanted.values()))
        for row, born in prefilter:
            # Born the same day but no shared name key: worth scoring only if more agrees.
            wanted[row.row] -= {pid for pid in born
                                if pid in known and not scoring.worth_scoring(row.features, known[pid])}
        for row in rows:
            if row.external_id in by_external:
                row.decision, row.score, row.person_id = "matched", 1.0, by_external[row.external_id]
                continue
            scored = sorted(((scoring.score(row.features, known[pid]), pid) for pid in wanted[row.row] if pid in known),
                            key=lambda s: (-s[0].weight, s[1]))
            row.candidates = [[pid, s.probability] for s, pid in scored[:5] if s.probability >= 0.05]
            row.score = scored[0][0].probability if scored else None
            if not scored or scored[0][0].probability < REVIEW:
                row.decision = "new"
                continue
            best, pid = scored[0]
            runner_up = scored[1][0] if len(scored) > 1 else None
            clear = runner_up is None or runner_up.probability < REVIEW or best.weight - runner_up.weight >= CLEAR_MARGIN
            if best.probability >= MATCH and clear:
                row.decision, row.person_id = "matched", pid
            else:
                row.decision = "ambiguous"

    def known_external_ids(self, ids: set[str]) -> dict[str, int]:
        if not ids:
            return {}
        found = (ImportRow.objects.filter(external_id__in=ids, batch__label=self.label, person__isnull=False)
                 .exclude(batch__state="withdrawn").values_list("external_id", "person_id"))
        return dict(found)

    # -- writing ----------------------------------------------------------------------------

    def write(self, batch: Batch, rows: list[Row], result: Result) -> None:
        new = [r for r in rows if r.decision == "new"]
        persons = []
        for r in new:
            p = Person(sex=r.sex, birth_date=r.birth_date, birth_date_text=r.birth_text, ethnicity=r.ethnicity,
                       citizenship=r.citizenship, birthplace_id=r.birthplace, address=r.address, batch=batch)
            derive_bounds(p, "birth_date")
            persons.append(p)
        Person.objects.bulk_create(persons, batch_size=500)
        names = []
        for r, p in zip(new, persons, strict=True):
            r.person_id = p.pk
            for i, (text, prepared) in enumerate(zip(r.names, r.features.names, strict=True)):
                names.append(PersonName(person=p, text=text, kind="legal" if i == 0 else "alias",
                                        script=prepared.script, folded=prepared.folded[:300], batch=batch))
        PersonName.objects.bulk_create(names, batch_size=500)
        keys = []
        prepared = {}
        for r in new:
            for text, prep in zip(r.names, r.features.names, strict=True):
                prepared[text] = prep
        for n in names:
            keys.extend(NameKey(name_id=n.pk, key=k[:80]) for k in sorted(set(prepared_keys(prepared[n.text]))))
        NameKey.objects.bulk_create(keys, batch_size=2000)
        self.first_versions([*persons, *names])
        ImportRow.objects.bulk_create([
            ImportRow(batch=batch, row=r.row, external_id=r.external_id[:200], document=r.document, data=r.data,
                      extra=r.extra, decision=r.decision, score=r.score, person_id=r.person_id,
                      candidates=r.candidates)
            for r in rows], batch_size=500)
        for r in rows:
            result.rows += 1
            counter = COUNTERS[r.decision]
            setattr(result, counter, getattr(result, counter) + 1)
            person = r.person_id if r.decision != "ambiguous" else (r.candidates[0][0] if r.candidates else None)
            result.decisions.append((r.row, r.external_id, person, r.score, r.decision))

    def first_versions(self, records: list) -> None:
        who, now = actors.current(), timezone.now()
        revisions = []
        for obj in records:
            state = history.state_of(obj)
            revisions.append(Revision(target=history.label(obj), object_id=str(obj.pk), version=1, at=now,
                                      author=who.name, action="create",
                                      changes={k: [None, v] for k, v in state.items()}, state=state))
        Revision.objects.bulk_create(revisions, batch_size=500)


def _chunks(rows: Iterator, size: int) -> Iterator[list]:
    while True:
        chunk = list(islice(rows, size))
        if not chunk:
            return
        yield chunk


def import_file(path: Path, label: str = "", progress: Callable[[int], None] | None = None) -> Result:
    return Importer(path, label, progress).run()
