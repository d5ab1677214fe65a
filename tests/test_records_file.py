"""`rollcall load FILE`: all or nothing, and errors that name the entry."""

from __future__ import annotations

import textwrap

import pytest

from rollcall.access.models import AuditEntry
from rollcall.registry.models import Act, Batch, Person

pytestmark = pytest.mark.django_db

GOOD = """
persons:
  - ref: p1
    names: [[Gulfiya Kazybek, legal], [Гульфия Казыбек, alias]]
    sensitivity: public
    acts:
      - {type: summons, date: 2022-09-12, date_text: "On September 12"}
  - ref: p2
    names: [[Kalida Akytkhan, legal]]
    acts:
      - {type: detention, date: 2018-21, date_text: "in spring, after Nauryz"}
"""


def write(tmp_path, text: str):
    path = tmp_path / "records.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def counts():
    return Person.all_objects.count(), Act.all_objects.count(), Batch.objects.count(), AuditEntry.objects.count()


def test_a_file_loads_as_one_staged_batch(tmp_path, run_cli):
    status, out, err = run_cli("load", write(tmp_path, GOOD), "--json")
    assert status == 0, err
    batch = Batch.objects.get()
    assert batch.state == "staged" and batch.summary["persons"] == 2
    act = Act.objects.get(type="detention")
    assert (str(act.date_earliest), str(act.date_latest)) == ("2018-03-01", "2018-05-31")
    assert act.date_text == "in spring, after Nauryz"
    assert Person.objects.get(names__text="Kalida Akytkhan").status == "detained"
    assert {n.script for n in Person.objects.get(names__text="Gulfiya Kazybek").names.all()} == {"latin", "cyrillic"}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("2022-09-12", None),
        ("2022-13-01", "persons[1].acts[0]: month 13 out of range"),
        ("last spring", "persons[1].acts[0]: not an EDTF date: 'last spring'"),
    ],
)
def test_a_malformed_date_is_named_and_nothing_is_stored(tmp_path, run_cli, bad, message):
    before = counts()
    status, _, err = run_cli("load", write(tmp_path, GOOD.replace("2018-21", bad)))
    if message is None:
        assert status == 0
        return
    assert status == 2
    assert err.count("\n") == 1 and message in err
    assert counts() == before


def test_an_unknown_act_type_is_named_and_nothing_is_stored(tmp_path, run_cli):
    before = counts()
    status, _, err = run_cli("load", write(tmp_path, GOOD.replace("type: detention", "type: kidnapping")))
    assert status == 2
    assert "persons[1].acts[0]: unknown type 'kidnapping'" in err and err.count("\n") == 1
    assert counts() == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("persons: [\n", "not valid YAML at line"),
        ("people: []\n", "unknown section(s) people"),
        ("- just a list\n", "expected sections"),
        ("persons:\n  - {ref: a, ethnicity: martian}\n", "persons[0]: unknown ethnicity 'martian'"),
        ("persons:\n  - {ref: a, sensitivity: secret}\n", "persons[0]: unknown sensitivity 'secret'"),
        ("relationships:\n  - {subject: a, kind: spouse_of, object: b}\n", "no person with ref 'a'"),
        ("claims:\n  - {subject: people_detained}\n", "claims[0]: missing field 'source'"),
    ],
)
def test_other_bad_files_get_one_clear_line(tmp_path, run_cli, text, message):
    before = counts()
    status, _, err = run_cli("load", write(tmp_path, text))
    assert status == 2
    assert message in err and err.count("\n") == 1
    assert counts() == before


def test_a_file_that_is_not_utf8_is_refused(tmp_path, run_cli):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("persons: [{ref: a, description: Gaukhar \xe9}]".encode("latin-1"))
    status, _, err = run_cli("load", path)
    assert status == 2 and "not UTF-8" in err
