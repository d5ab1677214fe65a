"""A process killed with SIGKILL in the middle of an ingest or an import, then run again:
no record twice, none missing."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="its own SQLite data folder")
SEEDS = Path(__file__).resolve().parent.parent / "rollcall" / "maintenance" / "demo_corpus"


def command(data: Path, *args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "rollcall"), *args]


def environment(data: Path) -> dict:
    env = {**os.environ, "ROLLCALL_DATA": str(data)}
    env.pop("DATABASE_URL", None)
    return env


def count(data: Path, sql: str) -> int:
    db = data / "rollcall.sqlite3"
    if not db.exists():
        return 0
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
        try:
            return conn.execute(sql).fetchone()[0]
        except sqlite3.OperationalError:
            return 0


def kill_when(data: Path, args: list[str], ready, after: float = 240) -> bool:
    """Start the command; SIGKILL it as soon as ready() is true or `after` seconds have passed.
    Returns whether it was killed (False: it ended by itself first)."""
    process = subprocess.Popen(command(data, *args), env=environment(data), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.time() + after
    while process.poll() is None:
        if ready() or time.time() > deadline:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=60)
            return True
        time.sleep(0.05)
    return False


def writing(data: Path) -> bool:
    """Whether another process holds the database's write lock: it is inside a write transaction."""
    db = data / "rollcall.sqlite3"
    if not db.exists():
        return False
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


def pages(folder: Path, n: int) -> list[Path]:
    """n distinct pages made from the seed pages (different enough not to be the same bytes)."""
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    rng = random.Random(7)
    out = []
    for i in range(n):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
        rng.shuffle(paragraphs)
        path = folder / f"page-{i:03d}.txt"
        path.write_text(f"Report number {i} from the archive\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
        out.append(path)
    return out


def test_an_ingest_killed_half_way_then_rerun_stores_every_page_once(tmp_path):
    data = tmp_path / "data"
    assert subprocess.run(command(data, "init"), env=environment(data), capture_output=True).returncode == 0
    files = pages(tmp_path / "pages", 24)
    kill_when(data, ["ingest", str(tmp_path / "pages"), "--json"],
              lambda: count(data, "SELECT COUNT(*) FROM sources_source") >= 5)
    stored = count(data, "SELECT COUNT(*) FROM sources_source")
    assert 0 < stored < len(files), "the kill should land half way"
    rerun = subprocess.run(command(data, "ingest", str(tmp_path / "pages"), "--json"), env=environment(data),
                           capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert count(data, "SELECT COUNT(*) FROM sources_source") == len(files)
    assert count(data, "SELECT COUNT(DISTINCT sha256) FROM sources_source") == len(files)
    # every stored source has its mentions from one pass only: no source was half stored
    half = count(data, "SELECT COUNT(*) FROM sources_source s WHERE NOT EXISTS "
                       "(SELECT 1 FROM sources_signature g WHERE g.source_id = s.id)")
    assert half == 0


def test_an_import_killed_half_way_stores_nothing_and_the_rerun_stores_every_row_once(tmp_path):
    data = tmp_path / "data"
    assert subprocess.run(command(data, "init"), env=environment(data), capture_output=True).returncode == 0
    rows = 6000
    table = tmp_path / "list.csv"
    table.write_text("external id,name,birth date,sex\n" + "".join(
        f"L{i},Person{i} Testuly{i % 97},19{50 + i % 40}-0{1 + i % 9}-1{i % 9},{'male' if i % 2 else 'female'}\n"
        for i in range(rows)), encoding="utf-8")
    # Killed while it holds the write lock, that is in the middle of its one transaction.
    assert kill_when(data, ["import", str(table), "--json"], lambda: writing(data), after=600), \
        "the import ended before it was seen writing"
    assert count(data, "SELECT COUNT(*) FROM registry_person") == 0
    rerun = subprocess.run(command(data, "import", str(table), "--json"), env=environment(data),
                           capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 0, rerun.stderr
    assert count(data, "SELECT COUNT(*) FROM linkage_importrow") == rows
    assert count(data, "SELECT COUNT(DISTINCT external_id) FROM linkage_importrow") == rows
    again = subprocess.run(command(data, "import", str(table), "--json"), env=environment(data),
                           capture_output=True, text=True, timeout=900)
    assert again.returncode == 0
    assert count(data, "SELECT COUNT(*) FROM linkage_importrow") == rows
