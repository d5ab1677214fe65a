"""The `rollcall` command. It acts as the local administrator of the data folder it points at.

Conventions: `--json` prints one JSON document on standard output; bad input gives one line on
standard error and exit status 2, with nothing half-written.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rollcall.conf import SETTINGS


class UsageError(Exception):
    """Bad input: reported as one line, exit status 2."""


COMMANDS: dict[str, Callable[[argparse.Namespace], Any]] = {}


def command(fn: Callable[[argparse.Namespace], Any]) -> Callable[[argparse.Namespace], Any]:
    COMMANDS[fn.__name__.removeprefix("cmd_").replace("_", "-")] = fn
    return fn


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rollcall.settings")
    import django

    django.setup()


def cli_actor():
    from rollcall.access.actor import Actor

    try:
        user = getpass.getuser()
    except Exception:
        user = "unknown"
    return Actor(f"cli:{user}", "administrator")


def emit(args: argparse.Namespace, data: dict, text: str) -> None:
    if getattr(args, "json", False):
        json.dump(data, sys.stdout, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
    else:
        print(text)


@command
def cmd_init(args: argparse.Namespace) -> None:
    from rollcall.maintenance import setup

    result = setup.init()
    emit(args, result, f"database ready at {result['database']} ({result['migrations_applied']} migrations applied)")


@command
def cmd_serve(args: argparse.Namespace) -> None:
    from rollcall.maintenance import serve

    serve.run(args.host, args.port, args.workers)


@command
def cmd_demo(args: argparse.Namespace) -> None:
    from rollcall.maintenance import demo, serve, setup

    setup.init()
    loaded = demo.load()
    accounts = demo.create_accounts()
    print(f"demo data: {loaded}")
    print(f"demo accounts (password for all: {demo.PASSWORD}):")
    for name, role in accounts:
        print(f"  {name:12} {role}")
    if not args.no_serve:
        serve.run(args.host, args.port, args.workers)


@command
def cmd_load(args: argparse.Namespace) -> None:
    from rollcall.maintenance.records_file import LoadError, load_file

    try:
        batch = load_file(Path(args.file), label=args.label, created_by=cli_actor().name)
    except LoadError as exc:
        raise UsageError(str(exc)) from None
    emit(args, {"batch": batch.pk, "counts": batch.summary},
         f"loaded {args.file} as batch {batch.pk}: " + ", ".join(f"{k} {v}" for k, v in batch.summary.items()))


@command
def cmd_token(args: argparse.Namespace) -> None:
    from rollcall.access import audit
    from rollcall.access.models import ApiToken, User

    user = User.objects.filter(username=args.username, is_active=True).first()
    if user is None:
        raise UsageError(f"no active user named {args.username!r}")
    token, key = ApiToken.issue(user, args.name)
    audit.record("token", "access.apitoken", token.pk, {"user": user.username})
    emit(args, {"user": user.username, "token": key}, key)


@command
def cmd_export(args: argparse.Namespace) -> None:
    from rollcall.access import policy
    from rollcall.reports.export import ExportError, export

    viewer = policy.PUBLIC if args.public else policy.viewer_for_role("administrator", cli_actor().name)
    try:
        counts = export(args.format, Path(args.out), viewer)
    except ExportError as exc:
        raise UsageError(str(exc)) from None
    emit(args, {"out": args.out, "format": args.format, "public": args.public, "counts": counts},
         f"exported to {args.out}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


@command
def cmd_backup(args: argparse.Namespace) -> None:
    from rollcall.access import audit
    from rollcall.maintenance.backup import BackupError, create

    try:
        manifest = create(Path(args.out))
    except BackupError as exc:
        raise UsageError(str(exc)) from None
    audit.record("backup", "", "", {"out": str(args.out), "members": len(manifest["members"])})
    emit(args, {"out": args.out, "members": len(manifest["members"])},
         f"backup written to {args.out} ({len(manifest['members'])} members)")


@command
def cmd_restore(args: argparse.Namespace) -> None:
    from rollcall.access import audit
    from rollcall.maintenance.backup import BackupError
    from rollcall.maintenance.restore import restore

    try:
        manifest = restore(Path(args.input))
    except BackupError as exc:
        raise UsageError(str(exc)) from None
    audit.record("restore", "", "", {"from": str(args.input), "created_at": manifest["created_at"]})
    emit(args, {"restored": args.input, "created_at": manifest["created_at"]},
         f"restored {args.input} (backup of {manifest['created_at']})")


@command
def cmd_audit(args: argparse.Namespace) -> int:
    from rollcall.access import audit

    verdict = audit.verify()
    data = {"ok": verdict.ok, "checked": verdict.checked, "problem": verdict.problem, "seq": verdict.seq}
    emit(args, data, f"audit chain intact: {verdict.checked} entries" if verdict.ok else verdict.problem)
    return 0 if verdict.ok else 1


def parser() -> argparse.ArgumentParser:
    settings_help = "\n".join(f"  {s.name:24} {s.help} (default: {s.default or 'none'})" for s in SETTINGS)
    p = argparse.ArgumentParser(
        prog="rollcall",
        description="Rollcall: records of people who are detained or missing, and of the families who search for them.",
        epilog="settings (environment variables):\n" + settings_help,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help: str, json_flag: bool = True) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help, description=help)
        if json_flag:
            sp.add_argument("--json", action="store_true", help="print one JSON document")
        return sp

    add("init", "create or migrate the database in the data folder")
    for name, help in (("serve", "serve the web interface and API"),
                       ("demo", "init, load the demo corpus, create demo accounts, serve")):
        sp = add(name, help, json_flag=False)
        sp.add_argument("--host", default="127.0.0.1")
        sp.add_argument("--port", type=int, default=8000)
        sp.add_argument("--workers", type=int, default=3)
        if name == "demo":
            sp.add_argument("--no-serve", action="store_true", help="load and stop")
    sp = add("load", "load hand-curated records from a YAML file, all or nothing, as a staged batch")
    sp.add_argument("file")
    sp.add_argument("--label", help="the batch's provenance label (default: the file name)")
    sp = add("token", "issue an API token for a user (printed once)")
    sp.add_argument("username")
    sp.add_argument("--name", default="", help="what the token is for")
    sp = add("export", "export the registry (redacted with --public)")
    sp.add_argument("--format", required=True, choices=["json", "csv"])
    sp.add_argument("--public", action="store_true", help="only what is explicitly public")
    sp.add_argument("out", help="output file (json) or folder (csv)")
    sp = add("backup", "consistent snapshot of database and files")
    sp.add_argument("out")
    sp = add("restore", "restore a backup after verifying its checksums")
    sp.add_argument("input")
    sp = add("audit", "audit trail tools")
    sp.add_argument("action", choices=["verify"])
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if not args.command:
        parser().print_help()
        return 0
    try:
        setup_django()
        from rollcall.access.actor import acting_as

        with acting_as(cli_actor()):
            result = COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"rollcall {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"rollcall {args.command}: interrupted", file=sys.stderr)
        return 130
    return result or 0


if __name__ == "__main__":
    sys.exit(main())
