"""rollcall ingest and rollcall extract, as scripts call them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rollcall.sources.models import Proposal, Source

SEEDS = Path(__file__).parent / "data" / "ingest" / "seeds"
EURASIANET = SEEDS / "004_7735045e0559ebaa.txt"
DOCUMENT_KEYS = {"file", "title", "language", "persons", "organizations", "places", "claims", "events"}


def test_extract_prints_the_design_format_and_stores_nothing(run_cli, db):
    status, out, err = run_cli("extract", EURASIANET, SEEDS / "001_27f66737e6e26249.txt", "--json")
    assert status == 0 and err == ""
    docs = json.loads(out)["documents"]
    assert len(docs) == 2 and all(set(d) >= DOCUMENT_KEYS for d in docs)
    claim = next(c for c in docs[0]["claims"] if c["value"] == 1000)
    assert {"value", "quantity", "what", "attributed_to", "text"} <= set(claim)
    assert all({"type", "who", "when", "where", "detail"} <= set(e) for d in docs for e in d["events"])
    assert not Source.objects.exists()


def test_extract_reports_bad_files_on_stderr_and_still_prints_the_others(run_cli, tmp_path, db):
    (tmp_path / "empty.txt").write_bytes(b"")
    status, out, err = run_cli("extract", tmp_path / "empty.txt", EURASIANET, tmp_path / "missing.txt", "--json")
    assert status == 2
    assert len(json.loads(out)["documents"]) == 1
    lines = err.strip().splitlines()
    assert len(lines) == 2 and "empty file" in lines[0] and "missing.txt" in lines[1]


def test_ingest_json_prints_one_summary(run_cli, db):
    status, out, err = run_cli("ingest", SEEDS, "--json", "--label", "seed pages")
    summary = json.loads(out)
    assert status == 0 and err == ""
    assert {"batch", "label", "files", "documents", "ingested", "skipped", "failed", "near_duplicates",
            "mentions", "linked", "proposals", "accepted", "seconds", "neardup_seconds", "results"} <= set(summary)
    assert summary["label"] == "seed pages" and summary["ingested"] == 5
    assert {r["status"] for r in summary["results"]} == {"ingested"}
    status, out, _ = run_cli("ingest", SEEDS, "--json")
    assert json.loads(out)["skipped"] == 5


def test_ingest_without_a_terminal_prints_only_the_json(run_cli, db):
    status, out, _ = run_cli("ingest", EURASIANET)
    assert status == 0 and json.loads(out)["ingested"] == 1


def test_ingest_accept_takes_a_confidence(run_cli, db):
    status, out, _ = run_cli("ingest", EURASIANET, "--json", "--accept", "0.85")
    assert status == 0 and json.loads(out)["accepted"] > 0
    assert Proposal.objects.filter(state="accepted").exists()


@pytest.mark.parametrize("value", ["1.5", "high"])
def test_ingest_refuses_a_confidence_outside_zero_to_one(run_cli, value):
    with pytest.raises(SystemExit) as exc:
        run_cli("ingest", EURASIANET, "--accept", value)
    assert exc.value.code == 2


def test_a_missing_path_is_one_line_and_exit_status_2(run_cli, db, tmp_path):
    status, out, err = run_cli("ingest", tmp_path / "nope", "--json")
    assert status == 2 and "no such file or folder" in err and json.loads(out)["failed"] == 1
