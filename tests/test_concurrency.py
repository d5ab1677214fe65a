"""Two writers at once on SQLite: no lost write, no "database is locked" reaching anyone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="about SQLite's single writer")


def rollcall(data: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "ROLLCALL_DATA": str(data)}
    env.pop("DATABASE_URL", None)
    exe = str(Path(sys.executable).parent / "rollcall")
    return subprocess.Popen([exe, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_parallel_writers_all_succeed_and_nothing_is_lost(tmp_path):
    data = tmp_path / "data"
    assert rollcall(data, "init").wait(timeout=120) == 0
    files = []
    for writer in range(3):
        path = tmp_path / f"w{writer}.yaml"
        path.write_text("persons:\n" + "".join(
            f"  - {{ref: p{i}, names: [[Writer{writer} Person{i}, legal]], acts: [{{type: detention, date: '2018'}}]}}\n"
            for i in range(40)))
        files.append(path)
    runs = [rollcall(data, "load", str(path), "--json") for path in files for _ in range(2)]
    results = [(run.wait(timeout=300), run.stdout.read(), run.stderr.read()) for run in runs]
    for status, _, err in results:
        assert status == 0, err
        assert "locked" not in err
    export = tmp_path / "all.json"
    assert rollcall(data, "export", "--format", "json", str(export)).wait(timeout=120) == 0
    persons = json.loads(export.read_text())["persons"]
    assert len(persons) == 3 * 2 * 40
    verify = rollcall(data, "audit", "verify", "--json")
    assert verify.wait(timeout=120) == 0 and json.loads(verify.stdout.read())["ok"]
