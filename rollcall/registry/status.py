"""A person's current status, derived from their acts. Pure: no Django import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from rollcall import vocabularies


@dataclass(frozen=True)
class ActView:
    type: str
    earliest: dt.date | None
    latest: dt.date | None
    order: int = 0  # tie-breaker: the order acts were recorded in


def derive(acts: Iterable[ActView]) -> str:
    """The status left by the latest act that changes status; 'unknown' if none does.

    Acts are ordered by their latest possible date, then earliest (an undated act counts as
    older than any dated one), then by the order they were recorded in.
    """
    act_types = vocabularies.get("act_types")
    statuses = vocabularies.get("statuses")
    best: tuple | None = None
    status = "unknown"
    for act in acts:
        effect = act_types[act.type].get("status") if act.type in act_types else None
        if not effect:
            continue
        key = (act.latest or act.earliest or dt.date.min, act.earliest or dt.date.min, act.order,
               statuses[effect]["rank"])
        if best is None or key > best:
            best, status = key, effect
    return status
