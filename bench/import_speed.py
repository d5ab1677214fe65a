"""List import speed: an N-row list matched against N persons (default 1,000,000 each).

    python bench/import_speed.py [--size N] [--json]

Builds a registry of N synthetic persons (rollcall.names.synthetic) by importing one list, then
times a second list of N rows: half are other spellings of recorded persons (another script,
a transliteration, a typo), half new people. Reports the seconds and peak memory of the second
import, its rows per second, and the linear extrapolation to 1,000,000 rows when N is smaller;
beside them the CPU seconds it took (its worker processes included) and the load average, since
the machine may be shared.

Peak memory is the largest total RSS of this process and all its descendants (the import's
worker processes), sampled every 0.1 s while the second list is imported (``TreeMemory``). A
rough cross-check is printed beside it: this process's max RSS plus the largest max RSS of its
children (``getrusage``) over the whole run, the registry's build included (not a bound: two
workers alive at once count once). Targets for 1,000,000 against 1,000,000: <= 200 s and <= 8 GB.
A throwaway data folder is used.

The list's truth is known (row i, when even, is another spelling of registry person i), so the
run also counts the matches that found the right person and those that did not.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import random
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

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


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class TreeMemory:
    """The largest total RSS of this process and its descendants, sampled in a thread."""

    def __init__(self, interval: float = 0.1):
        self.interval = interval
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for process in (me, *me.children(recursive=True)):
                with contextlib.suppress(psutil.Error):  # a worker that ended while it was being read
                    total += process.memory_info().rss
            self.peak_kib = max(self.peak_kib, total // 1024)
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def maxrss_self_plus_child_gb() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return (own.ru_maxrss + children.ru_maxrss) / 1024 / 1024


def match_truth() -> tuple[int, int]:
    """(right, wrong): matched rows of the list that found the person of their registry row, and the others."""
    from rollcall.linkage.models import ImportRow

    registry_row = dict(ImportRow.objects.filter(batch__label="registry").values_list("person_id", "external_id"))
    right = wrong = 0
    for external_id, person_id in (ImportRow.objects.filter(batch__label="list", decision="matched")
                                   .values_list("external_id", "person_id").iterator(chunk_size=20000)):
        i = int(external_id[1:])
        if i % 2 == 0 and registry_row.get(person_id) == f"R{i}":
            right += 1
        else:
            wrong += 1
    return right, wrong


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
        with TreeMemory() as memory:
            start, cpu = time.perf_counter(), cpu_seconds()
            result = import_file(folder / "list.csv", "list")
            seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
        load = os.getloadavg()[0]
        right, wrong = match_truth()
    peak_gb = memory.peak_kib / 1024 / 1024
    maxrss_gb = maxrss_self_plus_child_gb()
    scale = 1_000_000 / args.size
    data = {"size": args.size, "registry_build_s": round(build, 1), "import_s": round(seconds, 1),
            "rows_per_s": round(args.size / seconds), "peak_gb": round(peak_gb, 2),
            "maxrss_self_plus_child_gb": round(maxrss_gb, 2),
            "cpu_s": round(cpu, 1), "load_average": round(load, 2),
            "matched": result.matched, "created": result.created, "ambiguous": result.ambiguous,
            "right_matches": right, "wrong_matches": wrong, "to_find": (args.size + 1) // 2,
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
    table.add_row("peak memory GB (at this size; process tree, sampled)", f"{peak_gb:.2f}", "8 (splink alone: 7.1)",
                  f"{peak_gb / 7.1:.2f}")
    table.add_row("rows per second", f"{data['rows_per_s']:,}", "5,000", f"{data['rows_per_s'] / 5000:.2f}")
    Console().print(table)
    print(f"matched {result.matched:,} ({right:,} to the right person of {data['to_find']:,}, {wrong:,} not), "
          f"new {result.created:,}, ambiguous {result.ambiguous:,}; {cpu:.0f} CPU seconds at load average "
          f"{load:.2f}; building the registry took {build:.0f} s; peak memory {peak_gb:.2f} GB (process tree "
          f"sampled during the import; max RSS of this process plus its largest child over the whole run, "
          f"registry build included: {maxrss_gb:.2f} GB)")


if __name__ == "__main__":
    main()
