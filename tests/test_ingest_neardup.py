from __future__ import annotations

from pathlib import Path

from rollcall.ingest.neardup import NearDupIndex, facts, from_bytes, signature, to_bytes

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
