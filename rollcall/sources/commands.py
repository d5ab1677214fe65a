"""rollcall ingest, extract."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rollcall.commandline import add


def _confidence(value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 <= x <= 1:
        raise argparse.ArgumentTypeError(f"a confidence is between 0 and 1, not {value}")
    return x


def ingest(args: argparse.Namespace) -> int:
    from rollcall import progress
    from rollcall.sources.ingesting import Options
    from rollcall.sources.ingesting import ingest as run

    options = Options(label=args.label, accept=args.accept, public_sources=args.public)
    paths = [Path(p) for p in args.paths]
    show = progress.interactive(args.json)
    with progress.bar("ingest", None, show, unit="files") as advance:
        summary = run(paths, options, on_file=lambda path, results: advance(1), on_start=advance.set_total)
    if show:
        title = f"batch {summary['batch']}: {summary['label']}" if summary["batch"] else "nothing new stored"
        progress.summary(title, [(key.replace("_", " "), summary[key]) for key in (
            "files", "documents", "ingested", "skipped", "failed", "near_duplicates", "mentions", "linked",
            "proposals", "accepted")] + [("seconds", f"{summary['seconds']:.1f}")])
    else:
        json.dump(summary, sys.stdout, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
    for r in summary["results"]:
        if r["status"] == "failed":
            print(f"rollcall ingest: {r['message']}", file=sys.stderr)
    return 2 if summary["failed"] else 0


def extract(args: argparse.Namespace) -> int:
    from rollcall.ingest.document import ReadError
    from rollcall.ingest.extract import extract_paths

    documents, failed = [], 0
    for name, result in extract_paths(args.files):
        if isinstance(result, ReadError):
            print(f"rollcall extract: {result}", file=sys.stderr)
            failed += 1
        elif isinstance(result, IsADirectoryError):
            print(f"rollcall extract: {name}: is a folder, not a file", file=sys.stderr)
            failed += 1
        elif isinstance(result, BaseException):
            raise result
        else:
            documents += result
    if args.json:
        json.dump({"documents": documents}, sys.stdout, ensure_ascii=False, default=str)
        sys.stdout.write("\n")
    else:
        for d in documents:
            print(f"{d['file']}: {d['title'] or '(no title)'} [{d['language']}]")
            for key in ("persons", "organizations", "places", "claims", "events"):
                print(f"  {key}: {len(d[key])}")
    return 2 if failed else 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = add(sub, "ingest", "store pages (text, HTML, WARC, folders) with provenance; find near-duplicates, "
                           "extract, link, and queue proposals for review", ingest)
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--accept", type=_confidence, metavar="CONFIDENCE",
                   help="accept proposals with at least this confidence (0..1); the rest wait for review")
    p.add_argument("--label", help="the batch's provenance label (default: 'ingest' and the time)")
    p.add_argument("--public", action="store_true",
                   help="mark the sources themselves public (records made from them stay restricted)")
    p = add(sub, "extract", "extraction only, nothing stored", extract)
    p.add_argument("files", nargs="+", metavar="FILE")

