"""Articles per second for extraction (English and Russian separately), on varied copies.

    .venv/bin/python bench/ingest_speed.py [--n 10000] [--ru-n 1000] [--ingest-n N]

The seed pages are varied (names, numbers and sentences shuffled per copy) and replicated to
--n documents. Prints articles per second; asserts nothing about time.

Both parts measure what a user runs, on files: the varied pages are written to a temporary
folder, and `rollcall extract FILE... --json` (its JSON output thrown away) and `rollcall
ingest FOLDER --json` (into a fresh SQLite database in a temporary data folder, ROLLCALL_DATA)
run in this process, as the command line runs them, worker processes included: on many files
both spread extraction over the cores. (Until the worker pool came, the extract figure timed
extract_document() in a loop over documents in memory; it now includes reading the files and
writing the JSON, which the user's command does too.) As before, one file is extracted first,
outside the timing, so that loading spaCy and natasha (a few seconds, once per process) is not
counted; the forked workers inherit what was loaded. The ingest figure counts every start-up
cost. The near-duplicate step's time comes from the ingest summary.

Wall clock is what the targets are about; on a machine shared with other work it also counts
the time others held the CPU, so CPU seconds go to stderr too: this process's and its
workers' apart, and the load average before each part.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rollcall.ingest.read import read_path  # noqa: E402

SEEDS = ROOT / "tests/data/ingest/seeds"
RU = ROOT / "tests/data/ingest/ru_atajurt.txt"
NAMES = ["Aigerim Nurlanova", "Serik Bolatuly", "Gulnar Askarova", "Yerlan Zhaksybek", "Dina Omarkhan"]


def variants(docs, n: int, seed: int = 0):
    rng = random.Random(seed)
    for i in range(n):
        d = docs[i % len(docs)]
        paras = d.text.split("\n\n")
        rest = paras[1:]
        rng.shuffle(rest)  # (it shuffled a copy, paras[1:], until the worker pool came: no copy was shuffled)
        text = "\n\n".join(paras[:1] + rest).replace("1 million", f"{rng.randint(1, 9)} million")
        text += f"\n\nActivist {rng.choice(NAMES)} said {rng.randint(10, 900)} people were detained."
        yield type(d)(**{**d.to_dict(), "text": text})


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of its finished worker processes."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _write(docs, folder: Path) -> list[str]:
    folder.mkdir()
    out = []
    for i, d in enumerate(docs):
        path = folder / f"{i:06d}.txt"
        path.write_text(d.text, encoding="utf-8")
        out.append(str(path))
    return out


def rate(docs, n: int, tmp: Path, name: str) -> float:
    """Articles per second of `rollcall extract --json` over n varied copies written to files."""
    from rollcall import cli

    files = _write(variants(docs, n), tmp / name)
    with redirect_stdout(StringIO()):
        cli.main(["extract", files[0], "--json"])  # load the pipelines once, outside the timing
    print(f"  (load average before: {_load()})", file=sys.stderr)
    t, (c, k) = time.perf_counter(), _cpu()
    with redirect_stdout(_Sink()):
        status = cli.main(["extract", *files, "--json"])
    wall = time.perf_counter() - t
    cpu, kids = (x - y for x, y in zip(_cpu(), (c, k), strict=True))
    assert status == 0, f"rollcall extract exited with {status}"
    print(f"  ({n / (cpu + kids):.1f} articles per CPU-second; CPU s: {cpu:.1f} here, {kids:.1f} in workers)",
          file=sys.stderr)
    return n / wall


class _Sink(StringIO):
    """Standard output thrown away (10,000 documents of JSON would only fill memory)."""

    def write(self, s: str) -> int:
        return len(s)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--ru-n", type=int, default=1000)
    ap.add_argument("--ingest-n", type=int, default=None, help="documents for the end-to-end run (default: --n)")
    ap.add_argument("--skip-extract", action="store_true", help="only the end-to-end ingest")
    args = ap.parse_args()
    en = [d for p in sorted(SEEDS.glob("*.txt")) for d in read_path(p)]
    ru = read_path(RU)
    os.environ.pop("DATABASE_URL", None)
    with tempfile.TemporaryDirectory(prefix="rollcall-bench-") as tmp:
        os.environ["ROLLCALL_DATA"] = str(Path(tmp) / "data")
        if not args.skip_extract:
            en_rate = rate(en, args.n, Path(tmp), "en")
            print(f"extract, English: {en_rate:8.1f} articles/s over {args.n} documents")
            ru_rate = rate(ru, args.ru_n, Path(tmp), "ru")
            print(f"extract, Russian: {ru_rate:8.1f} articles/s over {args.ru_n} documents")
        n = args.ingest_n or args.n
        ingest_rate(variants(en, n), n, Path(tmp))


def ingest_rate(docs, n: int, tmp: Path) -> None:
    """End to end into SQLite: files written, then `rollcall ingest --json` in this process."""
    from rollcall import cli

    pages = tmp / "pages"
    _write(docs, pages)
    with redirect_stdout(StringIO()):
        cli.main(["init", "--json"])
    out = StringIO()
    print(f"  (load average before: {_load()})", file=sys.stderr)
    t, (c, k) = time.perf_counter(), _cpu()
    with redirect_stdout(out):
        cli.main(["ingest", str(pages), "--json", "--label", "benchmark"])
    seconds = time.perf_counter() - t
    cpu, kids = (x - y for x, y in zip(_cpu(), (c, k), strict=True))
    s = json.loads(out.getvalue())
    print(f"ingest, end to end (SQLite): {s['ingested'] / seconds:8.1f} articles/s over {s['ingested']} documents "
          f"({seconds:.1f} s; {s['failed']} failed, {s['skipped']} skipped as the same bytes, "
          f"{s['near_duplicates']} near-duplicates, {s['mentions']} mentions, {s['proposals']} proposals)")
    print(f"  ({s['ingested'] / (cpu + kids):.1f} articles per CPU-second; CPU s: {cpu:.1f} here, "
          f"{kids:.1f} in workers)", file=sys.stderr)
    print(f"near-duplicate step: {s['neardup_seconds']:.2f} s in all "
          f"({1000 * s['neardup_seconds'] / max(s['ingested'], 1):.2f} ms per document)")


if __name__ == "__main__":
    main()
