"""Many rows of one model written at once, with their first history version, inside the caller's
transaction.

Django's ``bulk_create`` builds a model instance per row and compiles each batch anew; a million
rows spent more time there than in the database. Here the values that are the same for every
row (defaults, the batch, the time) are converted once, each row gives only the fields it sets,
and rows go to the database with ``executemany``. Values are converted by the model fields
themselves (``get_db_prep_save``): encrypted fields are encrypted, JSON is JSON, on SQLite and
PostgreSQL alike.

Primary keys are reserved before writing (the rows that point at them are written next): on
SQLite from the largest id in use, under the write lock the import's transaction holds
(``transaction_mode`` IMMEDIATE); on PostgreSQL from the table's sequence.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext

from django.db import connection, connections, models
from django.utils import timezone

from rollcall.access import crypto, history
from rollcall.access.models import Revision

BATCH = 5000
CACHE_KIB = 2 * 1024 * 1024  # SQLite page cache while writing in bulk: indexes of tens of millions of rows


@contextmanager
def large_cache() -> Iterator[None]:
    """A larger SQLite page cache for the connection while it writes in bulk.

    With the default 2 MB, every row added to an index larger than the cache (the name keys,
    the history) read its pages back from the file: 100,000 persons took minutes to write.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


PLAIN = (models.CharField, models.IntegerField, models.FloatField, models.BooleanField, models.ForeignKey)


def _plain(value, connection_):
    return value


def _is_plain(field: models.Field) -> bool:
    """Values of these fields go to the database as they are (str, int, float, bool, None)."""
    if getattr(field, "encrypted", False) or isinstance(field, models.JSONField):
        return False
    if isinstance(field, models.ForeignKey):
        return _is_plain(field.target_field)
    return isinstance(field, PLAIN) and type(field).get_db_prep_save is models.Field.get_db_prep_save \
        and type(field).get_prep_value in (models.CharField.get_prep_value, models.IntegerField.get_prep_value,
                                           models.FloatField.get_prep_value, models.BooleanField.get_prep_value,
                                           models.BigAutoField.get_prep_value, models.Field.get_prep_value)


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    if count == 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT max({quote(pk)}) FROM {quote(table)}")
            top = cursor.fetchone()[0] or 0
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
            if cursor.fetchone():
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                found = cursor.fetchone()
                top = max(top, found[0] if found else 0)
            return list(range(top + 1, top + 1 + count))
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [table, pk, count])
            return [r[0] for r in cursor.fetchall()]
    raise NotImplementedError(f"bulk writes on {connection.vendor}")


class Writer:
    """``write(rows)`` for one model: rows are tuples of the ``fields`` named (attnames)."""

    def __init__(self, model: type[models.Model], fields: Sequence[str], raw: Sequence[str] = (), **constant):
        """raw: fields whose values are given ready for the database (JSON text on SQLite, ciphertext)."""
        self.model = model
        self.now = timezone.now()
        template = model()
        by_name = {f.attname: f for f in model._meta.concrete_fields}
        self.varying = [by_name[name] for name in fields]
        self.prepare = [_plain if name in raw or _is_plain(by_name[name]) else by_name[name].get_db_prep_save
                        for name in fields]
        self.constant: dict[str, object] = {}
        for f in model._meta.concrete_fields:
            if f.attname in fields or (f.primary_key and "id" not in constant):
                continue
            value = constant[f.attname] if f.attname in constant else getattr(template, f.attname)
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = self.now
            self.constant[f.attname] = value
        self.constant_db = [by_name[k].get_db_prep_save(v, connection) for k, v in self.constant.items()]
        columns = [by_name[k].column for k in self.constant] + [f.column for f in self.varying]
        quote = connection.ops.quote_name
        self.sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
                    f"VALUES ({', '.join(['%s'] * len(columns))})")

    def write(self, rows: Iterable[tuple]) -> int:
        constant = self.constant_db
        converted = [(i, p) for i, p in enumerate(self.prepare) if p is not _plain]  # the others go as they are
        db = connections[connection.alias]  # the connection itself, not the proxy: it is asked per value
        done = 0
        batch: list[list] = []
        # The key file is read once for the write, not once per value, where values are encrypted.
        keys = crypto.keys_held() if any(getattr(f, "encrypted", False) for f in self.varying) else nullcontext()
        with keys, db.cursor() as cursor:
            for row in rows:
                values = [*constant, *row]
                for i, prepare in converted:
                    values[len(constant) + i] = prepare(row[i], db)
                batch.append(values)
                if len(batch) >= BATCH:
                    cursor.executemany(self.sql, batch)
                    done += len(batch)
                    batch = []
            if batch:
                cursor.executemany(self.sql, batch)
                done += len(batch)
        return done


