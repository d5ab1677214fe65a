"""List import speed: an N-row list matched against N persons (default 1,000,000 each).

    python bench/import_speed.py [--size N] [--json]

Builds a registry of N synthetic persons (rollcall.names.synthetic) by importing one list, then
times a second list of N rows: half are other spellings of recorded persons (another script,
a transliteration, a typo), half new people. Reports the seconds and peak memory (max RSS) of
the second import, its rows per second, and the linear extrapolation to 1,000,000 rows when
N is smaller. Targets for 1,000,000 against 1,000,000: <= 200 s and <= 8 GB. A throwaway data
folder is used.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def write_lists(size: int, folder: Path, seed: int = 7) -> None:
    from rollcall.names.synthetic import generate, render, variant

    rng = random.Random(seed)
    people = generate(size, seed=seed)
    with (folder / "registry.csv").open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "name", "birth date", "sex"])
        for i, p in enumerate(people):
            born = f"{1930 + i % 70}-{1 + i % 12:02d}-{1 + i % 28:02d}"
            out.writerow([f"R{i}", render(p, rng), born, "male" if i % 2 else "female"])
    with (folder / "list.csv").open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "ФИО", "Дата рождения", "Пол"])
        fresh = generate(size // 2 + 1, seed=seed + 1)
        for i in range(size):
            if i % 2 == 0:
                born = f"{1930 + i % 70}-{1 + i % 12:02d}-{1 + i % 28:02d}"
                out.writerow([f"L{i}", variant(people[i], rng), born, "м" if i % 2 else "ж"])
            else:
                out.writerow([f"L{i}", render(fresh[i // 2], rng), "", ""])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["ROLLCALL_DATA"] = str(folder / "data")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rollcall.settings")
        import django

        django.setup()
        from rollcall.linkage.importing import import_file
        from rollcall.maintenance.setup import init

        init()
        write_lists(args.size, folder)
        start = time.perf_counter()
        import_file(folder / "registry.csv", "registry")
        build = time.perf_counter() - start
        start = time.perf_counter()
        result = import_file(folder / "list.csv", "list")
        seconds = time.perf_counter() - start
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    scale = 1_000_000 / args.size
    data = {"size": args.size, "registry_build_s": round(build, 1), "import_s": round(seconds, 1),
            "rows_per_s": round(args.size / seconds), "peak_gb": round(peak_gb, 2),
            "matched": result.matched, "created": result.created, "ambiguous": result.ambiguous,
            "extrapolated_1m_s": round(seconds * scale, 0)}
    if args.json:
        print(json.dumps(data))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"import of {args.size:,} rows against {args.size:,} persons (one run)")
    for col in ("measure", "ours", "target / peer", "ratio"):
        table.add_column(col)
    label = "seconds (1M, extrapolated linearly)" if scale > 1 else "seconds"
    table.add_row(label, f"{data['extrapolated_1m_s']:.0f}",
                  "200 (splink alone: 200)", f"{data['extrapolated_1m_s'] / 200:.2f}")
    table.add_row("peak memory GB (at this size)", f"{peak_gb:.2f}", "8 (splink alone: 7.1)", f"{peak_gb / 7.1:.2f}")
    table.add_row("rows per second", f"{data['rows_per_s']:,}", "5,000", f"{data['rows_per_s'] / 5000:.2f}")
    Console().print(table)
    print(f"matched {result.matched:,}, new {result.created:,}, ambiguous {result.ambiguous:,}; "
          f"building the registry took {build:.0f} s")


if __name__ == "__main__":
    main()
