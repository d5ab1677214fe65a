"""Read queries built and compiled once, then run many times with new values.

Django builds and compiles a queryset's SQL every time it is evaluated; for the short queries
of a page that costs more than running them (about a millisecond each, most of a page's CPU).
A Statement keeps the SQL of one query per shape and binds new values at each call. The shape is what the SQL can depend on:

- the clearance of the viewer and the withdrawn batches, the only inputs of the access layer's
  filters (policy.visible). The query is built for a stand-in viewer that has the clearance
  and nothing else (no name, no user, no permission), so that a build cannot depend on more;
- the number of values in each list argument (an IN (...) of that many placeholders).

Each argument is built into the query as a marker value, and the compiled parameters are
searched for the markers: a lookup that transforms its value (contains, a date cast) cannot
be found and is refused when first compiled, never run with the wrong value. A None argument,
which changes the SQL's form (IS NULL), is run as a plain queryset instead; an empty list is
a shape of its own (a condition dropped from an OR, or a query that matches nothing).

Results are what the queryset gives: rows of a values_list() query converted as it converts
them (booleans, dates, JSON), or model instances, with the related records of select_related(),
built as Django's ModelIterable builds them, by the compiler that compiled the SQL.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

CACHED_SHAPES = 2000
_markers = itertools.count(1)


class StatementError(Exception):
    """A query whose arguments cannot be bound again after compiling (a programming error)."""


def _marker(like: Any) -> Any:
    n = next(_markers)
    if isinstance(like, bool):
        raise StatementError("booleans cannot be bound again: build them into the query")
    # Within every integer column's range but the smallest: Django drops or empties a lookup
    # whose value its column cannot hold, and the marker would not be found (or the query
    # would match nothing); both are refused at compile time.
    if isinstance(like, int):
        return 1_500_000_000 + n % 500_000_000
    if isinstance(like, float):
        return 1_500_000_000.25 + n % 500_000_000
    if isinstance(like, str):
        return f"\x1fstatement-marker-{n}\x1f"
    raise StatementError(f"a {type(like).__name__} argument cannot be bound again; pass an int, a float or a str")


def _stand_in(clearance: int | None):
    from rollcall.access.policy import Viewer

    return Viewer(name="", role="", clearance=clearance, can=frozenset())


class Statement:
    """`build(viewer, *args)` returns a values_list() queryset (not flat) or a queryset of model
    instances (select_related allowed, prefetch_related not); each argument is an int, a float,
    a str, or a list of them. Call the statement with a viewer and the arguments for what
    list(build(viewer, *args)) would give."""

    def __init__(self, build: Callable[..., QuerySet]):
        self._build = build
        self._compiled: OrderedDict[tuple, tuple] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, viewer, *args: Any) -> list:
        from rollcall.access.policy import withdrawn_batches

        return self._run((viewer.clearance, withdrawn_batches()), viewer.clearance, args)

    def _run(self, governed: tuple, clearance: int | None, args: tuple) -> list:
        if any(a is None for a in args):
            return list(self._build(_stand_in(clearance), *args))
        args = tuple(list(a) if isinstance(a, list | tuple | set | frozenset) else a for a in args)
        shape = (*governed, tuple(len(a) if isinstance(a, list) else None for a in args))
        compiled = self._compiled.get(shape)
        if compiled is None:
            compiled = self._compile(clearance, args)
            with self._lock:
                self._compiled[shape] = compiled
                if len(self._compiled) > CACHED_SHAPES:
                    self._compiled.popitem(last=False)
        sql, slots, compiler, alias, instances = compiled
        if sql is None:  # the query's form matches nothing (an empty list in a condition that must hold)
            return []
        flat = _flat(args)
        params = [flat[slot] if slot is not None else value for slot, value in slots]
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if instances:
            return _instances(compiler, rows, alias)
        return list(compiler.results_iter(results=[rows], tuple_expected=True))

    def _compile(self, clearance: int | None, args: tuple) -> tuple:
        markers = [[_marker(v) for v in a] if isinstance(a, list) else _marker(a) for a in args]
        queryset = self._build(_stand_in(clearance), *markers)
        instances = queryset._iterable_class is ModelIterable
        if not instances and queryset._iterable_class is not ValuesListIterable:
            raise StatementError("a statement is a values_list() query (not flat) or a query of model instances")
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise StatementError("a statement cannot prefetch related records; ask for them with another")
        compiler = queryset.query.get_compiler(queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            if not any(isinstance(a, list) and not a for a in args):
                raise StatementError("the query matches nothing for any value: an argument out of its column's "
                                     "range? build such values into the query") from None
            return None, [], compiler, queryset.db, instances
        flat = _flat(markers)
        index = {m: i for i, m in enumerate(flat)}
        slots = [(index[p], None) if _hashable(p) and p in index else (None, p) for p in params]
        missing = set(range(len(flat))) - {slot for slot, _ in slots if slot is not None}
        if missing:
            raise StatementError(f"argument values {sorted(missing)} are transformed by their lookup; "
                                 "they cannot be bound again")
        return sql, slots, compiler, queryset.db, instances


class PlainStatement(Statement):
    """A statement over records the access layer does not govern (sessions, accounts, batches):
    `build(*args)` returns the queryset, and the statement is called with the arguments alone.
    Its shape is the lengths of its list arguments; neither a viewer nor the withdrawn batches
    take part, so the access layer may use one itself."""

    def __init__(self, build: Callable[..., QuerySet]):
        super().__init__(lambda _viewer, *args: build(*args))

    def __call__(self, *args: Any) -> list:
        return self._run((), None, args)


def _instances(compiler, rows: list, db: str) -> list:
    """The model instances of `rows`, as ModelIterable builds them from a compiled query."""
    select, klass_info, annotations = compiler.select, compiler.klass_info, compiler.annotation_col_map
    model = klass_info["model"]
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    init_list = [f[0].target.attname for f in select[start:end]]
    populators = get_related_populators(klass_info, select, db)
    made = []
    for row in compiler.results_iter(results=[rows]):
        obj = model.from_db(db, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        for name, position in (annotations or {}).items():
            setattr(obj, name, row[position])
        made.append(obj)
    return made


def _flat(args: Sequence) -> list:
    """The arguments' values in order, each list's values in its place: the order of the slots."""
    return [value for arg in args for value in (arg if isinstance(arg, list) else [arg])]


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
