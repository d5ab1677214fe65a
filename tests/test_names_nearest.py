from __future__ import annotations

import random

import pytest
from rapidfuzz.distance import JaroWinkler

from rollcall.names import normalize
from rollcall.names.nearest import NearestStrings, signature
from rollcall.names.synthetic import generate, render, variant

SIZE = 3000


@pytest.fixture(scope="module")
def spellings() -> tuple[list[str], list[str]]:
    rng = random.Random(5)
    people = generate(SIZE, seed=5)
    strings = sorted({normalize(render(p, rng)) for p in people})
    queries = [normalize(variant(rng.choice(people), rng)) for _ in range(60)]
    return strings, queries


def _kth_best(query: str, strings: list[str], weights: list[int], k: int) -> float:
    scored = sorted(
        (
            (JaroWinkler.normalized_similarity(query, s), w)
            for s, w in zip(strings, weights, strict=True)
        ),
        reverse=True,
    )
    reached = 0
    for score, weight in scored:
        reached += weight
        if reached >= k:
            return score
    return 0.0


def test_it_finds_the_same_best_scores_as_comparing_every_string(spellings) -> None:
    strings, queries = spellings
    weights = [1 + i % 4 for i in range(len(strings))]
    nearest = NearestStrings(strings, weights)
    for query in queries:
        found = nearest.top(query, k=10)
        assert sum(weights[i] for i, _ in found) >= 10
        for i, score in found:
            assert score == pytest.approx(JaroWinkler.normalized_similarity(query, strings[i]))
        assert found[-1][1] == pytest.approx(_kth_best(query, strings, weights, 10), abs=1e-6)


def test_seeds_change_nothing_but_the_work(spellings) -> None:
    strings, queries = spellings
    nearest = NearestStrings(strings)
    for query in queries[:20]:
        plain = [round(s, 6) for _, s in nearest.top(query, k=5)]
        seeded = [round(s, 6) for _, s in nearest.top(query, k=5, seeds=range(0, len(strings), 7))]
        assert plain == seeded


def test_a_heavy_string_alone_can_stand_for_the_k_best() -> None:
    nearest = NearestStrings(["ilham tokti", "ilkam tokti", "alim tokti"], [12, 1, 1])
    assert nearest.top("ilham tokti", k=10) == [(0, 1.0)]


def test_letters_outside_the_signature_still_bound_the_score() -> None:
    strings = ["ŋaŋa", "яяя", "abc", "ŋaŋaŋ"]
    nearest = NearestStrings(strings)
    found = nearest.top("ŋaŋaŋ", k=2)
    assert [strings[i] for i, _ in found] == ["ŋaŋaŋ", "ŋaŋa"]
    bits, overflow = signature("ŋaŋa")
    assert overflow == 2 and bits


def test_an_empty_query_or_list_finds_nothing() -> None:
    assert NearestStrings([]).top("serikjan") == []
    assert NearestStrings(["serikjan"]).top("") == []
