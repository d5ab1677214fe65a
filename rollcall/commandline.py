"""What every `rollcall` subcommand shares: the bad-input error, JSON output, the CLI actor.

Subcommands live beside the code they drive, in `<app>/commands.py`, each with an
`add_commands(sub)` that adds its parsers and sets `handler`. Those modules must not import
Django at module level: `rollcall --help` stays fast and works without a database.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from typing import Any

Handler = Callable[[argparse.Namespace], Any]


class UsageError(Exception):
    """Bad input: reported as one line on standard error, exit status 2."""


def add(sub: argparse._SubParsersAction, name: str, help: str, handler: Handler,
        json_flag: bool = True) -> argparse.ArgumentParser:
    parser = sub.add_parser(name, help=help, description=help)
    if json_flag:
        parser.add_argument("--json", action="store_true", help="print one JSON document on standard output")
    parser.set_defaults(handler=handler)
    return parser


def emit(args: argparse.Namespace, data: dict, text: str) -> None:
    """Print `data` as one JSON document with --json, else the human-readable `text`."""
    if getattr(args, "json", False):
        json.dump(data, sys.stdout, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
    else:
        print(text)


def cli_actor():
    from rollcall.access.actor import Actor

    try:
        user = getpass.getuser()
    except Exception:
        user = "unknown"
    return Actor(f"cli:{user}", "administrator")
