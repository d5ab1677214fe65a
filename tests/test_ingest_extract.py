from __future__ import annotations

from pathlib import Path

from rollcall.ingest.document import Document
from rollcall.ingest.extract import extract_document, extract_path
from rollcall.ingest.extract.quantities import find

DATA = Path(__file__).parent / "data" / "ingest"




def test_it_returns_the_design_format():
    out = extract_path(DATA / "seeds" / "004_7735045e0559ebaa.txt")[0]
    for key in ("file", "title", "language", "persons", "organizations", "places", "claims", "events"):
        assert key in out
    assert {"name", "role"} <= set(out["persons"][0])
    assert {"value", "quantity", "what", "attributed_to", "text"} <= set(out["claims"][0])


def test_a_surname_alone_is_attributed_to_the_full_name():
    doc = Document(text="Foreign Minister Beibut Atamkulov visited. “We received more than a thousand requests,” said Atamkulov.")
    claims = extract_document(doc)["claims"]
    assert claims[0]["value"] == 1000 and claims[0]["qualifier"] == "more_than"
    assert claims[0]["attributed_to"] == "Beibut Atamkulov"
    assert claims[0]["what"] == "requests_received"


def test_it_recognises_kazakh_and_chinese_names_and_roles():
    doc = Document(text="Ambassador Zhang Xiao met activist Gulnara Bazhkenova and Nurlan Kokteubayuly, a journalist, in Almaty.")
    persons = {p["name"]: p["role"] for p in extract_document(doc)["persons"]}
    assert persons["Zhang Xiao"] == "official"
    assert "Gulnara Bazhkenova" in persons
    assert persons.get("Nurlan Kokteubayuly") == "journalist"


def test_quantities_keep_qualifier_and_range():
    q = {x.text: x for x in find("more than 1 million, 5 to 6, dozens, more than 90 percent, более тысячи")}
    assert q["more than 1 million"].value == 1_000_000 and q["more than 1 million"].qualifier == "more_than"
    assert (q["5 to 6"].low, q["5 to 6"].high) == (5, 6)
    assert q["dozens"].qualifier == "approximately"
    assert q["more than 90 percent"].percent
    assert q["более тысячи"].value == 1000


def test_events_carry_who_when_where_and_detail():
    doc = Document(
        text="Activist Nurzat Yermekbay said that on September 10 he was detained in Almaty for four hours.",
        published="2022-09-20",
    )
    ev = [e for e in extract_document(doc)["events"] if e["type"] == "detention"][0]
    assert ev["who"] == ["Nurzat Yermekbay"] and ev["when"] == "2022-09-10"
    assert ev["where"] == "Almaty" and ev["detail"] == "four hours"


def test_the_russian_path_finds_normalised_names_claims_and_events():
    out = extract_path(DATA / "ru_atajurt.txt")[0]
    assert out["language"] == "ru"
    names = {p["name"] for p in out["persons"]}
    assert {"Серикжан Билаш", "Мухтар Тлеуберди"} <= names
    claim = next(c for c in out["claims"] if c["value"] == 1000)
    assert claim["qualifier"] == "more_than" and claim["attributed_to"] == "Мухтар Тлеуберди"
    assert any(e["type"] == "detention" and "Серикжан Билаш" in e["who"] for e in out["events"])
    assert "Xinjiang" in out["places"]


def test_worker_processes_extract_what_one_process_extracts_in_the_same_order(tmp_path):
    from rollcall.ingest.document import ReadError
    from rollcall.ingest.extract import extract_paths

    (tmp_path / "empty.txt").write_bytes(b"")
    paths = [*sorted((DATA / "seeds").glob("*.txt")), tmp_path / "empty.txt", DATA / "ru_atajurt.txt"]
    here = list(extract_paths(paths, workers=0))
    there = list(extract_paths(paths, workers=2))
    assert [p for p, _ in there] == paths
    assert [r for _, r in there if not isinstance(r, Exception)] == [r for _, r in here if not isinstance(r, Exception)]
    (_, bad), = [(p, r) for p, r in there if isinstance(r, Exception)]
    assert isinstance(bad, ReadError) and "empty file" in str(bad)
