"""Import rows decided in DuckDB: the SQL score agrees with the Python scorer, names are prepared
alike in this process and in workers, and registry names are read back from their folded form."""

from __future__ import annotations

import random

import pytest

from rollcall.linkage import scoring
from rollcall.linkage.candidates import Registry, load_registry
from rollcall.linkage.features import Features, fold_address
from rollcall.linkage.importing import Row, address_similarity, load_rows
from rollcall.linkage.linking import Linker
from rollcall.linkage.preparing import Preparer, prepare_text, prepare_whole, tokens_of_folded
from rollcall.names import prepare
from rollcall.names.synthetic import generate, render, variant
from rollcall.registry.models import Person, PersonName, Place
from rollcall.search.models import NameKey

SPELLINGS = [
    "Serikzhan Bilash", "Серикжан Билаш", "Серікжан Біләшұлы", "Bilash Serikzhan", "Gaukhar Kurmanaliyeva",
    "Гаухар Курманалиева", "Kurmangaliyev Gaukhar", "Yerbol Dauletbek", "Yerlan Dauletbek", "Bakhyt Zharykbasova",
    "Baqyt Zharyqbasova", "Akikat Kaliolla", "Kali Olla Akikat", "Kassym Kassymzhomart", "Mukhammed Tokhti",
    "Mamet Tohti", "Бияш Серикжан", "Gulfiya Kazybek kyzy", "Kazybek uly Yerbol", "ئەركىن دىلنۇر",
]


@pytest.mark.parametrize("text", SPELLINGS)
def test_registry_words_read_from_the_folded_form_are_those_prepare_gives(text):
    prepared = prepare(text)
    roots, gender = tokens_of_folded(prepared.folded)
    assert roots == tuple(t.root for t in prepared.tokens)
    assert gender == prepared.gender


@pytest.mark.parametrize("text", [*SPELLINGS, "赛尔克坚·比拉什", "Serik-Bilash (Серик)", "Bilash  uly", "uly Bilash",
                                  "Ж. Б.", "ЕРБОЛ ЕСЕНОВ", "Serik Билаш", "  ", ""])
def test_a_name_prepared_word_by_word_is_the_name_prepared_whole(text):
    assert prepare_text(text) == prepare_whole(text)


def test_synthetic_names_in_every_script_are_prepared_word_by_word_as_whole():
    rng = random.Random(5)
    texts = []
    for person in generate(1500, seed=5):
        texts += [render(person, rng), variant(person, rng)]
        texts += [render(person, rng, script) for script in ("latin", "cyrillic", "arabic", "russian")]
    assert [prepare_text(t) for t in texts] == [prepare_whole(t) for t in texts]


def test_names_prepared_in_worker_processes_are_those_prepared_here():
    texts = SPELLINGS * 3 + ["赛尔克坚·比拉什"]
    here = Preparer(workers=0)
    here.add(texts)
    there = Preparer(workers=2, parallel_from=0)  # the pool at once, however few the names
    there.add(texts)
    assert there.pool is not None and there.futures
    assert here.results() == there.results() == {t: prepare_text(t) for t in set(texts)}


def test_a_short_list_waits_and_is_prepared_here_without_workers():
    preparer = Preparer(workers=2, parallel_from=1000)
    preparer.add(SPELLINGS)
    assert preparer.pool is None and preparer.pending and not preparer.done  # nothing prepared yet
    assert preparer.results() == {t: prepare_text(t) for t in set(SPELLINGS)}
    assert preparer.pool is None and not preparer.futures


def _registry():
    ili = Place.objects.create(name="Ili", kind="prefecture")
    tekes = Place.objects.create(name="Tekes", kind="county", parent=ili)
    aksu = Place.objects.create(name="Aksu", kind="village", parent=tekes)
    koktal = Place.objects.create(name="Koktal", kind="village", parent=tekes)
    people = [
        ("Serikzhan Bilash", dict(sex="male", birth_date="1974-06-10", home_place=aksu, ethnicity="kazakh")),
        ("Gaukhar Kurmanaliyeva", dict(sex="female", birth_date="1980", citizenship="kazakhstan")),
        ("Yerbol Dauletbek", dict(sex="male", birth_date="1979-03-02", home_place=koktal, address="Abai 12, Almaty")),
        ("Bakhyt Zharykbasova", dict(sex="female", birth_date="1983-11", ethnicity="uyghur")),
        ("Mukhammed Tokhti", dict(birth_date="1965-01-20")),
    ]
    out = []
    for name, fields in people:
        person = Person.objects.create(**fields)
        PersonName.objects.create(person=person, text=name)
        out.append(person)
    return out, {"aksu": aksu, "koktal": koktal, "tekes": tekes}


