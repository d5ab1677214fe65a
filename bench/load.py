"""Load test: 50 concurrent staff users for 60 s against `rollcall serve` with 100,000 persons.

    .venv/bin/python bench/load.py [--persons N] [--users U] [--seconds S] [--postgres] [--json]

Uses Locust (a real load tool, bench extra: pip install -e '.[bench]') in headless mode on
loopback. Prints requests per second, p50/p95/p99 and errors per kind of request; the target
on the 2-core machine is zero errors and p95 <= 300 ms for pages and searches. Pages and
searches are counted from the last sign-in on (the steady state, about --seconds long); the two
sign-in steps over the whole run, ramp included (argon2 is slow on purpose).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TARGET_P95_MS = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(env: dict, persons: int, users: int) -> dict:
    """Populate (once per data folder) and create one staff account with an authenticator per user."""
    code = f"""
import json, os, random, django, pyotp
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rollcall.settings")
django.setup()
from rollcall.registry.models import Person, PersonName
from rollcall.access.models import LoginFailure, User, TOTPDevice
LoginFailure.objects.all().delete()  # a fresh run: no lock left by an earlier one
from django.utils import timezone
accounts = []
for i in range({users}):
    user, _ = User.objects.get_or_create(username=f"bench{{i}}", defaults={{"role": "caseworker"}})
    user.role = "caseworker"; user.set_password("bench-password"); user.save()
    secret = pyotp.random_base32()
    TOTPDevice.objects.update_or_create(user=user, defaults={{"secret": secret, "confirmed_at": timezone.now(), "last_step": 0}})
    accounts.append({{"username": user.username, "password": "bench-password", "secret": secret}})
names = list(PersonName.objects.order_by("?").values_list("text", flat=True)[:500])
print(json.dumps({{"accounts": accounts, "queries": names, "max_person": Person.all_objects.order_by("-pk").values_list("pk", flat=True).first() or 1,
                  "persons": Person.objects.count()}}))
