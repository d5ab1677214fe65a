"""Progress of long runs (ingest, import, dedupe): a rich bar on a terminal with items done,
rate and time left, and a summary table at the end; nothing at all with --json or without a
terminal, so standard output stays one JSON document."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table


def interactive(json_output: bool) -> bool:
    return not json_output and sys.stderr.isatty()


class Tracker:
    """Call it with the number of items just finished; set_total() when the total is known late."""

    def __init__(self, progress: Progress | None = None, task=None):
        self._progress, self._task = progress, task

    def __call__(self, n: int) -> None:
        if self._progress is None:
            return
        self._progress.advance(self._task, n)
        speed = self._progress.tasks[0].speed
        self._progress.update(self._task, rate=f"{speed:,.1f}" if speed else "-")

    def set_total(self, total: int) -> None:
        if self._progress is not None:
            self._progress.update(self._task, total=total)


@contextmanager
def bar(description: str, total: int | None, show: bool, unit: str = "rows") -> Iterator[Tracker]:
    """Yields a Tracker. Drawn on standard error, so standard output stays clean."""
    if not show:
        yield Tracker()
        return
    columns = [TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
               TextColumn(f"{{task.fields[rate]}} {unit}/s"), TimeElapsedColumn(), TextColumn("left"),
               TimeRemainingColumn()]
    with Progress(*columns, console=Console(stderr=True), transient=False) as progress:
        yield Tracker(progress, progress.add_task(description, total=total, rate="-"))


def summary(title: str, rows: list[tuple[str, object]]) -> None:
    table = Table(title=title, show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    for what, value in rows:
        table.add_row(what, f"{value:,}" if isinstance(value, int) else str(value))
    Console(stderr=True).print(table)


def count_lines(path) -> int | None:
    """Rows in a CSV file for the bar's total (a fast byte count); None for XLSX."""
    if str(path).lower().endswith((".xlsx", ".xlsm")):
        return None
    try:
        with open(path, "rb") as fh:
            return max(0, sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b"")) - 1)
    except OSError:
        return None
