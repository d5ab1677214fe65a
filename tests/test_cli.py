"""The installed `rollcall` command, run as a real process against its own data folder."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

SQLITE_ONLY = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="uses its own SQLite data folder")


def rollcall(data: Path, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "ROLLCALL_DATA": str(data)}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    exe = shutil.which("rollcall", path=str(Path(sys.executable).parent)) or "rollcall"
    return subprocess.run([exe, *args], env=env, capture_output=True, text=True, timeout=timeout)


def test_rollcall_alone_prints_help(tmp_path):
    result = rollcall(tmp_path, timeout=30)
    assert result.returncode == 0
    for name in ("init", "serve", "demo", "export", "backup", "restore", "audit"):
        assert name in result.stdout


def test_an_unknown_command_exits_2_with_one_line(tmp_path):
    result = rollcall(tmp_path, "frobnicate", timeout=30)
    assert result.returncode == 2 and "invalid choice" in result.stderr


@SQLITE_ONLY
def test_init_reports_json_and_bad_input_exits_2(tmp_path):
    result = rollcall(tmp_path, "init", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["vendor"] == "sqlite"
    assert (tmp_path / "rollcall.sqlite3").exists()
    result = rollcall(tmp_path, "restore", str(tmp_path / "nothing.backup"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "no backup file" in result.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


@SQLITE_ONLY
def test_serve_runs_gunicorn_and_backup_is_consistent_while_it_writes(tmp_path):
    data = tmp_path / "data"
    assert rollcall(data, "demo", "--no-serve").returncode == 0
    port = free_port()
    env = {**os.environ, "ROLLCALL_DATA": str(data)}
    env.pop("DATABASE_URL", None)
    exe = str(Path(sys.executable).parent / "rollcall")
    server = subprocess.Popen([exe, "serve", "--port", str(port), "--workers", "2"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    writer = None
    try:
        for _ in range(100):
            try:
                health = json.loads(get(f"http://127.0.0.1:{port}/healthz"))
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not answer")
        assert health["status"] == "ok"
        assert b"Baibolat Kunbolat" in get(f"http://127.0.0.1:{port}/")

        records = tmp_path / "more.yaml"
        records.write_text("persons:\n" + "".join(
            f"  - {{ref: p{i}, names: [[Writer Person {i}, legal]], acts: [{{type: detention, date: '2018'}}]}}\n"
            for i in range(30)))
        writer = subprocess.Popen(
            ["bash", "-c", f"for i in 1 2 3 4 5 6; do {exe} load {records} >/dev/null || exit 1; done"], env=env)
        backup = tmp_path / "live.backup"
        result = rollcall(data, "backup", str(backup))
        assert result.returncode == 0, result.stderr
        assert writer.wait(timeout=120) == 0
    finally:
        server.terminate()
        server.wait(timeout=20)
        if writer and writer.poll() is None:
            writer.kill()

    restored = tmp_path / "restored"
    assert rollcall(restored, "init").returncode == 0
    result = rollcall(restored, "restore", str(backup))
    assert result.returncode == 0, result.stderr
    verify = rollcall(restored, "audit", "verify", "--json")
    assert json.loads(verify.stdout)["ok"], verify.stdout


def test_serve_runs_fewer_processes_beside_postgresql(monkeypatch):
    from rollcall.maintenance.commands import server_workers

    cores = os.cpu_count() or 1
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert server_workers() == 4 * cores
    monkeypatch.setenv("DATABASE_URL", "postgres://rollcall@localhost/rollcall")
    assert server_workers() == 2 * cores
