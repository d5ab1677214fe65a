"""rollcall export, rollcall report."""

from __future__ import annotations

import argparse
import datetime as dt
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


def _date(value: str | None, flag: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{flag} {value!r} is not a date (use YYYY-MM-DD)") from None


def report(args: argparse.Namespace) -> None:
    from rollcall.access import policy
    from rollcall.reports import rules, statistics

    try:
        period = statistics.Period(_date(args.since, "--since"), _date(args.until, "--until"))
        chosen = [rules.get(code) for code in args.rule] if args.rule else list(rules.all_rules().values())
    except (statistics.PeriodError, LookupError) as exc:
        raise UsageError(str(exc).strip("'\"")) from None
    viewer = policy.PUBLIC if args.public else policy.viewer_for_role("administrator", cli_actor().name)
    figures = [statistics.compute(rule, viewer, args.language, period) for rule in chosen]
    from rollcall.reports.beside import all_ledgers

    data = {"period": {"since": args.since, "until": args.until}, "public": args.public,
            "figures": [f.as_dict(args.language) for f in figures],
            "beside": [{"subject": ledger.subject, "label": ledger.label, "ours": ledger.ours,
                        "rule": ledger.rule.code if ledger.rule else None,
                        "claims": [{"id": c.pk, "value": c.value, "high": c.high, "qualifier": c.qualifier,
                                    "quantity": c.quantity_text, "as_of": c.as_of,
                                    "said_by": str(c.said_by_person or c.said_by_organization or c.said_by_text),
                                    "source": c.source_id} for c in ledger.claims]}
                       for ledger in all_ledgers(viewer, args.language)]}
    lines = []
    for figure in figures:
        lines.append(f"{figure.rule.title_in(args.language)} (rule {figure.rule.code} v{figure.rule.version}): "
                     f"{figure.total}")
        lines.extend(f"  {' · '.join(g.labels):40} {g.count:>8}" for g in figure.groups)
        if not figure.total:
            lines.append("  no records in this period" if period else "  no records")
    emit(args, data, "\n".join(lines))


def document(args: argparse.Namespace) -> None:
    from rollcall.access import policy
    from rollcall.reports.documents.build import DocumentError, render_pdf

    viewer = policy.viewer_for_role("administrator", cli_actor().name)
    out = Path(args.out)
    if out.exists():
        raise UsageError(f"{out} already exists; choose a new name")
    try:
        render_pdf(args.kind, args.person, out, viewer, args.language, args.template, args.draft)
    except DocumentError as exc:
        raise UsageError(str(exc)) from None
    emit(args, {"out": str(out), "kind": args.kind, "person": args.person}, f"{args.kind} written to {out}")


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = add(sub, "export", "export the registry (redacted with --public)", export)
    p.add_argument("--format", required=True, choices=["json", "csv", "xlsx", "ftm"],
                   help="json: one document; csv: a folder of tables; xlsx: one workbook; ftm: followthemoney JSON lines")
    p.add_argument("--public", action="store_true", help="only what is explicitly public")
    p.add_argument("out", help="output file, or folder for csv")
    p = add(sub, "report", "statistics, each with the counting rule that produced it", report)
    p.add_argument("--rule", action="append", help="only this rule (repeatable)")
    p.add_argument("--since", help="first day of the period (YYYY-MM-DD)")
    p.add_argument("--until", help="last day of the period (YYYY-MM-DD)")
    p.add_argument("--public", action="store_true", help="count only what the public may see")
    p.add_argument("--language", default="en", choices=["en", "ru", "kk"])
    p = add(sub, "document", "a PDF for one person: case dossier, WGEID submission or petition letter", document)
    p.add_argument("kind", choices=["dossier", "wgeid", "petition"])
    p.add_argument("person", type=int, help="the person's id")
    p.add_argument("out", help="the PDF file to write")
    p.add_argument("--language", default="en", choices=["en", "ru", "kk"])
    p.add_argument("--template", help="a template name from reports/templates/reports or the data folder")
    p.add_argument("--draft", action="store_true", help="write a WGEID draft even with elements missing")
