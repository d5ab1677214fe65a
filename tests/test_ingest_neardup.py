from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from rollcall.ingest.neardup import (
    NearDupIndex,
    fact_overlap,
    facts,
    from_bytes,
    shingles,
    signature,
    to_bytes,
)

SEED = Path(__file__).parent / "data" / "ingest" / "seeds" / "004_7735045e0559ebaa.txt"




def test_a_light_rewrite_is_found_by_text():
    text = SEED.read_text(encoding="utf-8")
    copy = text.replace("Astana", "Nur-Sultan", 2) + "\nRepublished with permission."
    idx = NearDupIndex()
    idx.add("orig", signature(text))
    assert idx.query(signature(copy))[0][0] == "orig"


def test_signatures_survive_storage_as_bytes():
    sig = signature("some words about camps in Xinjiang and relatives in Almaty")
    assert from_bytes(to_bytes(sig)).jaccard(sig) == 1.0


def test_a_heavy_rewrite_is_found_by_shared_facts():
    a = {"persons": [{"name": "Beibut Atamkulov"}], "claims": [{"value": 1000}, {"value": 33}, {"value": 23}], "events": []}
    b = {"persons": [{"name": "B. Atamkulov"}], "claims": [{"value": 1000}, {"value": 33}, {"value": 23}], "events": []}
    idx = NearDupIndex()
    idx.add("orig", signature("entirely different words one"), facts(a))
    hits = idx.query(signature("nothing in common at all here two"), facts(b))
    assert hits and hits[0][0] == "orig" and hits[0][2] == "facts"


def test_signatures_are_the_ones_datasketch_makes_by_default():
    """Stored signatures are compared across runs: drawing the permutations once changes nothing."""
    from datasketch import MinHash

    text = SEED.read_text(encoding="utf-8")
    plain = MinHash(num_perm=128, seed=1, scheme="affine32")
    plain.update_batch(list(shingles(text)))
    assert signature(text).jaccard(plain) == 1.0
    assert signature("another text entirely").jaccard(plain) < 0.1


def brute_force(idx: NearDupIndex, sig, facts_: set[str]) -> dict[str, tuple[float, str]]:
    """What the index finds, by comparing the query with every source (as it once did)."""
    import numpy as np

    def bands(hashvalues) -> list[bytes]:
        values = np.asarray(hashvalues, dtype=np.uint64)
        return [values[a:b].tobytes() for a, b in idx.lsh.hashranges]  # datasketch's bands

    mine = bands(sig.hashvalues)
    candidates = {k for k, row in idx.rows.items()  # one band the same: what LSH finds
                  if any(x == y for x, y in zip(bands(idx._matrix[row]), mine, strict=True))}
    found = {k: (sig.jaccard(from_bytes(idx._matrix[row].astype(np.uint64).tobytes())), "text")
             for k, row in idx.rows.items()
             if k in candidates}
    for k, f in idx.facts.items():
        if k not in found and fact_overlap(facts_, f) >= idx.fact_threshold:
            found[k] = (fact_overlap(facts_, f), "facts")
    return found


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sets(st.sampled_from([f"n:{i}" for i in range(12)]), max_size=6), min_size=1, max_size=25),
       st.sets(st.sampled_from([f"n:{i}" for i in range(12)]), max_size=6))
def test_the_inverted_index_of_facts_finds_what_comparing_with_every_source_finds(stored, query):
    idx = NearDupIndex()
    for i, f in enumerate(stored):
        idx.add(str(i), signature(f"story {i} " + " ".join(sorted(f))), f)
    sig = signature("story 0 " + " ".join(sorted(stored[0])))
    hits = idx.query(sig, query)
    assert {k: (round(s, 6), b) for k, s, b in hits} == {
        k: (round(s, 6), b) for k, (s, b) in brute_force(idx, sig, query).items()}
    best = idx.best(sig, query)
    assert (best is None) == (not hits) and (best is None or best[1] == hits[0][1])


def test_a_fact_shared_by_very_many_sources_does_not_find_candidates_alone():
    idx = NearDupIndex()
    idx.COMMON_FACT = 3
    for i in range(5):  # five stories sharing one surname, each with its own figures
        idx.add(str(i), signature(f"unrelated words number {i}"), {"p:xi", f"n:{i}", f"n:{i + 100}"})
    assert idx.best(signature("something else"), {"p:xi", "n:7", "n:8"}) is None
    hit = idx.best(signature("something else"), {"p:xi", "n:2", "n:102"})
    assert hit is not None and hit[0] == "2" and hit[2] == "facts"


def test_many_copies_of_a_story_are_found_as_datasketch_and_comparing_with_every_source_find_them():
    """Past the length where postings and buckets are read as numpy arrays (and joined by a mask)."""
    import random
    from collections import Counter

    from datasketch import MinHashLSH

    rng = random.Random(3)
    words = SEED.read_text(encoding="utf-8").split()[:300]
    idx, lsh = NearDupIndex(), MinHashLSH(threshold=0.5, num_perm=128)
    for i in range(300):
        copy = list(words)
        for _ in range(rng.choice([rng.randint(0, 40), 200])):  # a copy, or a rewrite
            copy[rng.randrange(len(copy))] = f"w{rng.randrange(50)}"
        facts_ = {f"n:{rng.randrange(8)}", f"p:{rng.randrange(4)}", f"d:{rng.randrange(6)}", "p:common"}
        sig = signature(" ".join(copy))
        idx.add(str(i), sig, facts_)
        lsh.insert(str(i), sig)
    idx.COMMON_FACT = 150  # "p:common" is in every source
    kinds: Counter[str] = Counter()
    for q in range(5):
        sig = signature(" ".join(words[q:]))
        query_facts = {f"n:{q}", f"p:{q}", f"d:{q}", "p:common"}
        hits = idx.query(sig, query_facts)
        expected = brute_force(idx, sig, query_facts)
        assert {k for k, _, b in hits if b == "text"} == set(lsh.query(sig))
        assert {k: (round(s, 6), b) for k, s, b in hits} == {k: (round(s, 6), b) for k, (s, b) in expected.items()}
        assert idx.best(sig, query_facts)[1] == hits[0][1]
        kinds.update(b for _, _, b in hits)
    assert kinds["text"] > 100 and kinds["facts"] > 10
