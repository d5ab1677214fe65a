"""Uncertain dates as EDTF (Extended Date/Time Format, levels 0 and 1), with their bounds.

Pure Python. Accepts: 2018, 2018-08, 2018-08-03, a trailing qualifier ? ~ or %,
unspecified digits (201X, 2018-XX), seasons (2018-21 spring … 2018-24 winter) and intervals
whose ends may be open (2020-02/..) or unknown (/2020). Bounds are computed here because the
`edtf` package has crashed on the bounds of open intervals.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

_POINT = re.compile(r"^(?P<year>-?\d{4}|\d{3}X|\d{2}XX)(?:-(?P<month>\d{2}|XX))?(?:-(?P<day>\d{2}|XX))?(?P<q>[?~%])?$")
# Northern-hemisphere seasons as EDTF level 1 numbers them.
SEASONS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 14)}


class EDTFError(ValueError):
    pass


def _point_bounds(text: str) -> tuple[dt.date, dt.date]:
    m = _POINT.match(text)
    if not m:
        raise EDTFError(f"not an EDTF date: {text!r} (expected e.g. 2018, 2018-08, 2018-08-03, 2018-21, 2020-02/..)")
    year, month, day = m["year"], m["month"], m["day"]
    if "X" in year:
        lo_year, hi_year = int(year.replace("X", "0")), int(year.replace("X", "9"))
        if month or day:
            raise EDTFError(f"not an EDTF date: {text!r} (an unspecified year takes no month or day)")
        return dt.date(lo_year, 1, 1), dt.date(hi_year, 12, 31)
    y = int(year)
    if y < 1 or y > 9999:
        raise EDTFError(f"year out of range in {text!r}")
    if month is None or month == "XX":
        if day is not None and day != "XX":
            raise EDTFError(f"not an EDTF date: {text!r} (a day needs a month)")
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    mo = int(month)
    if mo in SEASONS:
        if day is not None:
            raise EDTFError(f"not an EDTF date: {text!r} (a season takes no day)")
        first, last = SEASONS[mo]
        end_year, end_month = (y + 1, last - 12) if last > 12 else (y, last)
        return dt.date(y, first, 1), dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
    if not 1 <= mo <= 12:
        raise EDTFError(f"month {month} out of range in {text!r}")
    last_day = calendar.monthrange(y, mo)[1]
    if day is None or day == "XX":
        return dt.date(y, mo, 1), dt.date(y, mo, last_day)
    d = int(day)
    if not 1 <= d <= last_day:
        raise EDTFError(f"day {day} out of range in {text!r}")
    return dt.date(y, mo, d), dt.date(y, mo, d)


def bounds(text: str) -> tuple[dt.date | None, dt.date | None]:
    """Earliest and latest day the date can mean; None for an open or unknown end.

    >>> bounds("2020-02/..")
    (datetime.date(2020, 2, 1), None)
    """
    text = (text or "").strip()
    if not text:
        raise EDTFError("empty EDTF date")
    if "/" in text:
        start, _, end = text.partition("/")
        if "/" in end:
            raise EDTFError(f"not an EDTF interval: {text!r}")
        lo = None if start in ("", "..") else _point_bounds(start)[0]
        hi = None if end in ("", "..") else _point_bounds(end)[1]
        if lo is None and hi is None:
            raise EDTFError(f"an interval needs at least one known end: {text!r}")
        if lo and hi and lo > hi:
            raise EDTFError(f"interval ends before it starts: {text!r}")
        return lo, hi
    return _point_bounds(text)


def validate(text: str) -> str:
    """The stripped EDTF string, or EDTFError with a message that says what is wrong."""
    bounds(text)
    return text.strip()


def is_uncertain(text: str) -> bool:
    """True unless the date is one exact, certain day."""
    lo, hi = bounds(text)
    return lo is None or hi is None or lo != hi or text.strip()[-1] in "?~%"
