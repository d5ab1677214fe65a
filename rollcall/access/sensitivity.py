"""Sensitivity levels. Pure: no Django import."""

from __future__ import annotations

PUBLIC = 0
RESTRICTED = 1
CONFIDENTIAL = 2

CODES = {PUBLIC: "public", RESTRICTED: "restricted", CONFIDENTIAL: "confidential"}
LEVELS = {code: level for level, code in CODES.items()}
CHOICES = [(PUBLIC, "public"), (RESTRICTED, "restricted"), (CONFIDENTIAL, "confidential")]


def level(value: int | str) -> int:
    """The numeric level for a code or a level; ValueError for anything else."""
    if isinstance(value, int) and value in CODES:
        return value
    if isinstance(value, str) and value in LEVELS:
        return LEVELS[value]
    raise ValueError(f"unknown sensitivity {value!r} (allowed: public, restricted, confidential)")
