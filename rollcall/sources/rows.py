"""Many rows of one model in one INSERT, without building a model instance per row.

    >>> insert(Mention, [{"source_id": 7, "start": 0, "end": 5, "text": "Almas", "kind": "person"}],
    ...        batch_id=3, sensitivity=1)

For the rows ingest makes by the thousand (mentions, proposals): `bulk_create` spent most of a
stored document's time building Mention objects and preparing each field of each; and for
the few objects of each document (`insert_objects`), its fixed cost per call. Like
`bulk_create`, it sends no signals: mentions and proposals never had revisions of their own.
Fields a row leaves out take the value in `common`, else the model's default (timestamps:
now); values are prepared for the database as Django prepares them, per field, once for a
value every row shares.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, models, router

# Fields whose Python values (str, int, float, bool, None) every backend takes as they are.
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.FloatField, models.BooleanField)


def _plain(field: models.Field) -> bool:
    if isinstance(field, models.ForeignKey):
        return isinstance(field.target_field, models.AutoField | models.BigAutoField | models.IntegerField)
    return isinstance(field, _PLAIN)


def insert_objects(objs: list[models.Model]) -> None:
    """Like bulk_create(objs) for a few new objects (a source, its attachments), at a fraction of
    its cost: one INSERT ... RETURNING, which sets each object's primary key."""
    if not objs:
        return
    model = type(objs[0])
    connection = connections[router.db_for_write(model)]
    if not connection.features.can_return_rows_from_bulk_insert:
        model.objects.bulk_create(objs)
        return
    from django.utils import timezone

    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for obj in objs:
        for f in fields:
            if getattr(f, "auto_now", False) or (getattr(f, "auto_now_add", False) and getattr(obj, f.attname) is None):
                setattr(obj, f.attname, now)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    one = f"({', '.join(['%s'] * len(fields))})"
    params = [v for obj in objs for v in _values(obj, fields, connection)]
    pk = model._meta.pk
    sql = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
           f"VALUES {', '.join([one] * len(objs))} RETURNING {connection.ops.quote_name(pk.column)}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [row[0] for row in cursor.fetchall()]
    for obj, id_ in zip(objs, ids, strict=True):
        setattr(obj, pk.attname, id_)
        obj._state.adding, obj._state.db = False, connection.alias


def insert_unsaved(objs: list[models.Model]) -> int:
    """Insert new objects of one model whose ids nobody needs back (revisions): `insert` of their
    fields; like bulk_create, without signals."""
    if not objs:
        return 0
    fields = [f.attname for f in objs[0]._meta.concrete_fields if not f.primary_key]
    return insert(type(objs[0]), [{name: getattr(obj, name) for name in fields} for obj in objs])


def _values(obj: models.Model, fields: list[models.Field], connection) -> list[Any]:
    out = []
    for f in fields:
        value = getattr(obj, f.attname)
        out.append(value if _plain(f) else f.get_db_prep_save(value, connection))
    return out


def insert(model: type[models.Model], rows: list[dict[str, Any]], **common: Any) -> int:
    """Insert `rows` (attribute name -> value; every row with the same keys); returns how many."""
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    given = rows[0].keys()
    columns, per_row, fixed = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key and field.attname not in given:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.attname in given:
            per_row.append((len(columns) - 1, field.attname, None if _plain(field) else field))
            continue
        if field.attname in common:
            value = common[field.attname]
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            from django.utils import timezone

            value = timezone.now()
        else:
            value = field.get_default()
        fixed.append((len(columns) - 1, field.get_db_prep_save(value, connection)))
    template = [None] * len(columns)
    for i, value in fixed:
        template[i] = value
    params = []
    for row in rows:
        values = list(template)
        for i, name, field in per_row:
            value = row[name]
            values[i] = value if field is None else field.get_db_prep_save(value, connection)
        params.append(values)
    sql = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(rows)
