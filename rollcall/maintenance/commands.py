"""rollcall init, serve, demo, load, backup, restore."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from rollcall.commandline import UsageError, add, cli_actor, emit


def init(args: argparse.Namespace) -> None:
    from rollcall.maintenance import setup

    result = setup.init()
    emit(args, result, f"database ready at {result['database']} ({result['migrations_applied']} migrations applied)")


def serve(args: argparse.Namespace) -> None:
    from rollcall.maintenance import serve as server

    server.run(args.host, args.port, args.workers)


def demo(args: argparse.Namespace) -> None:
    from rollcall.maintenance import demo as demo_data
    from rollcall.maintenance import serve as server
    from rollcall.maintenance import setup

    setup.init()
    print(f"demo data: {demo_data.load()}")
    print(f"demo accounts (password for all: {demo_data.PASSWORD}):")
    for name, role in demo_data.create_accounts():
        print(f"  {name:12} {role}")
    from django.conf import settings

    if settings.ROLLCALL_TWO_FACTOR:
        print("staff sign-in asks for an authenticator code; the first sign-in shows a QR code to enrol "
              "(ROLLCALL_TWO_FACTOR=0 turns the second step off)")
    if not args.no_serve:
        server.run(args.host, args.port, args.workers)


def load(args: argparse.Namespace) -> None:
    from rollcall.maintenance.records_file import LoadError, load_file

    try:
        batch = load_file(Path(args.file), label=args.label, created_by=cli_actor().name)
    except LoadError as exc:
        raise UsageError(str(exc)) from None
    emit(args, {"batch": batch.pk, "counts": batch.summary},
         f"loaded {args.file} as batch {batch.pk}: " + ", ".join(f"{k} {v}" for k, v in batch.summary.items()))


def backup(args: argparse.Namespace) -> None:
    from rollcall.access import audit
    from rollcall.maintenance.backup import BackupError, create

    try:
        manifest = create(Path(args.out))
    except BackupError as exc:
        raise UsageError(str(exc)) from None
    audit.record("backup", "", "", {"out": str(args.out), "members": len(manifest["members"])})
    emit(args, {"out": args.out, "members": len(manifest["members"])},
         f"backup written to {args.out} ({len(manifest['members'])} members)")


def restore(args: argparse.Namespace) -> None:
    from rollcall.access import audit
    from rollcall.maintenance.backup import BackupError
    from rollcall.maintenance.restore import restore as restore_backup

    try:
        manifest = restore_backup(Path(args.input))
    except BackupError as exc:
        raise UsageError(str(exc)) from None
    audit.record("restore", "", "", {"from": str(args.input), "created_at": manifest["created_at"]})
    emit(args, {"restored": args.input, "created_at": manifest["created_at"]},
         f"restored {args.input} (backup of {manifest['created_at']})")


def server_workers() -> int:
    """Gunicorn processes: four per core on SQLite, two per core on PostgreSQL. A page is
    Python, so one process runs one request at a time; with a process per core, a slow search
    held up the requests queued behind it while the other core idled (bench/load.py at 100k
    persons on 2 cores, SQLite: search p95 320 ms with 4 processes, 157 ms with 8). PostgreSQL's
    own processes share the cores, and more server processes than that lengthened the slowest
    requests (p95 of pages and searches 322 and 439 ms with 8 processes, 311 and 252 ms with 4)."""
    from rollcall.conf import env

    per_core = 2 if env("DATABASE_URL") else 4
    return per_core * (os.cpu_count() or 1)


def add_commands(sub: argparse._SubParsersAction) -> None:
    add(sub, "init", "create or migrate the database in the data folder", init)
    for name, help, handler in (("serve", "serve the web interface and API", serve),
                                ("demo", "init, load the demo corpus, create demo accounts, serve", demo)):
        p = add(sub, name, help, handler, json_flag=False)
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", type=int, default=8000)
        p.add_argument("--workers", type=int, default=server_workers(),
                       help="server processes (default: four per core, two on PostgreSQL)")
        if name == "demo":
            p.add_argument("--no-serve", action="store_true", help="load and stop")
    p = add(sub, "load", "load hand-curated records from a YAML file, all or nothing, as a staged batch", load)
    p.add_argument("file")
    p.add_argument("--label", help="the batch's provenance label (default: the file name)")
    add(sub, "backup", "consistent snapshot of database and files", backup).add_argument("out")
    add(sub, "restore", "restore a backup after verifying its checksums", restore).add_argument("input")
