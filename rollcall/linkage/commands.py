"""rollcall import, rollcall dedupe, rollcall merge, rollcall unmerge."""

from __future__ import annotations

import argparse
import time

from rollcall.commandline import UsageError, add, emit


def import_(args: argparse.Namespace) -> None:
    from rollcall import progress
    from rollcall.linkage.importing import ImportFailure, import_file

    show = progress.interactive(args.json)
    started = time.monotonic()
    try:
        with progress.bar("import", progress.count_lines(args.file), show) as advance:
            result = import_file(args.file, args.label or "", advance)
    except ImportFailure as exc:
        raise UsageError(str(exc)) from None
    data = result.as_json()
    if show:
        elapsed = time.monotonic() - started
        progress.summary(f"import of {args.file}", [
            ("batch", result.batch), ("rows", result.rows), ("new persons", result.created),
            ("matched", result.matched), ("ambiguous, to review", result.ambiguous),
            ("already imported", "yes" if result.already_imported else "no"),
            ("seconds", f"{elapsed:.1f}"), ("rows per second", f"{result.rows / max(elapsed, 1e-9):,.0f}")])
        for warning in result.warnings[:10]:
            print("warning:", warning)
        return
    emit(args, data, f"batch {result.batch}: {result.rows} rows, {result.created} new, "
                     f"{result.matched} matched, {result.ambiguous} ambiguous")


def dedupe(args: argparse.Namespace) -> None:
    from rollcall import progress
    from rollcall.linkage.dedupe import find_duplicates

    if not 0 < args.threshold <= 1:
        raise UsageError("--threshold must be in (0, 1]")
    show = progress.interactive(args.json)
    started = time.monotonic()
    with progress.bar("dedupe", None, show) as advance:
        found = find_duplicates(args.threshold, advance)
    pairs = [{"id": c.pk, "person_a": c.person_a_id, "person_b": c.person_b_id, "score": c.score,
              "agreements": c.agreements, "state": c.state} for c in found.candidates]
    data = {"persons": found.persons, "pairs": pairs, "new": found.new, "threshold": args.threshold,
            "training": found.training or ["priors"], "largest_cluster": found.largest_cluster,
            "fell_back": found.fell_back}
    if show:
        progress.summary("duplicate candidates", [
            ("persons compared", found.persons), ("blocked pairs scored", found.scored),
            ("candidate pairs", len(pairs)), ("new since last run", found.new),
            ("model", ", ".join(found.training) or "priors (too few persons to train)"),
            ("largest cluster", found.largest_cluster),
            ("seconds", f"{time.monotonic() - started:.1f}")])
        for p in pairs[:20]:
            print(f"{p['score']:.3f}  #{p['person_a']} ~ #{p['person_b']}  "
                  + ", ".join(f"{k}: {v}" for k, v in p["agreements"].items()))
        return
    emit(args, data, "\n".join(f"{p['score']:.3f}  #{p['person_a']} ~ #{p['person_b']}" for p in pairs)
         or "no candidate pairs")


def merge(args: argparse.Namespace) -> None:
    from rollcall.access.actor import current
    from rollcall.linkage.merging import MergeError, merge_persons
    from rollcall.registry.models import Person

    try:
        keep = Person.all_objects.get(pk=args.keep)
        other = Person.all_objects.get(pk=args.other)
        record = merge_persons(keep, other, current())
    except Person.DoesNotExist:
        raise UsageError("no such person") from None
    except MergeError as exc:
        raise UsageError(str(exc)) from None
    emit(args, {"merge": record.pk, "keep": keep.pk, "other": other.pk, "moved": record.moved},
         f"merge {record.pk}: person {other.pk} merged into {keep.pk}")


def unmerge(args: argparse.Namespace) -> None:
    from rollcall.access.actor import current
    from rollcall.linkage.merging import MergeError, unmerge_record
    from rollcall.linkage.models import Merge

    try:
        record = unmerge_record(Merge.objects.get(pk=args.merge), current())
    except Merge.DoesNotExist:
        raise UsageError(f"no merge {args.merge}") from None
    except MergeError as exc:
        raise UsageError(str(exc)) from None
    emit(args, {"merge": record.pk, "keep": record.keep_id, "other": record.other_id},
         f"merge {record.pk} undone: person {record.other_id} restored")


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = add(sub, "import", "import a CSV/XLSX list of persons as a staged batch, matched against the registry",
            import_)
    p.add_argument("file", help="a .csv or .xlsx file; headers in English, Russian, Kazakh or Chinese")
    p.add_argument("--label", help="provenance label of the batch (default: the file name)")
    p = add(sub, "dedupe", "find candidate duplicate persons (splink, DuckDB) and queue them for review", dedupe)
    p.add_argument("--threshold", type=float, default=0.5, help="lowest match probability kept (default 0.5)")
    p = add(sub, "merge", "merge person OTHER into person KEEP (reversible with unmerge)", merge)
    p.add_argument("keep", type=int)
    p.add_argument("other", type=int)
    p = add(sub, "unmerge", "undo a merge exactly", unmerge)
    p.add_argument("merge", type=int, help="the merge's id")