class FirstVersions:
    """Version 1 ("create") of records written in bulk: what history.write_revision would store
    (the state, encrypted fields sealed; a create's changes are implied), but no audit entry per
    record (the caller audits the batch).

    ``write(rows)`` takes the rows given to the writer, tuples of its fields (with "id"). On
    SQLite the state is JSON text made from a template: the fields every row shares are encoded
    once, and a row's own values are put in their places.

    sealed: encrypted fields whose values in the rows are ciphertext already (``crypto.encrypt``,
    given to the writer as raw): the version holds the same ciphertext, not a second one."""

    def __init__(self, model: type[models.Model], writer: Writer, author: str, sealed: Sequence[str] = ()):
        self.target = model._meta.label_lower
        self.fields = [f.attname for f in writer.varying]
        self.id_at = self.fields.index("id")
        self.hidden = {f.attname for f in model._meta.concrete_fields if getattr(f, "encrypted", False)}
        self.sealed = set(sealed)
        if not self.sealed <= self.hidden & set(self.fields):
            raise ValueError(f"sealed fields must be encrypted fields the rows give: {sorted(self.sealed)}")
        self.hidden_at = [(i, name) for i, name in enumerate(self.fields) if name in self.hidden]
        template = model()
        self.base = {f.attname: history.jsonable(writer.constant.get(f.attname, getattr(template, f.attname)))
                     for f in model._meta.concrete_fields if f.attname not in history.IGNORED}
        self.splice = connection.vendor == "sqlite"
        self.revisions = Writer(Revision, ["object_id", "changes", "state"],
                                raw=("changes", "state") if self.splice else (), target=self.target, version=1,
                                at=writer.now, author=author, action="create")
        # Hidden fields no row gives keep their default: sealed per row if there is one.
        self.hidden_defaults = [k for k in self.hidden if k not in self.fields and self.base.get(k)]
        if self.splice:
            shared = {k: v for k, v in self.base.items() if k not in self.fields and k not in self.hidden}
            unset = {k: self.base.get(k) for k in self.hidden if k not in self.fields and k not in self.hidden_defaults}
            own = [json.dumps(k) + ": %s" for k in [*self.fields, *self.hidden_defaults]]
            parts = [json.dumps(shared)[1:-1].replace("%", "%%"), *own, json.dumps(unset)[1:-1].replace("%", "%%")]
            self.template = "{" + ", ".join(p for p in parts if p) + "}"

    def _sealed(self, name: str, value) -> dict:
        return {"$enc": value if name in self.sealed else crypto.encrypt(history.jsonable(value))}

    def write(self, rows: Iterable[tuple]) -> int:
        with crypto.keys_held() if self.hidden else nullcontext():
            return self.revisions.write(self._versions(rows))

    def _versions(self, rows: Iterable[tuple]) -> Iterator[tuple]:
        id_at, hidden_at, fields = self.id_at, self.hidden_at, self.fields
        if not self.splice:
            for row in rows:
                state = {**self.base, **{k: history.jsonable(v) for k, v in zip(fields, row, strict=True)}}
                for k in self.hidden:
                    if state.get(k):
                        state[k] = self._sealed(k, state[k])
                yield str(row[id_at]), {}, state
            return
        template = self.template
        for row in rows:
            values = [*map(_encoded, row), *(_encoded(self._sealed(k, self.base[k])) for k in self.hidden_defaults)]
            for i, name in hidden_at:
                if row[i]:
                    values[i] = _encoded(self._sealed(name, row[i]))
            yield str(row[id_at]), "{}", template % tuple(values)


_encode_str = json.encoder.encode_basestring_ascii


def _encoded(value) -> str:
    """json.dumps of the value as history stores it (dates as ISO text), quicker for plain values."""
    if value is None:
        return "null"
    kind = type(value)
    if kind is str:
        return _encode_str(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    if kind is dt.date:
        return '"' + value.isoformat() + '"'
    return json.dumps(history.jsonable(value))
