"""Dates in a volunteer's words to EDTF, and EDTF back to words in the reader's language.

The words are always kept beside the EDTF: the EDTF is derived, never typed by the volunteer.
English and Russian phrases are read by rollcall.ingest.dates; Kazakh months and seasons are
put into English words first ("2018 жылы көктемде" -> "spring 2018").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.utils import formats
from django.utils.translation import gettext as _

from rollcall import dates
from rollcall.ingest.dates import find_dates, parse

KK_MONTHS = {"қаңтар": "January", "ақпан": "February", "наурыз": "March", "сәуір": "April",
             "мамыр": "May", "маусым": "June", "шілде": "July", "тамыз": "August",
             "қыркүйек": "September", "қазан": "October", "қараша": "November", "желтоқсан": "December"}
KK_SEASONS = {"көктем": "spring", "жаз": "summer", "күз": "autumn", "қыс": "winter"}
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_DAY = re.compile(r"(?<!\d)([0-3]?\d)(?!\d)")


class DateWordsError(ValueError):
    pass


def _kazakh(words: str) -> str | None:
    low = words.casefold()
    year = _YEAR.search(low)
    if not year:
        return None
    rest = _YEAR.sub(" ", low)
    for stem, month in KK_MONTHS.items():
        if stem in rest:
            day = _DAY.search(rest)
            return f"{month} {int(day.group(1))}, {year.group(1)}" if day else f"{month} {year.group(1)}"
    for stem, season in KK_SEASONS.items():
        if re.search(rf"(?<!\w){stem}", rest):
            return f"{season} {year.group(1)}"
    return None


def to_edtf(words: str) -> str:
    """The EDTF the words mean; DateWordsError with a message for the volunteer if none."""
    text = " ".join(words.split())
    if not text:
        return ""
    try:
        return dates.validate(text)
    except dates.EDTFError:
        pass
    if re.fullmatch(r"(?:in |в |about |около )?((?:19|20)\d\d)(?: ?(?:year|года?|г\.|жылы?|ж\.))?", text, re.I):
        year = _YEAR.search(text).group(1)
        return f"{year}~" if re.match(r"(about|около)", text, re.I) else year
    for candidate in filter(None, (text, _kazakh(text))):
        found = parse(candidate) or next((d.edtf for d in find_dates(candidate) if "X" not in d.edtf), None)
        if found:
            return found
    raise DateWordsError(
        _("Could not read a date from “%(words)s”. Write it like “spring 2018”, “August 2018” or “2018”, "
          "or leave the date empty and describe it below.") % {"words": text})


SEASON_WORDS = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}


def _season(code: int, year: str) -> str:
    labels = {21: _("spring %(year)s"), 22: _("summer %(year)s"), 23: _("autumn %(year)s"),
              24: _("winter %(year)s")}
    return labels[code] % {"year": year}


def _point(lo: dt.date, hi: dt.date) -> str:
    if lo == hi:
        return formats.date_format(lo, "DATE_FORMAT")
    if lo.day == 1 and hi.year == lo.year and hi.month == lo.month and hi.day == calendar.monthrange(lo.year, lo.month)[1]:
        return formats.date_format(lo, "YEAR_MONTH_FORMAT")
    if (lo.month, lo.day, hi.month, hi.day) == (1, 1, 12, 31) and lo.year == hi.year:
        return str(lo.year)
    return f"{formats.date_format(lo, 'DATE_FORMAT')} – {formats.date_format(hi, 'DATE_FORMAT')}"


def describe(edtf: str) -> str:
    """An EDTF date in the active language's words: '2018-21' -> 'spring 2018', '2018-08~' -> 'about August 2018'."""
    if not edtf:
        return ""
    try:
        lo, hi = dates.bounds(edtf)
    except dates.EDTFError:
        return edtf
    season = re.fullmatch(r"(\d{4})-(2[1-4])[~?%]?", edtf)
    if season:
        text = _season(int(season.group(2)), season.group(1))
    elif "/" in edtf:
        if lo and hi:
            text = f"{formats.date_format(lo, 'DATE_FORMAT')} – {formats.date_format(hi, 'DATE_FORMAT')}"
        elif lo:
            start, end = edtf.split("/", 1)
            text = _("since %(date)s") % {"date": describe(start.strip("~?%")) if start else "?"}
        elif hi:
            text = _("until %(date)s") % {"date": formats.date_format(hi, "DATE_FORMAT")}
        else:
            text = _("date unknown")
    elif lo and hi:
        text = _point(lo, hi)
    else:
        text = edtf
    if "~" in edtf or "%" in edtf:
        text = _("about %(date)s") % {"date": text}
    if "?" in edtf:
        text = _("%(date)s (uncertain)") % {"date": text}
    return text


def is_uncertain(edtf: str) -> bool:
    try:
        return bool(edtf) and dates.is_uncertain(edtf)
    except dates.EDTFError:
        return True


def describe_day(edtf: str, day: dt.date | None) -> str:
    """A date kept both ways (petitions: EDTF from words, and the day derived from it, or a day
    alone as the admin enters it) in the reader's words."""
    if edtf:
        return describe(edtf)
    return formats.date_format(day, "DATE_FORMAT") if day else ""
