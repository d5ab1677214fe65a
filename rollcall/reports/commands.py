"""rollcall export."""

from __future__ import annotations

import argparse
from pathlib import Path

from rollcall.commandline import UsageError, add, cli_actor, emit


def export(args: argparse.Namespace) -> None:
    from rollcall.access import policy
    from rollcall.reports.export import ExportError
    from rollcall.reports.export import export as write_export

    viewer = policy.PUBLIC if args.public else policy.viewer_for_role("administrator", cli_actor().name)
    try:
        counts = write_export(args.format, Path(args.out), viewer)
    except ExportError as exc:
        raise UsageError(str(exc)) from None
    emit(args, {"out": args.out, "format": args.format, "public": args.public, "counts": counts},
         f"exported to {args.out}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = add(sub, "export", "export the registry (redacted with --public)", export)
    p.add_argument("--format", required=True, choices=["json", "csv"])
    p.add_argument("--public", action="store_true", help="only what is explicitly public")
    p.add_argument("out", help="output file (json) or folder (csv)")
