"""An import's decided rows stored, a part at a time, inside the caller's transaction.

For each part: the persons of its new rows with their first history version, their names
with theirs, the names' search keys, and one ImportRow per row. Writers and their compiled
statements are made once for the whole import (``Store``); ``Store.add`` is called once per
part, in row order, so that ids and history come out as if written at once.
"""

from __future__ import annotations

import json
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.db import connection

from rollcall.access import crypto
from rollcall.linkage import bulk
from rollcall.linkage.models import ImportRow
from rollcall.registry.models import Person, PersonName
from rollcall.search.models import NameKey

if TYPE_CHECKING:
    from rollcall.linkage.importing import Result, Row
    from rollcall.linkage.preparing import Prepared

PERSON_FIELDS = ["id", "sex", "birth_date", "birth_date_text", "birth_date_earliest", "birth_date_latest",
                 "ethnicity", "citizenship", "birthplace_id", "address"]
NAME_FIELDS = ["id", "person_id", "text", "kind", "script", "folded"]
IMPORT_ROW_FIELDS = ["row", "external_id", "document", "data", "extra", "decision", "score", "person_id",
                     "candidates"]
COUNTERS = {"new": "created", "matched": "matched", "ambiguous": "ambiguous"}
SLICE = 20_000  # import rows written between two progress reports
_encode_str = json.encoder.encode_basestring_ascii

log = logging.getLogger(__name__)


class Store:
    def __init__(self, batch_id: int, author: str, prepared: dict[str, Prepared], result: Result,
                 progress: Callable[[int], None]):
        self.prepared = prepared
        self.result = result
        self.progress = progress
        # Addresses are encrypted once, here: the person and its first version hold the same text.
        self.persons = bulk.Writer(Person, PERSON_FIELDS, raw=("address",), batch_id=batch_id)
        self.person_versions = bulk.FirstVersions(Person, self.persons, author, sealed=("address",))
        self.names = bulk.Writer(PersonName, NAME_FIELDS, batch_id=batch_id)
        self.name_versions = bulk.FirstVersions(PersonName, self.names, author)
        self.keys = bulk.Writer(NameKey, ["name_id", "key"])
        # On SQLite the JSON columns go as JSON text, encoded here once (the candidates come
        # encoded from the linker); elsewhere as values, converted by the fields.
        self.as_text = connection.vendor == "sqlite"
        self.import_rows = bulk.Writer(ImportRow, IMPORT_ROW_FIELDS,
                                       raw=("data", "extra", "candidates") if self.as_text else (),
                                       batch_id=batch_id)
        self.seconds: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])

    @contextmanager
    def _timed(self, step: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        spent = self.seconds[step]
        spent[0] += time.perf_counter() - wall
        spent[1] += time.process_time() - cpu

    def log_seconds(self) -> None:
        """Logs (debug) each step's seconds over all the parts."""
        for step, (wall, cpu) in self.seconds.items():
            log.debug("write: %s: %.1f s (cpu %.1f s)", step, wall, cpu)

    def add(self, rows: list[Row]) -> None:
        """Stores the decided rows of one part."""
        new = [r for r in rows if r.decision == "new"]
        person_ids = bulk.reserve_ids(Person, len(new))
        with crypto.keys_held():
            values = [(pid, r.sex, r.birth_date, r.birth_text, r.birth_earliest, r.birth_latest, r.ethnicity,
                       r.citizenship, r.birthplace, crypto.encrypt(r.address) if r.address else "")
                      for pid, r in zip(person_ids, new, strict=True)]
        with self._timed("persons"):
            self.persons.write(values)
        with self._timed("person versions"):
            self.person_versions.write(values)
        for r, pid in zip(new, person_ids, strict=True):
            r.person_id = pid
        texts = [(r.person_id, i, text) for r in new for i, text in enumerate(r.names)]
        name_ids = bulk.reserve_ids(PersonName, len(texts))
        prepared = self.prepared
        values = [(nid, pid, text, "legal" if i == 0 else "alias", prepared[text].script, prepared[text].folded[:300])
                  for nid, (pid, i, text) in zip(name_ids, texts, strict=True)]
        with self._timed("names"):
            self.names.write(values)
        with self._timed("name versions"):
            self.name_versions.write(values)
        with self._timed("name keys"):
            self.keys.write((nid, key) for nid, (_, _, text) in zip(name_ids, texts, strict=True)
                            for key in prepared[text].keys)
        with self._timed("import rows"):
            for start in range(0, len(rows), SLICE):
                self._import_rows(rows[start:start + SLICE])

    def _import_rows(self, rows: list[Row]) -> None:
        as_text, result = self.as_text, self.result
        encode = _cells_json if as_text else (lambda value: value)
        self.import_rows.write((r.row, r.external_id[:200], r.document, encode(r.data), encode(r.extra),
                                r.decision, r.score, r.person_id,
                                r.candidates if as_text else json.loads(r.candidates)) for r in rows)
        for r in rows:
            result.rows += 1
            counter = COUNTERS[r.decision]
            setattr(result, counter, getattr(result, counter) + 1)
            person = r.best if r.decision == "ambiguous" else r.person_id
            result.decisions.append((r.row, r.external_id, person, r.score, r.decision))
        self.progress(len(rows))


def _cells_json(cells: dict[str, str]) -> str:
    """json.dumps(cells) as JSONField stores it, for a row's cells (text by text): a million rows
    spent seconds in the general encoder. Anything but text raises TypeError."""
    if not cells:
        return "{}"
    return "{" + ", ".join([_encode_str(k) + ": " + _encode_str(v) for k, v in cells.items()]) + "}"
