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
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from rollcall.access import policy
from rollcall.names import compare_prepared, name_keys, normalize, prepare
from rollcall.registry.models import Person, PersonName
from rollcall.search.models import NameKey

CANDIDATES = 60
PREFIX_SCAN = 20
BUDGET = 12_000  # postings read per query, rarest keys first
ROUNDS = 4  # short lists of CANDIDATES * 4 names tried before giving up on filling CANDIDATES


@dataclass(frozen=True)
class Hit:
    person: Person
    name: str
    score: float
    reasons: tuple[str, ...]


def key_weights(keys: list[str]) -> dict[int, float]:
    """Name id → summed weight log(1 + N / postings) of the keys it shares with the query."""
    if not keys:
        return {}
    frequencies = dict(
        NameKey.objects.filter(key__in=keys).order_by().values_list("key").annotate(n=Count("key"))
    )
    if not frequencies:
        return {}
    usable, work = [], 0
    for key in sorted(frequencies, key=frequencies.get):
        if usable and work + frequencies[key] > BUDGET:
            break
        usable.append(key)
        work += frequencies[key]
    total = max(1, sum(frequencies.values()))
    weight_of = {key: math.log1p(total / frequencies[key]) for key in usable}
    weights: dict[int, float] = defaultdict(float)
    for name_id, key in NameKey.objects.filter(key__in=usable).values_list("name_id", "key").iterator(2000):
        weights[name_id] += weight_of[key]
    return weights


def _seen(names, viewer: policy.Viewer) -> set[int]:
    """Of the names in the queryset `names`, those the viewer may see, of a person they may see.

    Two queries driven by primary keys, returning plain values (hundreds of rows: building model
    instances for them costs more than the queries): SQLite plans a join with the visible-persons
    subquery by scanning every person."""
    rows = list(policy.visible(names, viewer).order_by().values_list("pk", "person_id"))
    persons = set(policy.visible(Person.objects.filter(pk__in={p for _, p in rows}), viewer)
                  .order_by().values_list("pk", flat=True))
    return {pk for pk, person in rows if person in persons}


def _prefix_block(folded: str) -> list[int]:
    """Names, in folded order, that start like the query: an index range scan."""
    prefix = folded[: max(3, len(folded) // 2)]
    if len(prefix) < 3:
        return []
    return list(PersonName.objects.filter(folded__gte=prefix, folded__lt=prefix + "\uffff")
                .order_by("folded").values_list("pk", flat=True)[:PREFIX_SCAN * 4])


def candidates(query: str, viewer: policy.Viewer) -> set[int]:
    """Ids of the names worth rescoring: the CANDIDATES best by key weight and the first
    PREFIX_SCAN by folded prefix, among those the viewer may see."""
    weights = key_weights(name_keys(query))
    ranked = sorted(weights, key=lambda pk: (-weights[pk], pk))
    block = _prefix_block(normalize(query))
    step = CANDIDATES * 4
    keyed: list[int] = []
    near: list[int] = []
    for turn in range(ROUNDS):
        batch = ranked[turn * step:(turn + 1) * step]
        if not batch and turn:
            break
        seen = _seen(PersonName.objects.filter(pk__in=batch + (block if turn == 0 else [])), viewer)
        keyed.extend(pk for pk in batch if pk in seen)
        if turn == 0:
            near = [pk for pk in block if pk in seen][:PREFIX_SCAN]
        if len(keyed) >= CANDIDATES:
            break
    return set(keyed[:CANDIDATES]) | set(near)


@functools.lru_cache(maxsize=20_000)
def _prepared(text: str):
    """Names are rescored again and again by a long-running server: prepare each once."""
    return prepare(text)


def search_persons(query: str, viewer: policy.Viewer, limit: int = 10) -> list[Hit]:
    """The persons whose names best match `query`, best first; one hit per person."""
    query = query.strip()
    if not query:
        return []
    chosen = candidates(query, viewer)
    prepared_query = prepare(query)
    best: dict[int, Hit] = {}
    # The person's fields that hits are read for (id, status, access); the rest, some of them
    # encrypted, stay unread unless a caller asks.
    rows = PersonName.objects.filter(pk__in=chosen).select_related("person").only(
        "text", "person_id", *(f"person__{f}" for f in policy.PERSON_ACCESS_FIELDS))
    for row in rows:
        match = compare_prepared(prepared_query, _prepared(row.text))
        current = best.get(row.person_id)
        exact = row.text.casefold() == query.casefold()
        if current is None or match.score > current.score or (match.score == current.score and exact):
            best[row.person_id] = Hit(row.person, row.text, round(match.score, 4), tuple(match.reasons))
    return sorted(best.values(), key=lambda h: (-h.score, h.person.pk))[:limit]
