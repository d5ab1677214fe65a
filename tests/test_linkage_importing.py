"""`rollcall import`: staged batches, decisions against the registry, all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from rollcall.access import policy
from rollcall.access.models import AuditEntry, Revision
from rollcall.linkage.models import ImportRow
from rollcall.registry.models import Batch, Person, PersonName
from rollcall.search.persons import search_persons

DATA = Path(__file__).parent / "data" / "linkage"
PARTNER = DATA / "partner_list_ru.csv"


def imported(run_cli, path, *extra) -> dict:
    status, out, err = run_cli("import", path, "--json", *extra)
    assert status == 0, err
    return json.loads(out)


def test_it_matches_a_recorded_person_and_creates_the_others(demo, run_cli):
    result = imported(run_cli, PARTNER, "--label", "Atajurt list 2019")
    assert (result["rows"], result["errors"]) == (4, 0)
    by_row = {d["row"]: d for d in result["decisions"]}
    gaukhar = PersonName.objects.get(text="Gaukhar Kurmanaliyeva").person_id
    assert by_row[2]["decision"] == "matched" and by_row[2]["person_id"] == gaukhar
    assert by_row[2]["external_id"] == "1"
    assert by_row[4]["decision"] == "new"
    assert result["created"] + result["matched"] + result["ambiguous"] == 4


def test_the_batch_is_staged_restricted_and_labelled(demo, run_cli):
    result = imported(run_cli, PARTNER, "--label", "Atajurt list 2019")
    batch = Batch.objects.get(pk=result["batch"])
    assert (batch.kind, batch.state, batch.label) == ("import", "staged", "Atajurt list 2019")
    assert len(batch.file_sha256) == 64
    created = Person.objects.filter(batch=batch)
    assert created.count() == result["created"]
    assert not policy.visible(created, policy.PUBLIC).exists()
    assert all(p.sensitivity == 1 for p in created)


def test_created_persons_are_found_by_search_and_have_history(demo, run_cli):
    imported(run_cli, PARTNER)
    person = PersonName.objects.get(text="Ерлан Тохтарбек").person
    assert person.birth_date == "1975-03-12" and person.citizenship == "china" and person.sex == "male"
    admin = policy.viewer_for_role("administrator")
    assert search_persons("Yerlan Tokhtarbek", admin, 3)[0].person == person
    assert Revision.objects.filter(target="registry.person", object_id=str(person.pk), action="create").exists()
    assert AuditEntry.objects.filter(action="import").count() == 1


def test_unknown_columns_and_formulas_are_kept_as_text(demo, run_cli):
    imported(run_cli, PARTNER)
    row = ImportRow.objects.get(row=5)
    assert row.extra == {"Примечание": '=HYPERLINK("http://evil","click")'}
    assert row.data["name"] == "Айгерим Нурлановна Сагынбаева"
    assert ImportRow.objects.get(row=4).document == "650102197503120011"


def test_importing_the_same_file_twice_adds_nothing(demo, run_cli):
    first = imported(run_cli, PARTNER)
    counts = (Person.all_objects.count(), PersonName.all_objects.count(), ImportRow.objects.count())
    second = imported(run_cli, PARTNER)
    assert (Person.all_objects.count(), PersonName.all_objects.count(), ImportRow.objects.count()) == counts
    assert second["created"] == 0 and second["already_imported"] and second["batch"] == first["batch"]
    assert {d["person_id"] for d in second["decisions"]} >= {d["person_id"] for d in first["decisions"]
                                                               if d["decision"] != "ambiguous"}


def test_known_external_ids_under_the_same_label_are_matched_not_duplicated(db, run_cli, tmp_path):
    (tmp_path / "a.csv").write_text("id,name\nK-1,Serikzhan Bilash\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("id,name,note\nK-1,Serikzhan Bilash,updated\n", encoding="utf-8")
    first = imported(run_cli, tmp_path / "a.csv", "--label", "list K")
    second = imported(run_cli, tmp_path / "b.csv", "--label", "list K")
    assert second["decisions"][0]["decision"] == "matched"
    assert second["decisions"][0]["person_id"] == first["decisions"][0]["person_id"]
    assert Person.objects.count() == 1


def test_a_second_list_is_matched_against_the_first_across_scripts(db, run_cli, tmp_path):
    (tmp_path / "a.csv").write_text(
        "name,birth date,sex\nSerikzhan Bilash,1974-06-10,male\nGaukhar Kurmanaliyeva,1980,female\n"
        "Yerbol Dauletbek,1979,male\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(
        "ФИО,Дата рождения,Пол\nСерикжан Билаш,10.06.1974,м\nЕрлан Даулетбек,1985,м\n", encoding="utf-8")
    first = imported(run_cli, tmp_path / "a.csv")
    second = imported(run_cli, tmp_path / "b.csv")
    serikzhan = first["decisions"][0]["person_id"]
    assert second["decisions"][0]["decision"] == "matched" and second["decisions"][0]["person_id"] == serikzhan
    assert second["decisions"][0]["score"] >= 0.7
    assert second["decisions"][1]["decision"] == "new"


def test_an_xlsx_with_kazakh_and_chinese_headers_is_imported(db, run_cli, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Аты-жөні", "别名", "Жынысы", "民族", "Туған күні"])
    sheet.append(["Серікжан Біләш", "赛尔克坚·比拉什", "ер", "哈萨克族", "1974"])
    book.save(tmp_path / "list.xlsx")
    result = imported(run_cli, tmp_path / "list.xlsx")
    person = Person.objects.get(pk=result["decisions"][0]["person_id"])
    assert sorted(n.text for n in person.names.all()) == ["Серікжан Біләш", "赛尔克坚·比拉什"]
    assert (person.ethnicity, person.sex, person.birth_date) == ("kazakh", "male", "1974")


@pytest.mark.parametrize("name, message", [
    ("bad_sex.csv", "bad_sex.csv: row 3, column 'sex': unknown sex 'yes'"),
    ("missing_name.csv", "missing_name.csv: row 3, column 'given name': no name"),
    ("no_name_column.csv", "no name column"),
    ("latin1_list.csv", "not UTF-8 text"),
])
def test_bad_input_exits_2_with_one_line_and_stores_nothing(db, run_cli, name, message):
    status, out, err = run_cli("import", DATA / name, "--json")
    assert status == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1
    assert not Batch.objects.exists() and not Person.all_objects.exists() and not ImportRow.objects.exists()


def test_the_garbage_collector_is_off_while_a_list_is_imported_and_on_again_after(demo, run_cli, monkeypatch):
    import gc

    from rollcall.linkage import importing

    during = []
    real_decide = importing.decide
    monkeypatch.setattr(importing, "decide", lambda *a: (during.append(gc.isenabled()), real_decide(*a)))
    imported(run_cli, PARTNER)
    assert during == [False] and gc.isenabled()
    status, _, _ = run_cli("import", DATA / "bad_sex.csv", "--json")
    assert status == 2 and gc.isenabled()


def test_an_overlong_cell_is_bad_input_naming_its_row_and_column(db, run_cli, tmp_path):
    from rollcall.linkage.tabular import MAX_CELL

    path = tmp_path / "long.csv"
    path.write_text(f"name,notes\nAidos Sadykov,short\nGulnar Tursyn,{'x' * (MAX_CELL + 1)}\n", encoding="utf-8")
    status, out, err = run_cli("import", path, "--json")
    assert status == 2 and out == ""
    assert f"long.csv: row 3, column 'notes': cell longer than {MAX_CELL} characters" in err
    assert not Batch.objects.exists() and not Person.all_objects.exists()


def test_a_missing_file_is_bad_input(db, run_cli):
    status, _, err = run_cli("import", "/nonexistent/list.csv")
    assert status == 2 and "no such file" in err


def test_without_a_terminal_only_the_json_is_printed(db, run_cli, tmp_path):
    (tmp_path / "a.csv").write_text("name\nSerikzhan Bilash\n", encoding="utf-8")
    status, out, _ = run_cli("import", tmp_path / "a.csv", "--json")
    assert set(json.loads(out)) >= {"rows", "created", "matched", "ambiguous", "errors", "decisions"}
    assert set(json.loads(out)["decisions"][0]) == {"row", "external_id", "person_id", "score", "decision"}


def test_the_first_version_written_in_bulk_is_the_records_own_state(demo, run_cli):
    from rollcall.access import crypto, history

    def opened(state):
        return {k: crypto.decrypt(v["$enc"]) if isinstance(v, dict) and "$enc" in v else v for k, v in state.items()}

    result = imported(run_cli, PARTNER)
    created = Person.objects.filter(batch_id=result["batch"])
    assert created.exists() and any(p.address for p in created)
    for person in created:
        version = Revision.objects.get(target="registry.person", object_id=str(person.pk), version=1)
        expected = history.state_of(person)
        assert opened(version.state) == expected
        assert version.changes == {}  # a create's changes are its state
        assert opened({k: v[1] for k, v in version.changed().items()}) == expected
        assert all(v[0] is None for v in version.changed().values())
        assert not person.address or "$enc" in version.state["address"]  # no plaintext in history
        for name in person.names.all():
            version = Revision.objects.get(target="registry.personname", object_id=str(name.pk), version=1)
            assert version.state == history.state_of(name) and version.changes == {}


def test_a_list_decided_and_stored_in_parts_is_whole(demo, run_cli, monkeypatch):
    from rollcall.linkage import importing
    from rollcall.search.models import NameKey

    monkeypatch.setattr(importing, "FIRST_PART", 1)  # each row a part: scored while the one before is stored
    monkeypatch.setattr(importing, "PART", 1)
    result = imported(run_cli, PARTNER, "--label", "Atajurt list 2019")
    by_row = {d["row"]: d for d in result["decisions"]}
    assert sorted(by_row) == [2, 3, 4, 5]
    assert by_row[2]["decision"] == "matched"
    assert by_row[2]["person_id"] == PersonName.objects.get(text="Gaukhar Kurmanaliyeva").person_id
    assert by_row[4]["decision"] == "new"
    assert ImportRow.objects.filter(batch_id=result["batch"]).count() == 4
    created = Person.objects.filter(batch_id=result["batch"])
    assert created.count() == result["created"] >= 1
    for person in created:
        assert Revision.objects.filter(target="registry.person", object_id=str(person.pk), version=1).exists()
        assert NameKey.objects.filter(name__person=person).exists()


def test_ahead_gives_every_item_in_order_and_raises_what_the_thread_raised():
    from rollcall.linkage.importing import ahead

    assert list(ahead(iter(range(5)))) == [0, 1, 2, 3, 4]

    def failing():
        yield 1
        raise ValueError("part 2 failed")

    got = []
    with pytest.raises(ValueError, match="part 2 failed"):
        for item in ahead(failing()):
            got.append(item)
    assert got == [1]


def test_ahead_stops_making_items_when_the_caller_stops():
    import threading

    from rollcall.linkage.importing import ahead

    made = []

    def endless():
        n = 0
        while True:
            made.append(n)
            yield n
            n += 1

    for item in ahead(endless()):
        if item == 2:
            break
    assert not any(t.name == "ahead" for t in threading.enumerate())
    assert len(made) <= 5  # the thread made at most a couple of items beyond the last taken
