"""The `rollcall` command. It acts as the local administrator of the data folder it points at.

Conventions: `--json` prints one JSON document on standard output; bad input gives one line on
standard error and exit status 2, with nothing half-written. Subcommands live in the
`commands.py` of the app they drive; this module only assembles and dispatches them.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from rollcall.commandline import UsageError, cli_actor
from rollcall.conf import SETTINGS

COMMAND_MODULES = (
    "rollcall.maintenance.commands",
    "rollcall.access.commands",
    "rollcall.reports.commands",
    "rollcall.sources.commands",
    "rollcall.search.commands",
    "rollcall.linkage.commands",
)


def parser() -> argparse.ArgumentParser:
    settings_help = "\n".join(f"  {s.name:24} {s.help} (default: {s.default or 'none'})" for s in SETTINGS)
    p = argparse.ArgumentParser(
        prog="rollcall",
        description="Rollcall: records of people who are detained or missing, and of the families who search for them.",
        epilog="settings (environment variables):\n" + settings_help,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_commands(sub)
    return p


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rollcall.settings")
    import django

    django.setup()


def main(argv: list[str] | None = None) -> int:
    cli = parser()
    args = cli.parse_args(argv)
    if not args.command:
        cli.print_help()
        return 0
    try:
        setup_django()
        from rollcall.access.actor import acting_as

        with acting_as(cli_actor()):
            result = args.handler(args)
    except UsageError as exc:
        print(f"rollcall {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"rollcall {args.command}: interrupted", file=sys.stderr)
        return 130
    return result or 0


if __name__ == "__main__":
    sys.exit(main())
