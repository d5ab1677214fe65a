from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from rollcall.names import NameIndex, detect_script
from rollcall.names.synthetic import generate, render

DATA = yaml.safe_load(
    (Path(__file__).parent / "data" / "names" / "spelling_groups.yaml").read_text(encoding="utf-8")
)
DISTRACTORS = 5000
TOP = 5


@pytest.fixture(scope="module")
def index() -> NameIndex:
    rng = random.Random(11)
    index = NameIndex()
    for n, person in enumerate(generate(DISTRACTORS, seed=11)):
        index.add(("distractor", n), render(person, rng))
    for group in DATA["groups"]:
        for i, spelling in enumerate(group["spellings"]):
            index.add((group["id"], i), spelling)
    return index


def _found(index: NameIndex, query: str, group: dict, target: int) -> bool:
    """Is spelling ``target`` among the first 5, not counting the group's other spellings?"""
    results = index.search(query, limit=TOP + len(group["spellings"]))
    others = {(group["id"], i) for i in range(len(group["spellings"])) if i != target}
    ranked = [r[0] for r in results if r[0] not in others]
    return (group["id"], target) in ranked[:TOP]


def test_any_spelling_finds_the_others_among_the_first_five(index: NameIndex) -> None:
    hits: dict[str, list[bool]] = defaultdict(list)
    misses = []
    for group in DATA["groups"]:
        spellings = group["spellings"]
        for q, query in enumerate(spellings):
            for t in range(len(spellings)):
                if t == q:
                    continue
                found = _found(index, query, group, t)
                hits[detect_script(query)].append(found)
                if not found:
                    misses.append(f"{query} -> {spellings[t]}")
    every = [h for found in hits.values() for h in found]
    assert sum(every) / len(every) >= 0.95, misses
    for script, found in hits.items():
        assert sum(found) / len(found) >= 0.9, (script, misses)


def test_a_search_returns_ids_names_and_scores_best_first(index: NameIndex) -> None:
    results = index.search("Серікжан Біләшұлы", limit=3)
    assert len(results) == 3
    assert results[0][0][0] == "serikzhan-bilash"
    assert results[0][2] >= results[1][2] >= results[2][2]


def test_an_unknown_name_returns_weak_results_or_none(index: NameIndex) -> None:
    results = index.search("Qwrtzp Xvbnm", limit=5)
    assert all(score < 0.85 for _, _, score in results)


def test_a_name_added_after_a_search_is_found() -> None:
    index = NameIndex()
    index.add(1, "Gaukhar Kurmanaliyeva")
    assert index.search("Гаухар Курманалиева")[0][0] == 1
    index.add(2, "Ilham Tohti")
    assert index.search("ئىلھام توختى")[0][0] == 2
    assert len(index) == 2


def test_an_empty_index_finds_nothing() -> None:
    assert NameIndex().search("Serikzhan Bilash") == []


def test_names_written_alike_are_one_entry_and_all_come_back() -> None:
    index = NameIndex()
    for n in range(12):
        index.add(n, "Hoshur Sawut" if n % 2 else "Hoshur Sauut")
    index.add(99, "Ilham Tohti")
    assert len(index._entries) == 2
    results = index.search("Hoshur Sawut", limit=20)
    assert sorted(r[0] for r in results[:12]) == list(range(12))
    assert {r[2] for r in results[:12]} == {1.0}


def test_names_that_tie_take_turns_across_spellings() -> None:
    index = NameIndex()
    for n in range(8):
        index.add(("latin", n), "Kamil Ubul")
    index.add(("cyrillic", 0), "Камил Убул")
    index.add(("reversed", 0), "Ubul Kamil")
    results = index.search("Kamil Ubul", limit=4)
    kinds = {r[0][0] for r in results}
    assert {"latin", "reversed"} <= kinds


def test_the_pool_holds_the_nearest_spellings_by_jaro_winkler(index: NameIndex) -> None:
    from rapidfuzz.distance import JaroWinkler

    from rollcall.names import normalize

    everything = [normalize(index.record(p)[1]) for p in range(len(index))]
    for query in ("Serikjan Bilash", "Gulnar Umbetova", "Ilham Tohti", "Qwrtzp Xvbnm"):
        folded = normalize(query)
        best = sorted(JaroWinkler.normalized_similarity(folded, s) for s in everything)[-10]
        pooled = sorted(
            (JaroWinkler.normalized_similarity(folded, everything[p]) for p in index.pool(query)),
            reverse=True,
        )[:10]
        assert all(score >= best - 1e-6 for score in pooled), query


def test_names_added_after_a_search_are_found_before_and_after_a_rebuild() -> None:
    index = NameIndex()
    index.add(0, "Serikzhan Bilash")
    index.search("Serikzhan Bilash")
    index.add(1, "Gaukhar Kurmanaliyeva")
    assert index.search("Гаухар Курманалиева")[0][0] == 1
    assert 1 in [index.record(p)[0] for p in index.near_spellings("Gaukhar Kurmanalieva")]
    rng = random.Random(2)
    for n, person in enumerate(generate(4000, seed=2), start=2):  # past the rebuild threshold
        index.add(n, render(person, rng))
    assert index.search("Гаухар Курманалиева")[0][0] == 1
    assert index._built == len(index._entries) > 2000