"""
    count = subprocess.run([str(BIN / "python"), "-c", "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE','rollcall.settings'); django.setup(); from rollcall.registry.models import Person; print(Person.objects.count())"],
                           env=env, capture_output=True, text=True)
    existing = int(count.stdout.strip() or 0) if count.returncode == 0 else 0
    if existing < persons:
        subprocess.run([str(BIN / "python"), str(ROOT / "bench" / "populate.py"), "--persons", str(persons - existing)],
                       env=env, check=True)
    out = subprocess.run([str(BIN / "python"), "-c", code], env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def wait_for(url: str, seconds: int = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url}")


class CpuSampler(threading.Thread):
    """CPU seconds used so far by the server (its workers included), the load tool and a
    PostgreSQL server, once a second: the steady state's share tells how much CPU a request
    costs, and whether the load tool took the server's."""

    def __init__(self, server_pid: int):
        super().__init__(daemon=True)
        self.server = psutil.Process(server_pid)
        self.samples: list[tuple[float, ...]] = []  # (time, server, load tool, database server CPU s)
        self.done = threading.Event()
        self.seen: dict[int, tuple[str, float]] = {}

    def _cpu(self, process) -> float:
        times = process.cpu_times()
        return times.user + times.system

    def run(self) -> None:
        while not self.done.wait(1.0):
            try:
                for child in [self.server, *self.server.children(recursive=True)]:
                    self.seen[child.pid] = ("server", self._cpu(child))
            except psutil.Error:
                pass
            for process in psutil.process_iter(["cmdline", "name"]):
                try:
                    if any("locust" in part for part in process.info["cmdline"] or []):
                        self.seen[process.pid] = ("load", self._cpu(process))
                    elif process.info["name"] == "postgres":
                        self.seen[process.pid] = ("database", self._cpu(process))
                except psutil.Error:
                    continue
            self.samples.append((time.time(), *(sum(c for k, c in self.seen.values() if k == kind)
                                                for kind in ("server", "load", "database"))))

    def between(self, start: float, end: float) -> tuple[float, float, float, float]:
        """(seconds, server, load tool and database server CPU s) between the samples nearest to
        start and end."""
        inside = [s for s in self.samples if start <= s[0] <= end] or self.samples[-2:]
        if len(inside) < 2:
            return 0.0, 0.0, 0.0, 0.0
        first, last = inside[0], inside[-1]
        return tuple(b - a for a, b in zip(first, last, strict=True))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def summarize(path: Path) -> tuple[list[dict], float]:
    """Rows per kind of request: pages and searches ended after the last sign-in (the steady
    state), and both sign-in steps over the whole run; and the steady state's length in s."""
    requests = json.loads(path.read_text()) if path.exists() else []
    sign_ins = [r for r in requests if r[1] == "sign in"]
    steady_from = max((r[0] for r in sign_ins), default=min((r[0] for r in requests), default=0.0))
    steady = [r for r in requests if r[1] != "sign in" and r[0] > steady_from]
    seconds = max(1e-9, max((r[0] for r in requests), default=0.0) - steady_from)
    whole = max(1e-9, max((r[0] for r in requests), default=0.0) - min((r[0] for r in requests), default=0.0))

    def row(label: str, items: list, span: float, target: bool) -> dict:
        ms = [r[2] for r in items]
        return {"request": label, "requests": len(items), "errors": sum(bool(r[3]) for r in items),
                "rps": len(items) / span, "p50_ms": percentile(ms, 0.5), "p95_ms": percentile(ms, 0.95),
                "p99_ms": percentile(ms, 0.99), "target": target}

    rows = [row(name, [r for r in steady if r[1] == name], seconds, True) for name in sorted({r[1] for r in steady})]
    rows.append(row("pages and searches", steady, seconds, True))
    rows.append(row("sign in (whole run)", sign_ins, whole, False))
    return rows, seconds, (steady_from, steady_from + seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, help="gunicorn processes (default: rollcall serve's: four per core, two on PostgreSQL)")
    parser.add_argument("--data", help="data folder to reuse (default: a new one under /tmp, kept)")
    parser.add_argument("--postgres", action="store_true", help="run against a throwaway PostgreSQL server")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.postgres and not os.environ.get("DATABASE_URL"):
        rest = [a for a in (argv or sys.argv[1:]) if a != "--postgres"]
        return subprocess.call(["bash", str(ROOT / "scripts" / "with-postgres.sh"), str(BIN / "python"), __file__,
                                "--postgres", *rest])
    data = Path(args.data or tempfile.mkdtemp(prefix="rollcall-load-"))
    env = {**os.environ, "ROLLCALL_DATA": str(data), "ROLLCALL_TWO_FACTOR": "1"}
    subprocess.run([str(BIN / "rollcall"), "init"], env=env, check=True, capture_output=True)
    fixture = prepare(env, args.persons, args.users)
    port = free_port()
    if args.workers is None:
        from rollcall.maintenance.commands import server_workers

        args.workers = server_workers()
    server = subprocess.Popen([str(BIN / "rollcall"), "serve", "--port", str(port), "--workers", str(args.workers)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sampler = CpuSampler(server.pid)
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        sampler.start()
        load_env = {**env, "ROLLCALL_BENCH_ACCOUNTS": json.dumps(fixture["accounts"]),
                    "ROLLCALL_BENCH_QUERIES": json.dumps(fixture["queries"]),
                    "ROLLCALL_BENCH_MAX_PERSON": str(fixture["max_person"])}
        rate = max(1, args.users // 5)
        ramp = -(-args.users // rate) + 15  # seconds for every user to start and sign in
        load_env["ROLLCALL_BENCH_REQUESTS"] = str(data / "requests.json")
        subprocess.run([str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                        "-u", str(args.users), "-r", str(rate), "-t", f"{args.seconds + ramp}s",
                        "--host", f"http://127.0.0.1:{port}", "--only-summary"],
                       env=load_env, check=False, capture_output=True)
    finally:
        sampler.done.set()
        server.terminate()
        server.wait(timeout=30)
    table, steady, window = summarize(data / "requests.json")
    span, server_cpu, load_cpu, database_cpu = sampler.between(*window)
    requests = sum(r["requests"] for r in table if r["request"] == "pages and searches")
    in_window = requests * span / steady if steady else 0
    cpu = {"server_cores": round(server_cpu / span, 2) if span else None,
           "load_tool_cores": round(load_cpu / span, 2) if span else None,
           "server_cpu_ms_per_request": round(server_cpu / in_window * 1000, 1) if in_window else None,
           "database_cpu_ms_per_request": round(database_cpu / in_window * 1000, 1) if in_window else None,
           "load_average": round(os.getloadavg()[0], 2)}
    database = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    result = {"database": database, "persons": fixture["persons"], "users": args.users, "seconds": round(steady),
              "workers": args.workers, "target_p95_ms": TARGET_P95_MS, "rows": table, "cpu": cpu}
    if args.json:
        print(json.dumps(result))
    else:
        print(f"load: {args.users} users, {steady:.0f} s after the last sign-in, {fixture['persons']:,} persons, {database}, "
              f"{args.workers} gunicorn workers")
        print(f"{'request':<22}{'requests':>9}{'errors':>8}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
              f"{'target p95':>12}")
        for r in table:
            verdict = ("ok" if r["p95_ms"] <= TARGET_P95_MS and not r["errors"] else "MISSED") if r["target"] else "-"
            print(f"{r['request']:<22}{r['requests']:>9}{r['errors']:>8}{r['rps']:>8.1f}{r['p50_ms']:>8.0f}"
                  f"{r['p95_ms']:>8.0f}{r['p99_ms']:>8.0f}{verdict:>12}")
        on_postgres = f", PostgreSQL {cpu['database_cpu_ms_per_request']} ms more" if database == "postgresql" else ""
        print(f"steady state: the server used {cpu['server_cores']} cores ({cpu['server_cpu_ms_per_request']} ms of CPU "
              f"a request{on_postgres}), the load tool {cpu['load_tool_cores']}; load average {cpu['load_average']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