def _row(number, names, places=None, **fields):
    from rollcall.linkage.importing import _bounds

    row = Row(number, names, {}, {}, **fields)
    if row.birth_date:
        row.birth_earliest, row.birth_latest = _bounds(row.birth_date)
    return row


def _loaded(rows):
    """The registry and a linker with the registry's tables and the rows' loaded."""
    registry = Registry()
    prepared = {t: prepare_text(t) for r in rows for t in r.names}
    linker = Linker()
    load_registry(linker, registry)
    load_rows(linker, registry, rows, prepared)
    return registry, linker


def test_the_sql_score_of_every_candidate_pair_is_the_python_scorers(db):
    persons, places = _registry()
    rows = [
        _row(2, ["Серикжан Билаш"], sex="male", birth_date="1974-06-10", birthplace=places["aksu"].pk,
             ethnicity="kazakh"),
        _row(3, ["Серікжан Біләшұлы", "Bilash Serikzhan"], birth_date="1974-10-06"),
        _row(4, ["Gaukar Kurmanaliyeva"], sex="female", birth_date="1980-05-01", citizenship="china"),
        _row(5, ["Kurmangaliyev Gaukhar"], sex="male"),
        _row(6, ["Yerlan Dauletbek"], birth_date="1979-03-02", birthplace=places["tekes"].pk, address="Abai street 12 Almaty"),
        _row(7, ["Baqyt Zharyqbasova"], ethnicity="kazakh", birth_date="1983"),
        _row(8, ["Mamet Tohti"], birth_date="1966-01-20"),
    ]
    registry, linker = _loaded(rows)
    linker.run(addresses=lambda pairs: address_similarity(pairs, rows))
    sql = {(r, p): (w, prob) for r, p, w, prob in
           linker.db.execute("SELECT row_id, person_id, weight, probability FROM scored").fetchall()}
    known = registry.features([p.pk for p in persons])
    compared = 0
    for (i, pid), (weight, probability) in sql.items():
        row = rows[i]
        features = Features(None, [prepare(n) for n in row.names], row.birth_earliest, row.birth_latest, row.sex,
                            registry.location(row.birthplace), row.ethnicity, row.citizenship,
                            fold_address(row.address))
        expected = scoring.score(features, known[pid])
        assert weight == pytest.approx(expected.weight, abs=0.01), (row.names, known[pid].names, expected.agreements)
        assert probability == pytest.approx(expected.probability, abs=1e-4)
        compared += 1
    # every row found its person (the registry has one candidate per row here)
    assert {rows[i].row for i, _ in sql} == {2, 3, 4, 5, 6, 7, 8}
    assert compared >= 7


def test_a_key_shared_by_too_many_persons_is_not_used_alone(db):
    linker = Linker()
    many = list(range(1000, 1000 + 600))
    ids = [1, 2, *many]
    linker.load("persons", {"person_id": ids, "sex": [None] * len(ids), "b_lo": [None] * len(ids),
                            "b_hi": [None] * len(ids), "village": [None] * len(ids), "county": [None] * len(ids),
                            "prefecture": [None] * len(ids), "ethnicity": [None] * len(ids),
                            "citizenship": [None] * len(ids), "has_address": [False] * len(ids)})
    linker.load("pkeys", {"key": ["p:ser+bil"] * 2 + ["r:serik"] * len(many),
                          "person_id": [1, 2] + many})
    for table in ("pnames", "ptexts", "ptok", "pdocs", "itexts", "itok"):
        linker.create_empty(table)
    linker.load("rows", {"row_id": [0], "sex": [None], "b_lo": [None], "b_hi": [None], "village": [None],
                         "county": [None], "prefecture": [None], "ethnicity": [None], "citizenship": [None],
                         "document": [""], "has_address": [False]})
    linker.load("row_names", {"row_id": [0], "nidx": [0], "text_id": [0]})
    linker.load("ikeys", {"text_id": [0, 0], "key": ["p:ser+bil", "r:serik"]})
    linker.candidates()
    pairs = linker.db.execute("SELECT person_id FROM pair ORDER BY 1").fetchall()
    assert pairs == [(1,), (2,)]  # the 600 who share only the given name are not candidates


