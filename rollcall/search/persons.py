"""Person search across spellings and scripts, through the access layer.

Two steps, as in rollcall.names.index: candidates from shared blocking keys (rare keys weigh
more) and from the names whose folded form starts like the query's; then every candidate is
rescored with rollcall.names.compare. Only names the viewer may see are ever candidates.
"""

from __future__ import annotations

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
MAX_POSTINGS = 20_000


@dataclass(frozen=True)
class Hit:
    person: Person
    name: str
    score: float
    reasons: tuple[str, ...]


def _key_candidates(keys: list[str], names) -> dict[int, float]:
    if not keys:
        return {}
    frequencies = dict(
        NameKey.objects.filter(key__in=keys).values_list("key").annotate(n=Count("id")).values_list("key", "n")
    )
    usable = sorted((k for k in frequencies if frequencies[k] <= MAX_POSTINGS), key=frequencies.get)
    if not usable and frequencies:
        usable = [min(frequencies, key=frequencies.get)]
    total = max(1, sum(frequencies.values()))
    weights: dict[int, float] = defaultdict(float)
    rows = NameKey.objects.filter(key__in=usable, name__in=names).values_list("name_id", "key")
    for name_id, key in rows.iterator(chunk_size=5000):
        weights[name_id] += math.log(1 + total / frequencies[key])
    return weights


def _prefix_candidates(folded: str, names) -> list[int]:
    prefix = folded[: max(3, len(folded) // 2)]
    if len(prefix) < 3:
        return []
    return list(names.filter(folded__gte=prefix, folded__lt=prefix + "\uffff")
                .values_list("pk", flat=True)[:PREFIX_SCAN])


def search_persons(query: str, viewer: policy.Viewer, limit: int = 10) -> list[Hit]:
    """The persons whose names best match `query`, best first; one hit per person."""
    query = query.strip()
    if not query:
        return []
    names = policy.visible(PersonName.objects.all(), viewer)
    persons = policy.visible(Person.objects.all(), viewer)
    names = names.filter(person__in=persons)
    weights = _key_candidates(name_keys(query), names)
    chosen = set(sorted(weights, key=weights.get, reverse=True)[:CANDIDATES])
    chosen.update(_prefix_candidates(normalize(query), names))
    prepared_query = prepare(query)
    best: dict[int, Hit] = {}
    rows = PersonName.objects.filter(pk__in=chosen).select_related("person")
    for row in rows:
        match = compare_prepared(prepared_query, prepare(row.text))
        current = best.get(row.person_id)
        exact = row.text.casefold() == query.casefold()
        if current is None or match.score > current.score or (match.score == current.score and exact):
            best[row.person_id] = Hit(row.person, row.text, round(match.score, 4), tuple(match.reasons))
    return sorted(best.values(), key=lambda h: (-h.score, h.person.pk))[:limit]
