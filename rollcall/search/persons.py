"""Person search across spellings and scripts, through the access layer.

Two steps, as in rollcall.names.index: candidates from shared blocking keys (rare keys weigh
more) and from the names whose folded form starts like the query's; then every candidate is
rescored with rollcall.names.compare. Only names the viewer may see are ever rescored or shown.

The key lookup reads the (key, name) index alone, rarest keys first and within a budget of
postings, so its cost does not grow with the registry; the access layer then filters the short
list of best-weighted names in one query. Filtering every posting through the access layer
instead makes each query join hundreds of thousands of rows.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from functools import partial

from django.db.models import Case, Count, FloatField, Sum, Value, When

from rollcall.access import policy
from rollcall.access.statements import Statement
from rollcall.names import compare_prepared, name_keys, normalize, prepare
from rollcall.registry.models import Person, PersonName
from rollcall.search.models import NameKey

CANDIDATES = 60
PREFIX_SCAN = 20
BUDGET = 12_000  # postings read per query, rarest keys first
ROUNDS = 8  # short lists of CANDIDATES * 2 names tried before giving up on filling CANDIDATES


@dataclass(frozen=True)
class Hit:
    person: Person
    name: str
    score: float
    reasons: tuple[str, ...]


def _frequencies(viewer, keys):
    return NameKey.objects.filter(key__in=keys).order_by().values_list("key").annotate(n=Count("key"))


def _ranking(viewer, keys, weights, limit):
    weight = Sum(Case(*(When(key=key, then=Value(w)) for key, w in zip(keys, weights, strict=True)),
                      output_field=FloatField()))
    return (NameKey.objects.filter(key__in=keys).values("name_id").annotate(weight=weight)
            .order_by("-weight", "name_id").values_list("name_id")[:limit])


STEP = CANDIDATES * 2  # names checked against the access layer a round
RANKED = STEP * ROUNDS
_FREQUENCIES, _RANKING = Statement(_frequencies), Statement(partial(_ranking, limit=RANKED))


def ranked_names(keys: list[str]) -> list[int]:
    """Ids of the names sharing keys with the query, best first by summed weight
    log(1 + N / postings) of the shared keys, at most RANKED.

    The postings are read rarest key first, within BUDGET, and summed by the database: a few
    thousand postings a query, never turned into Python objects."""
    if not keys:
        return []
    frequencies = dict(_FREQUENCIES(policy.PUBLIC, sorted(set(keys))))
    if not frequencies:
        return []
    usable, work = [], 0
    for key in sorted(frequencies, key=lambda k: (frequencies[k], k)):
        if usable and work + frequencies[key] > BUDGET:
            break
        usable.append(key)
        work += frequencies[key]
    total = max(1, sum(frequencies.values()))
    weights = [math.log1p(total / frequencies[key]) for key in usable]
    return [pk for pk, in _RANKING(policy.PUBLIC, usable, weights)]


# The person fields a candidate name is read with: enough to hand the person to the caller with
# the fields the access layer decides on.
_PERSON_FIELDS = ("id", *policy.PERSON_ACCESS_FIELDS)


def _rows(viewer, ids, *, fields):
    names = policy.visible(PersonName.objects.filter(pk__in=ids), viewer).filter(person__merged_into__isnull=True)
    return names.order_by().values_list("pk", "text", *(f"person__{f}" for f in fields))


_ROWS: dict[tuple[str, ...], Statement] = {}


def _visible_rows(ids: list[int], viewer: policy.Viewer, fields: tuple[str, ...] = _PERSON_FIELDS) -> dict[int, tuple]:
    """Name id → (text, person field values) for the names of `ids` the viewer may see, of a
    person they may see: one query driven by primary keys, returning plain values (hundreds of
    rows: model instances for them would cost more than the query). visible() on names already
    holds the person's own conditions; a visible person is also one not merged into another."""
    rows = _ROWS.get(fields) or _ROWS.setdefault(fields, Statement(partial(_rows, fields=fields)))
    return {row[0]: row[1:] for row in rows(viewer, ids)}