def _keyed_linker(persons: dict[int, str | None], postings: dict[str, list[int]], row_keys: list[str],
                  row_born: str | None) -> Linker:
    """A registry of persons (id -> exact birth date) with the given key postings, and one row."""
    import datetime as dt

    linker = Linker()
    ids = list(persons)
    born = [dt.date.fromisoformat(d) if d else None for d in persons.values()]
    none = [None] * len(ids)
    linker.load("persons", {"person_id": ids, "sex": none, "b_lo": born, "b_hi": born, "village": none,
                            "county": none, "prefecture": none, "ethnicity": none, "citizenship": none,
                            "has_address": [False] * len(ids)})
    linker.load("pkeys", {"key": [k for k, pids in postings.items() for _ in pids],
                          "person_id": [p for pids in postings.values() for p in pids]})
    for table in ("pnames", "ptexts", "ptok", "pdocs", "itexts", "itok"):
        linker.create_empty(table)
    day = dt.date.fromisoformat(row_born) if row_born else None
    linker.load("rows", {"row_id": [0], "sex": [None], "b_lo": [day], "b_hi": [day], "village": [None],
                         "county": [None], "prefecture": [None], "ethnicity": [None], "citizenship": [None],
                         "document": [""], "has_address": [False]})
    linker.load("row_names", {"row_id": [0], "nidx": [0], "text_id": [0]})
    linker.load("ikeys", {"text_id": [0] * len(row_keys), "key": row_keys})
    return linker


def test_a_common_key_is_used_with_the_birth_year_when_the_budget_is_spent(db):
    from rollcall.linkage.linking import DATED_BUDGET, KEY_BUDGET, TOP_CANDIDATES

    common = list(range(100, 100 + KEY_BUDGET + DATED_BUDGET + 50))  # more than both budgets
    persons = {1: "1971-02-03", **{p: f"{1930 + p % 60}-01-01" for p in common}, 7: "1974-06-10"}
    postings = {"p:ser+bil": [1], "z:slkjn+bls": [7, *common]}
    found = _keyed_linker(persons, postings, ["p:ser+bil", "z:slkjn+bls"], "1974-06-10")
    found.candidates()
    pairs = {p for (p,) in found.db.execute("SELECT person_id FROM pair").fetchall()}
    # the rare key alone; the common one only with the year 1974: person 7 and those born that year
    assert {1, 7} <= pairs
    assert all(p in (1, 7) or persons[p].startswith("1974") for p in pairs)
    assert len(pairs) <= TOP_CANDIDATES

    undated = _keyed_linker(persons, postings, ["p:ser+bil", "z:slkjn+bls"], None)
    undated.candidates()
    # without a birth year the common key is past the budget: the rare key's person only
    assert undated.db.execute("SELECT person_id FROM pair").fetchall() == [(1,)]


def test_the_strongest_candidates_are_kept_more_keys_and_the_same_birth_day_first_then_smaller_ids(db):
    from rollcall.linkage.linking import TOP_CANDIDATES

    persons = {p: None for p in range(50, 70)} | {68: "1974-06-10"}
    postings = {"p:aaa+bbb": list(range(50, 70)), "z:ab+cd": [65, 60]}
    linker = _keyed_linker(persons, postings, ["p:aaa+bbb", "z:ab+cd"], "1974-06-10")
    linker.candidates()
    kept = {p for (p,) in linker.db.execute("SELECT person_id FROM pair").fetchall()}
    # 68: one key and the birth day (3.05); 60 and 65: both keys (2.55); the others tie (1.05)
    assert len(kept) == TOP_CANDIDATES == 12
    assert kept == {68, 60, 65, *range(50, 59)}


def test_person_ids_too_large_to_rank_by_are_refused_not_misranked(db):
    linker = _keyed_linker({2 ** 32: None}, {"p:aaa+bbb": [2 ** 32]}, ["p:aaa+bbb"], None)
    with pytest.raises(ValueError, match="below 2"):
        linker.candidates()


