"""Articles per second for extraction (English and Russian separately), on varied copies.

    .venv/bin/python bench/ingest_speed.py [--n 10000] [--ru-n 1000] [--ingest-n N]

The seed pages are varied (names, numbers and sentences shuffled per copy) and replicated to
--n documents. Prints articles per second; asserts nothing about time. The end-to-end part
writes --ingest-n varied pages (default --n) to files and runs `rollcall ingest` on them
into a fresh SQLite database in a temporary data folder (ROLLCALL_DATA), and prints the
near-duplicate step's share.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rollcall.ingest.extract import extract_document  # noqa: E402
from rollcall.ingest.read import read_path  # noqa: E402

SEEDS = ROOT / "tests/data/ingest/seeds"
RU = ROOT / "tests/data/ingest/ru_atajurt.txt"
NAMES = ["Aigerim Nurlanova", "Serik Bolatuly", "Gulnar Askarova", "Yerlan Zhaksybek", "Dina Omarkhan"]


def variants(docs, n: int, seed: int = 0):
    rng = random.Random(seed)
    for i in range(n):
        d = docs[i % len(docs)]
        paras = d.text.split("\n\n")
        rng.shuffle(paras[1:])
        text = "\n\n".join(paras).replace("1 million", f"{rng.randint(1, 9)} million")
        text += f"\n\nActivist {rng.choice(NAMES)} said {rng.randint(10, 900)} people were detained."
        yield type(d)(**{**d.to_dict(), "text": text})


def rate(docs, n: int) -> float:
    """Articles per second (wall clock); the rate per CPU-second goes to stderr, since on a
    machine shared with other work the wall clock also counts the time others held the CPU."""
    extract_document(docs[0])  # build pipelines once, outside the timing
    t, c = time.perf_counter(), time.process_time()
    for d in variants(docs, n):
        extract_document(d)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    print(f"  ({n / cpu:.1f} articles per CPU-second)", file=sys.stderr)
    return n / wall


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--ru-n", type=int, default=1000)
    ap.add_argument("--ingest-n", type=int, default=None, help="documents for the end-to-end run (default: --n)")
    ap.add_argument("--skip-extract", action="store_true", help="only the end-to-end ingest")
    args = ap.parse_args()
    en = [d for p in sorted(SEEDS.glob("*.txt")) for d in read_path(p)]
    ru = read_path(RU)
    if not args.skip_extract:
        print(f"extract, English: {rate(en, args.n):8.1f} articles/s over {args.n} documents")
        print(f"extract, Russian: {rate(ru, args.ru_n):8.1f} articles/s over {args.ru_n} documents")
    n = args.ingest_n or args.n
    ingest_rate(variants(en, n), n)


def ingest_rate(docs, n: int) -> None:
    """End to end into SQLite: files written, then `rollcall ingest --json` in this process."""
    import json
    import os
    import tempfile
    from contextlib import redirect_stdout
    from io import StringIO

    with tempfile.TemporaryDirectory(prefix="rollcall-bench-") as tmp:
        pages = Path(tmp) / "pages"
        pages.mkdir()
        for i, d in enumerate(docs):
            (pages / f"{i:06d}.txt").write_text(d.text, encoding="utf-8")
        os.environ["ROLLCALL_DATA"] = str(Path(tmp) / "data")
        os.environ.pop("DATABASE_URL", None)
        from rollcall import cli

        with redirect_stdout(StringIO()):
            cli.main(["init", "--json"])
        out = StringIO()
        t, c = time.perf_counter(), time.process_time()
        with redirect_stdout(out):
            cli.main(["ingest", str(pages), "--json", "--label", "benchmark"])
        seconds, cpu = time.perf_counter() - t, time.process_time() - c
        s = json.loads(out.getvalue())
    print(f"ingest, end to end (SQLite): {s['ingested'] / seconds:8.1f} articles/s over {s['ingested']} documents "
          f"({seconds:.1f} s; {s['failed']} failed, {s['near_duplicates']} near-duplicates, "
          f"{s['mentions']} mentions, {s['proposals']} proposals)")
    print(f"  ({s['ingested'] / cpu:.1f} articles per CPU-second)", file=sys.stderr)
    print(f"near-duplicate step: {s['neardup_seconds']:.2f} s in all "
          f"({1000 * s['neardup_seconds'] / max(s['ingested'], 1):.2f} ms per document)")


if __name__ == "__main__":
    main()
