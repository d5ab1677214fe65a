"""Work on many files over all cores, results in input order, a bounded number in flight.

    >>> for item, result in ordered_map(extract_file, paths, workers=2):
    ...     ...   # result is what extract_file returned, or the exception it raised

Used by `rollcall extract` and `rollcall ingest`: extraction is pure CPU work, one file does not
depend on another, and the caller (the single database writer of `ingest`) needs the results in
the order of its input. Workers are forked where the platform allows it (they start at once and
share the parent's loaded modules), ignore Ctrl-C (the parent decides what an interruption
keeps) and die with the parent, so a SIGKILL leaves no orphans behind.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
MIN_ITEMS = 16  # fewer than this: a pool costs more than it gives


def cpus() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers(n_items: int) -> int:
    """0 (work in this process) for a few items or one core, else one worker per core."""
    return 0 if n_items < MIN_ITEMS or cpus() < 2 else cpus()


def _worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):  # die with the parent, even when it is SIGKILLed
        import ctypes

        with contextlib.suppress(OSError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _call(func: Callable[[T], Any], item: T) -> tuple[bool, Any]:
    try:
        return True, func(item)
    except Exception as exc:  # returned, not raised: one bad item must not stop the others
        return False, exc


def ordered_map(func: Callable[[T], Any], items: Iterable[T], workers: int,
                window: int | None = None) -> Iterator[tuple[T, Any]]:
    """(item, func(item)) in input order; an exception func raised is yielded as the result.

    workers=0 runs in this process. `window` bounds the items submitted ahead of the one the
    caller is at (memory stays flat on a run of 100,000 files). If a worker dies (killed, out
    of memory), the items not yet done are worked in this process.
    """
    if workers <= 0:
        for item in items:
            yield item, _call(func, item)[1]
        return
    window = window or 8 * workers
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_worker_init)
    pending: deque = deque()
    done = False
    try:
        for item in items:
            try:
                future = pool.submit(_call, func, item)
            except BrokenProcessPool:  # a worker died: the rest here
                future = None
            pending.append((item, future))
            if len(pending) >= window:
                yield _next(pending, func)
        while pending:
            yield _next(pending, func)
        done = True
    finally:
        for _, future in pending:
            if future is not None:
                future.cancel()
        if not done:  # interrupted or abandoned: no need to let the workers finish
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
        pool.shutdown(wait=done, cancel_futures=True)


def _next(pending: deque, func: Callable) -> tuple[Any, Any]:
    item, future = pending.popleft()
    if future is None:
        return item, _call(func, item)[1]
    try:
        ok, result = future.result()
    except BrokenProcessPool:
        ok, result = _call(func, item)
    return item, result