def test_a_row_without_a_birth_year_spends_both_budgets_on_its_keys_alone(db):
    from rollcall.linkage.linking import DATED_BUDGET, KEY_BUDGET

    middle = list(range(100, 100 + KEY_BUDGET + DATED_BUDGET // 2))  # over one budget, under both
    persons = {1: None, **{p: None for p in middle}}
    postings = {"p:ser+bil": [1], "q:slk+bls": middle}
    linker = _keyed_linker(persons, postings, ["p:ser+bil", "q:slk+bls"], None)
    linker.candidates()
    assert linker.db.execute("SELECT count(*) FROM pair").fetchall()[0][0] > 1


def test_registry_keys_built_from_the_words_are_those_the_search_index_stores(db):
    rng = random.Random(9)
    texts = [*SPELLINGS, "赛尔克坚·比拉什", "张晓", "Reila Akikat", "Серик Бекұлы Алиев"]
    texts += [variant(p, rng) for p in generate(300, seed=9)]
    for i in range(0, len(texts), 2):
        person = Person.objects.create()
        for text in texts[i:i + 2]:
            PersonName.objects.create(person=person, text=text)
    stored = set(NameKey.objects.values_list("key", "name__person_id"))
    linker = Linker()
    load_registry(linker, Registry())
    built = set(linker.db.execute("SELECT key, person_id FROM pkeys").fetchall())
    assert len(stored) > 1000 and built == stored


def test_registry_keys_made_meanwhile_on_a_second_connection_are_the_same(db):
    for text in [*SPELLINGS, "赛尔克坚·比拉什", "Reila Akikat"]:
        PersonName.objects.create(person=Person.objects.create(), text=text)
    linker = Linker()
    load_registry(linker, Registry())
    at_once = set(linker.db.execute("SELECT key, person_id FROM pkeys").fetchall())
    linker.db.execute("DROP TABLE pkeys")
    keys = linker.meanwhile(Linker.registry_keys)
    linker.load("rows", {name: [] for name in ("row_id", "sex", "b_lo", "b_hi", "village", "county", "prefecture",
                                               "ethnicity", "citizenship", "document", "has_address")})
    keys.result()
    assert at_once and set(linker.db.execute("SELECT key, person_id FROM pkeys").fetchall()) == at_once


def test_a_step_run_meanwhile_raises_its_error_when_its_result_is_asked():
    linker = Linker()
    failed = linker.meanwhile(lambda twin: twin.db.execute("SELECT * FROM no_such_table"))
    with pytest.raises(Exception, match="no_such_table"):
        failed.result()
    assert linker.db.execute("SELECT 1").fetchone() == (1,)  # the linker's own connection is untouched


def test_rows_scored_in_parts_get_what_all_rows_at_once_get(db):
    persons, places = _registry()
    rows = [
        _row(2, ["Серикжан Билаш"], sex="male", birth_date="1974-06-10", birthplace=places["aksu"].pk),
        _row(3, ["Серікжан Біләшұлы", "Bilash Serikzhan"], birth_date="1974-10-06"),
        _row(4, ["Gaukar Kurmanaliyeva"], sex="female", birth_date="1980-05-01"),
        _row(5, ["Kurmangaliyev Gaukhar"], sex="male"),
        _row(6, ["Yerlan Dauletbek"], birth_date="1979-03-02", address="Abai street 12 Almaty"),
    ]
    _, linker = _loaded(rows)
    linker.link(addresses=lambda pairs: address_similarity(pairs, rows))
    parts = list(linker.parts(size=2, first_size=1, threads_later=1))
    assert [(start, end) for start, end, _ in parts] == [(0, 1), (1, 3), (3, 5)]
    in_parts = [(start, end, best.to_pylist()) for start, end, best in parts]
    assert all(start <= r["row_id"] < end for start, end, best in in_parts for r in best)
    linker.name_scores()
    linker.score()
    at_once = linker.best().arrow()
    at_once = (at_once.read_all() if hasattr(at_once, "read_all") else at_once).to_pylist()
    assert sorted(at_once, key=lambda r: r["row_id"]) == sorted((r for _, _, best in in_parts for r in best),
                                                              key=lambda r: r["row_id"])
    assert {r["row_id"] for r in at_once} == {0, 1, 2, 3, 4}


def test_a_birth_day_one_typo_away_is_what_damerau_levenshtein_says():
    import datetime as dt
    import random

    import duckdb

    from rollcall.linkage.linking import YMD, _date_typo

    rng = random.Random(7)
    days = [dt.date(1974, 6, 10), dt.date(1974, 6, 1), dt.date(1974, 6, 11), dt.date(1947, 6, 10),
            dt.date(1970, 11, 5), dt.date(1971, 10, 5), dt.date(1974, 10, 6), dt.date(999, 6, 10),
            dt.date(1974, 12, 1), dt.date(1974, 10, 21)]
    days += [dt.date(rng.randint(1930, 2010), rng.randint(1, 12), rng.randint(1, 28)) for _ in range(150)]
    db = duckdb.connect()
    db.execute("CREATE TABLE d AS SELECT unnest(?::DATE[]) AS b_lo", [days])
    db.execute(f"CREATE TABLE t AS SELECT b_lo, b_lo AS b_hi, {YMD} AS ymd FROM d")
    differing = db.execute(f"""
        SELECT count(*), count(*) FILTER (WHERE damerau_levenshtein(strftime(a.b_lo, '%Y%m%d'),
                                                                    strftime(b.b_lo, '%Y%m%d')) = 1)
        FROM t a, t b WHERE {_date_typo("a", "b")} IS DISTINCT FROM
          (damerau_levenshtein(strftime(a.b_lo, '%Y%m%d'), strftime(b.b_lo, '%Y%m%d')) = 1)""").fetchone()
    assert differing == (0, 0)
    typos = db.execute(f"SELECT count(*) FROM t a, t b WHERE {_date_typo('a', 'b')}").fetchone()[0]
    assert typos >= 8  # the hand-picked days hold substitutions and transpositions
