"""Records written in bulk: their first history version is what history would store."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from rollcall.access import crypto, history
from rollcall.access.models import Revision
from rollcall.linkage import bulk
from rollcall.linkage.storing import _cells_json
from rollcall.registry.models import Person


def _opened(state: dict) -> dict:
    return {k: crypto.decrypt(v["$enc"]) if isinstance(v, dict) and "$enc" in v else v for k, v in state.items()}


@pytest.mark.django_db
def test_first_versions_written_in_bulk_are_the_records_state_whatever_the_text():
    fields = ["id", "sex", "birth_date_earliest", "address"]
    writer = bulk.Writer(Person, fields, occupation='100% "sure"', description="Серікжан %s ә")
    versions = bulk.FirstVersions(Person, writer, "tester")
    ids = bulk.reserve_ids(Person, 3)
    rows = [(ids[0], "male", dt.date(1970, 1, 2), ""), (ids[1], "female", None, "Abai 12 %d"),
            (ids[2], "unknown", None, "")]
    assert writer.write(rows) == versions.write(rows) == 3
    for pid in ids:
        version = Revision.objects.get(target="registry.person", object_id=str(pid), version=1)
        assert _opened(version.state) == history.state_of(Person.all_objects.get(pk=pid))
        assert (version.action, version.author, version.changes) == ("create", "tester", {})
    sealed = Revision.objects.get(target="registry.person", object_id=str(ids[1])).state["address"]
    assert "$enc" in sealed and "Abai" not in json.dumps(sealed)


@pytest.mark.parametrize("cells", [{}, {"name": "Серікжан Біләшұлы"}, {"ФИО": 'a "quoted" \\ name', "sex": "ж"},
                                   {"notes": "tab\tand\nnewline", "姓名": "赛尔克坚·比拉什"}])
def test_a_rows_cells_are_encoded_as_json_dumps_would(cells):
    assert _cells_json(cells) == json.dumps(cells)
    assert json.loads(_cells_json(cells)) == cells


def test_cells_that_are_not_text_are_refused():
    with pytest.raises(TypeError):
        _cells_json({"row": 12})


@pytest.mark.django_db
def test_a_field_the_caller_encrypted_is_not_encrypted_twice():
    writer = bulk.Writer(Person, ["id", "address"], raw=("address",))
    versions = bulk.FirstVersions(Person, writer, "tester", sealed=("address",))
    (pid,) = bulk.reserve_ids(Person, 1)
    rows = [(pid, crypto.encrypt("Abai 12, Almaty"))]
    writer.write(rows)
    versions.write(rows)
    assert Person.all_objects.get(pk=pid).address == "Abai 12, Almaty"
    version = Revision.objects.get(target="registry.person", object_id=str(pid), version=1)
    assert version.state["address"] == {"$enc": rows[0][1]}  # the person's own ciphertext


@pytest.mark.django_db
def test_only_encrypted_fields_the_rows_give_can_come_sealed():
    with pytest.raises(ValueError, match="sealed"):
        bulk.FirstVersions(Person, bulk.Writer(Person, ["id", "sex"]), "tester", sealed=("sex",))


@pytest.mark.django_db
def test_the_key_file_is_read_once_per_bulk_write_not_once_per_value(monkeypatch):
    reads = []
    real = crypto._read_keys
    monkeypatch.setattr(crypto, "_read_keys", lambda: (reads.append(1), real())[1])
    writer = bulk.Writer(Person, ["id", "address"])
    versions = bulk.FirstVersions(Person, writer, "tester")
    rows = [(pid, f"Abai {pid}") for pid in bulk.reserve_ids(Person, 20)]
    writer.write(rows)
    versions.write(rows)  # 20 addresses encrypted by each
    assert len(reads) == 2
    bulk.Writer(Person, ["id", "sex"]).write([(rows[-1][0] + 1, "male")])
    assert len(reads) == 2  # nothing encrypted: the key file is not read at all