def _prefix(viewer, low, high):
    return (PersonName.objects.filter(folded__gte=low, folded__lt=high)
            .order_by("folded").values_list("pk")[:PREFIX_SCAN * 4])


_PREFIX = Statement(_prefix)


def _prefix_block(folded: str) -> list[int]:
    """Names, in folded order, that start like the query: an index range scan."""
    prefix = folded[: max(3, len(folded) // 2)]
    if len(prefix) < 3:
        return []
    return [pk for pk, in _PREFIX(policy.PUBLIC, prefix, prefix + "\uffff")]


def candidates(query: str, viewer: policy.Viewer, fields: tuple[str, ...] = _PERSON_FIELDS) -> dict[int, tuple]:
    """The names worth rescoring, as _visible_rows() gives them: the CANDIDATES best by key
    weight and the first PREFIX_SCAN by folded prefix, among those the viewer may see."""
    ranked = ranked_names(name_keys(query))
    block = _prefix_block(normalize(query))
    keyed: list[int] = []
    rows: dict[int, tuple] = {}
    near: list[int] = []
    for turn in range(ROUNDS):
        batch = ranked[turn * STEP:(turn + 1) * STEP]
        if not batch and turn:
            break
        seen = _visible_rows(batch + (block if turn == 0 else []), viewer, fields)
        rows.update(seen)
        keyed.extend(pk for pk in batch if pk in seen)
        if turn == 0:
            near = [pk for pk in block if pk in seen][:PREFIX_SCAN]
        if len(keyed) >= CANDIDATES:
            break
    return {pk: rows[pk] for pk in (*keyed[:CANDIDATES], *near)}


def _in_model_order(fields: set[str]) -> tuple[str, ...]:
    """Person field names in the order of the model's columns, the order Model.from_db() takes
    the values of some of them in."""
    order = {f.attname: i for i, f in enumerate(Person._meta.concrete_fields)}
    return tuple(sorted(fields, key=order.__getitem__))


@functools.lru_cache(maxsize=150_000)
def _prepared(text: str):
    """Names are rescored again and again by a long-running server: prepare each once. A
    prepared name takes about 750 bytes, so that the names of a registry of 100,000 persons
    (some 150,000) fit in about 110 MB per server process; with fewer kept, searches spread
    over the registry kept preparing the same names again (0.15-0.3 ms each, 3 ms a search)."""
    return prepare(text)


def search_persons(query: str, viewer: policy.Viewer, limit: int = 10, fields: tuple[str, ...] = ()) -> list[Hit]:
    """The persons whose names best match `query`, best first; one hit per person. Each hit's
    person is loaded with its id, the fields the access layer decides on and `fields`; any
    other field is read when first asked for."""
    query = query.strip()
    if not query:
        return []
    loaded = _in_model_order({*_PERSON_FIELDS, *fields})
    chosen = candidates(query, viewer, loaded)
    prepared_query = prepare(query)
    folded_query = query.casefold()
    best: dict[int, tuple[float, bool, int, str, tuple[str, ...]]] = {}
    for pk, (text, *person) in chosen.items():
        match = compare_prepared(prepared_query, _prepared(text))
        person_id, score, exact = person[0], match.score, text.casefold() == folded_query
        current = best.get(person_id)
        if current is None or score > current[0] or (score == current[0] and exact):
            best[person_id] = (round(score, 4), exact, pk, text, tuple(match.reasons))
    ranked = sorted(best, key=lambda person_id: (-best[person_id][0], person_id))[:limit]
    # The persons as if loaded by .only(loaded), from the rows already read: no second query.
    values = {pk: person for pk, (_, *person) in chosen.items()}
    db = PersonName.objects.db
    return [Hit(Person.from_db(db, loaded, values[best[p][2]]), best[p][3], best[p][0], best[p][4])
            for p in ranked]
