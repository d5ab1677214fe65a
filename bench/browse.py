"""Search and browsing at 100,000 persons, one request at a time: the search issue's "stays fast".

    ROLLCALL_DATA=/tmp/big .venv/bin/python bench/browse.py [--persons N] [--repeat R] [--json]

Fills the data folder with bench/populate.py first when it holds fewer than --persons persons
(default 100,000; reuse a folder, filling one takes minutes). Then requests, through Django's test
client in this process (no HTTP, no other load), the search page bare, with each kind of filter,
with names in several scripts and deep in its pages, and person pages: as a signed-in case
worker and as an anonymous visitor. Prints wall and CPU milliseconds per request (p50, p95) and
the number of database queries, against the 300 ms the load target holds pages to. There is no
peer to compare with: the figure to beat is the target.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 300


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def pages(rng: random.Random) -> dict[str, list[str]]:
    from rollcall.registry.models import Person, PersonName, Place

    names = list(PersonName.objects.order_by("?").values_list("text", flat=True)[:20])
    region = Place.objects.filter(kind="county").values_list("pk", flat=True).first()
    prefecture = Place.objects.filter(kind="prefecture").values_list("pk", flat=True).first()
    last = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
    return {
        "search, no filter": ["/search/"],
        "search, status": ["/search/?status=detained"],
        "search, ethnicity": ["/search/?ethnicity=uyghur"],
        "search, citizenship": ["/search/?citizenship=china"],
        "search, county": [f"/search/?region={region}"],
        "search, prefecture": [f"/search/?region={prefecture}"],
        "search, years 2018-2019": ["/search/?from=2018&to=2019"],
        "search, years and ethnicity": ["/search/?from=2017&to=2017&ethnicity=kazakh"],
        "search, page 1000": ["/search/?page=1000"],
        "search, a name": [f"/search/?q={name}" for name in names],
        "search, a name and a filter": [f"/search/?q={name}&ethnicity=kazakh" for name in names],
        "person page": [f"/persons/{rng.randint(1, last)}/" for _ in range(20)],
    }


def measure(client, urls: list[str], repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(urls[0])  # warm: templates, caches of this process
    wall, cpu, queries = [], [], 0
    for _ in range(repeat):
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                w, c = time.perf_counter(), time.process_time()
                response = client.get(url)
                wall.append((time.perf_counter() - w) * 1000)
                cpu.append((time.process_time() - c) * 1000)
            if response.status_code not in (200, 404):
                raise SystemExit(f"{url}: status {response.status_code}")
            queries = max(queries, len(ctx.captured_queries))
    return {"requests": len(wall), "p50_ms": percentile(wall, 0.5), "p95_ms": percentile(wall, 0.95),
            "cpu_p50_ms": percentile(cpu, 0.5), "queries": queries}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not os.environ.get("ROLLCALL_DATA"):
        raise SystemExit("set ROLLCALL_DATA to the data folder to fill (or reuse)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rollcall.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from rollcall.access.models import User
    from rollcall.maintenance import setup
    from rollcall.registry.models import Person

    setup.init()
    existing = Person.objects.count()
    if existing < args.persons:
        subprocess.run([sys.executable, str(ROOT / "bench" / "populate.py"), "--persons", str(args.persons - existing)],
                       check=True)
    settings.ALLOWED_HOSTS = ["testserver"]
    caseworker, _ = User.objects.get_or_create(username="bench-browse", defaults={"role": "caseworker"})
    signed_in = Client()
    signed_in.force_login(caseworker)
    load = os.getloadavg()[0]
    rows = []
    for viewer, client in (("case worker", signed_in), ("public", Client())):
        for name, urls in pages(random.Random(3)).items():
            rows.append({"page": name, "viewer": viewer, **measure(client, urls, args.repeat)})
    persons = Person.objects.count()
    if args.json:
        print(json.dumps({"persons": persons, "load_average": load, "target_ms": TARGET_MS, "rows": rows}, indent=1))
        return 0
    print(f"browse: {persons:,} persons, one request at a time, load average {load:.2f} at the start")
    print(f"{'page':30} {'viewer':12} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7} {'cpu p50':>8} {'queries':>7}  target p95")
    for r in rows:
        held = "held" if r["p95_ms"] <= TARGET_MS else "MISSED"
        print(f"{r['page']:30} {r['viewer']:12} {r['requests']:8} {r['p50_ms']:7.0f} {r['p95_ms']:7.0f} "
              f"{r['cpu_p50_ms']:8.0f} {r['queries']:7}  {held}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
