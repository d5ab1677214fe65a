"""rollcall search, rollcall reindex."""

from __future__ import annotations

import argparse
from pathlib import Path

from rollcall.commandline import UsageError, add, cli_actor, emit


def _results(query: str, limit: int) -> list[dict]:
    from rollcall.access import policy
    from rollcall.search.persons import search_persons

    viewer = policy.viewer_for_role("administrator", cli_actor().name)
    return [{"id": h.person.pk, "name": h.name, "score": h.score} for h in search_persons(query, viewer, limit)]


def search(args: argparse.Namespace) -> None:
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    if args.queries:
        path = Path(args.queries)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            raise UsageError(f"no such file: {path}") from None
        except UnicodeDecodeError as exc:
            raise UsageError(f"{path}: not UTF-8 text (byte {exc.start})") from None
        queries = [line.strip() for line in lines if line.strip()]
        data = {"queries": [{"query": q, "results": _results(q, args.limit)} for q in queries]}
        text = "\n".join(f"{q['query']}: " + ", ".join(f"{r['name']} ({r['score']:.2f})" for r in q["results"])
                         for q in data["queries"])
        emit(args, data, text)
        return
    if not args.query:
        raise UsageError("give a QUERY or --queries FILE")
    results = _results(args.query, args.limit)
    emit(args, {"results": results},
         "\n".join(f"{r['score']:.2f}  #{r['id']:<6} {r['name']}" for r in results) or "no match")


def reindex(args: argparse.Namespace) -> None:
    from rollcall.search.indexing import reindex_all

    keys = reindex_all()
    emit(args, {"keys": keys}, f"name index rebuilt: {keys} keys")


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = add(sub, "search", "find persons by any spelling of their name, in any script", search)
    p.add_argument("query", nargs="?", help="a name in any script")
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--queries", metavar="FILE", help="one query a line")
    add(sub, "reindex", "rebuild the name index from the registry", reindex)
