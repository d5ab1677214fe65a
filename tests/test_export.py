"""`rollcall export`: through the access layer, written whole or not at all."""

from __future__ import annotations

import csv
import json

import pytest

from rollcall.access import sensitivity as sens
from rollcall.access.models import AuditEntry
from rollcall.reports.writers import safe_cell
from tests import factories as make

pytestmark = pytest.mark.django_db


def test_the_public_export_holds_only_public_records_and_fields(demo, tmp_path, run_cli):
    out = tmp_path / "public.json"
    status, _, err = run_cli("export", "--format", "json", "--public", out)
    assert status == 0, err
    data = json.loads(out.read_text())
    assert {"persons", "names", "acts", "sources", "claims"} <= set(data)
    assert all(row["sensitivity"] == "public" for rows in data.values() for row in rows)
    text = out.read_text()
    assert "fictional" not in text  # the fictional restricted and confidential demo records
    assert "+7 700" not in text
    assert "Baibolat Kunbolat" in text


def test_the_staff_export_includes_restricted_and_confidential_data(demo, tmp_path, run_cli):
    out = tmp_path / "all.json"
    assert run_cli("export", "--format", "json", out)[0] == 0
    text = out.read_text()
    assert "+7 700 000 0000" in text and "Erlan Demo" in text


def test_csv_export_writes_one_file_per_table(demo, tmp_path, run_cli):
    out = tmp_path / "csv"
    assert run_cli("export", "--format", "csv", "--public", out)[0] == 0
    assert {p.name for p in out.iterdir()} >= {"persons.csv", "acts.csv", "claims.csv", "sources.csv"}
    with (out / "persons.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert "Baibolat Kunbolat" in {r["name"] for r in rows}


def test_cells_that_a_spreadsheet_would_execute_are_defused(tmp_path, run_cli):
    p = make.person("=HYPERLINK(\"http://x\")", sens.PUBLIC, occupation="@SUM(A1)")
    out = tmp_path / "csv"
    assert run_cli("export", "--format", "csv", "--public", out)[0] == 0
    with (out / "persons.csv").open() as f:
        row = next(r for r in csv.DictReader(f) if r["id"] == str(p.pk))
    assert row["name"].startswith("'=") and row["occupation"] == "'@SUM(A1)"
    assert safe_cell(-5) == -5 and safe_cell("-5 people") == "'-5 people"


def test_every_export_is_audited(tmp_path, run_cli):
    run_cli("export", "--format", "json", "--public", tmp_path / "x.json")
    entry = AuditEntry.objects.filter(action="export").last()
    assert entry.detail["public"] is True and entry.actor.startswith("cli:")


@pytest.mark.parametrize("where", ["missing-folder/out.json", "a-file/out.json", "/proc/rollcall-out.json"])
def test_an_unwritable_path_is_one_line_and_writes_nothing(tmp_path, run_cli, where):
    (tmp_path / "a-file").write_text("not a folder")
    target = tmp_path / where
    status, out, err = run_cli("export", "--format", "json", target)
    assert status == 2 and err.count("\n") == 1 and str(target) in err
    assert not target.exists()
    assert not AuditEntry.objects.filter(action="export").exists()


def test_an_existing_file_is_never_overwritten(tmp_path, run_cli):
    target = tmp_path / "there.json"
    target.write_text("keep me")
    status, _, err = run_cli("export", "--format", "json", target)
    assert status == 2 and "already exists" in err
    assert target.read_text() == "keep me"


def test_an_unknown_format_is_refused(tmp_path, run_cli):
    with pytest.raises(SystemExit) as exc:
        run_cli("export", "--format", "pdf", tmp_path / "x")
    assert exc.value.code == 2


def test_xlsx_keeps_formula_like_text_as_text(tmp_path, run_cli):
    from openpyxl import load_workbook

    p = make.person("=1+1", sens.PUBLIC, occupation="+cmd|' /C calc'!A0")
    out = tmp_path / "registry.xlsx"
    assert run_cli("export", "--format", "xlsx", "--public", out)[0] == 0
    sheet = load_workbook(out)["persons"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == p.pk)
    values = dict(zip(header, row, strict=True))
    assert values["name"] == "'=1+1" and values["occupation"].startswith("'+")
    assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)


def test_followthemoney_lines_hold_persons_events_and_articles(demo, tmp_path, run_cli):
    out = tmp_path / "registry.ftm.json"
    assert run_cli("export", "--format", "ftm", "--public", out)[0] == 0
    entities = [json.loads(line) for line in out.read_text().splitlines()]
    by_schema = {}
    for e in entities:
        by_schema.setdefault(e["schema"], []).append(e)
    kunbolat = next(e for e in by_schema["Person"] if e["properties"]["name"] == ["Baibolat Kunbolat"])
    assert "Байболат Күнболат" in kunbolat["properties"]["alias"]
    events = [e for e in by_schema["Event"] if e["properties"].get("involved") == [kunbolat["id"]]]
    assert any(e["properties"].get("date") == ["2022-09-10"] for e in events)
    assert len(by_schema["Article"]) == 5
    assert "fictional" not in out.read_text()
