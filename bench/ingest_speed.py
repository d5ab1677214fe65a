"""Articles per second for extraction (English and Russian separately), on varied copies.

    .venv/bin/python bench/ingest_speed.py [--n 10000] [--ru-n 1000]

The seed pages are varied (names, numbers and sentences shuffled per copy) and replicated to
--n documents. Prints articles per second; asserts nothing about time.
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
    extract_document(docs[0])  # build pipelines once, outside the timing
    t = time.perf_counter()
    for d in variants(docs, n):
        extract_document(d)
    return n / (time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--ru-n", type=int, default=1000)
    args = ap.parse_args()
    en = [d for p in sorted(SEEDS.glob("*.txt")) for d in read_path(p)]
    ru = read_path(RU)
    print(f"extract, English: {rate(en, args.n):8.1f} articles/s over {args.n} documents")
    print(f"extract, Russian: {rate(ru, args.ru_n):8.1f} articles/s over {args.ru_n} documents")
    # --- HOOK (Django side): end-to-end `rollcall ingest` timing into SQLite and the
    # near-duplicate step go here, e.g. ingest_rate(variants(en, args.n)). ---


if __name__ == "__main__":
    main()
