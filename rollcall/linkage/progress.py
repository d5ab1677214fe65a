"""A rich progress bar for long runs on a terminal (rows done, rate, time left); silent otherwise."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
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


@contextmanager
def bar(description: str, total: int | None, show: bool) -> Iterator[Callable[[int], None]]:
    """Yields advance(n). Drawn on standard error, so standard output stays clean."""
    if not show:
        yield lambda n: None
        return
    columns = [TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
               TextColumn("{task.fields[rate]} rows/s"), TimeElapsedColumn(), TextColumn("left"),
               TimeRemainingColumn()]
    with Progress(*columns, console=Console(stderr=True), transient=False) as progress:
        task = progress.add_task(description, total=total, rate="-")

        def advance(n: int) -> None:
            progress.advance(task, n)
            speed = progress.tasks[0].speed
            progress.update(task, rate=f"{speed:,.0f}" if speed else "-")

        yield advance


def summary(title: str, rows: list[tuple[str, object]]) -> None:
    table = Table(title=title, show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    for what, value in rows:
        table.add_row(what, f"{value:,}" if isinstance(value, int) else str(value))
    Console().print(table)


def count_lines(path) -> int | None:
    """Rows in a CSV file for the bar's total (a fast byte count); None for XLSX."""
    if str(path).lower().endswith((".xlsx", ".xlsm")):
        return None
    try:
        with open(path, "rb") as fh:
            return max(0, sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b"")) - 1)
    except OSError:
        return None
