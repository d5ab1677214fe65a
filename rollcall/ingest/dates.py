"""Date phrases in text to EDTF, keeping the words as written.

    >>> [(d.text, d.edtf) for d in find_dates("in March and on September 10", "2019-10-01")]
    [('in March', '2019-03'), ('on September 10', '2019-09-10')]

Only the precision the words give is kept: "in March" is `2019-03`, never an invented day.
Without a reference date a year that the words do not give is left unspecified (`XXXX-03`).
dateparser is not used: it invents days and misses "last August" (see PITFALLS.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

__all__ = ["DatePhrase", "find_dates", "parse"]

EN_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december"]
_EN_ABBR = {m[:3]: i + 1 for i, m in enumerate(EN_MONTHS)} | {"sept": 9}
RU_MONTH_STEMS = ["январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август",
                  "сентябр", "октябр", "ноябр", "декабр"]
SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24,
           "весной": 21, "весна": 21, "летом": 22, "лето": 22, "осенью": 23, "осень": 23,
           "зимой": 24, "зима": 24}

_M = r"(?P<month>(?-i:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec))\.?"
_RU_M = r"(?P<month>январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|августа?|сентябр[ья]|октябр[ья]|ноябр[ья]|декабр[ья])"
_RU_M_IN = r"(?P<month>январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре)"
_Y = r"(?P<year>(?:19|20)\d\d)"
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_SINCE = r"(?P<since>since|from|starting|beginning in|с|со|начиная с)\s+"

# (pattern, kind): tried in this order; earlier matches win over overlapping later ones.
_PATTERNS: list[tuple[str, str]] = [
    (rf"(?:{_SINCE})?(?:on\s+)?{_M}\s+{_D},?\s+{_Y}\b", "ymd"),
    (rf"(?:{_SINCE})?(?:on\s+)?(?:the\s+)?{_D}\s+(?:of\s+)?{_M},?\s+{_Y}\b", "ymd"),
    (rf"(?:{_SINCE})?(?:on\s+)?{_M}\s+{_D}\b(?!\s*(?:,\s*)?\d)", "md"),
    (rf"(?:{_SINCE})?(?:on\s+)?(?:the\s+)?{_D}\s+(?:of\s+)?{_M}\b", "md"),
    (rf"(?:{_SINCE})?(?:in\s+)?{_M}\s+(?:of\s+)?{_Y}\b", "ym"),
    (rf"(?:in\s+)?{_M}\s+(?P<rel>last|this|next)\s+year\b", "m_rel"),
    (rf"(?P<rel>last|this|next)\s+{_M}\b", "m_rel"),
    (rf"(?:{_SINCE})?(?:in\s+|during\s+)?(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?{_Y}\b", "season"),
    (r"(?:in\s+|during\s+)?(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)\s+of\s+(?P<rel>last|this)\s+year\b", "season_rel"),
    (r"(?:in\s+|during\s+)?(?P<rel>last|this)\s+(?P<season>spring|summer|autumn|fall|winter)\b", "season_rel"),
    (rf"(?:{_SINCE})(?:early\s+|late\s+|mid-?)?{_M}\b", "m"),
    (r"(?:in|during|by|until)\s+(?:early\s+|late\s+|mid-?)?" + _M + r"\b", "m"),
    (rf"(?:{_SINCE}|(?:in|during|by|until|of)\s+)(?:early\s+|late\s+|mid-?)?{_Y}\b(?!\s*(?:people|persons|men|women))", "y"),
    (r"(?P<rel>last|this|next)\s+(?P<unit>year|month|week)\b", "rel"),
    (r"earlier\s+this\s+(?P<unit>year|month|week)\b", "rel_this"),
    (r"(?:in|over|during)\s+(?:the\s+)?(?:recent|past|last)\s+(?:few\s+)?(?P<unit>months|years|weeks)\b", "recent"),
    (r"(?:in\s+)?recent\s+(?P<unit>months|years|weeks)\b", "recent"),
    # Russian
    (rf"(?:{_SINCE})?(?P<day>[0-3]?\d)\s+{_RU_M}\s+{_Y}(?:\s*(?:года|г\.))?", "ymd"),
    (rf"(?:{_SINCE})?(?P<day>[0-3]?\d)\s+{_RU_M}(?!\s*(?:19|20)\d\d)", "md"),
    (rf"(?:{_SINCE})?(?:в\s+)?{_RU_M}\s+{_Y}(?:\s*(?:года|г\.))?", "ym"),
    (rf"(?:в\s+)?{_RU_M_IN}\s+{_Y}(?:\s*(?:года|г\.))?", "ym"),
    (rf"(?:в\s+)?{_RU_M_IN}\s+(?P<rel>прошлого|этого)\s+года", "m_rel"),
    (rf"в\s+{_RU_M_IN}\b", "m"),
    (rf"(?:{_SINCE}){_RU_M}\b", "m"),
    (rf"(?P<season>весной|летом|осенью|зимой)\s+{_Y}(?:\s*(?:года|г\.))?", "season"),
    (rf"(?:{_SINCE}|(?:в|во|к|до)\s+){_Y}\s*(?:году|года|г\.)", "y"),
    (r"в\s+(?P<rel>прошлом|этом|следующем)\s+(?P<unit>году|месяце)", "rel"),
    (r"(?:в\s+)?последние\s+(?:несколько\s+)?(?P<unit>месяцы|месяцев|годы|лет|недели)", "recent"),
]
_COMPILED = [(re.compile(p, re.IGNORECASE), k) for p, k in _PATTERNS]
_REL = {"last": -1, "this": 0, "next": 1, "прошлом": -1, "прошлого": -1, "этом": 0, "этого": 0,
        "следующем": 1}


@dataclass(frozen=True)
class DatePhrase:
    """A date found in text: the words, their EDTF value, and where they are."""

    text: str
    edtf: str
    start: int
    end: int


def _ref(reference: date | str | None) -> date | None:
    if reference is None or isinstance(reference, date):
        return reference
    try:
        return date.fromisoformat(str(reference)[:10])
    except ValueError:
        return None


def _month(word: str) -> int:
    w = word.lower().rstrip(".")
    if w[:3] in _EN_ABBR and re.match(r"[a-z]", w):
        return _EN_ABBR["sept" if w.startswith("sept") else w[:3]]
    for i, stem in enumerate(RU_MONTH_STEMS):
        if i == 4:
            if w in ("май", "мая", "мае"):
                return 5
            continue
        if w.startswith(stem):
            return i + 1
    raise ValueError(word)


def _year_for(month: int, day: int | None, ref: date | None) -> str:
    """Year of a month (and day) given without one: the latest not far after the page's date."""
    if ref is None:
        return "XXXX"
    y = ref.year
    if (month, day or 1) > (ref.month, ref.day) and (month - ref.month) * 31 + ((day or 1) - ref.day) > 31:
        y -= 1
    return f"{y:04d}"


def _shift_month(ref: date, months: int) -> tuple[int, int]:
    n = ref.year * 12 + (ref.month - 1) + months
    return n // 12, n % 12 + 1


def _value(m: re.Match, kind: str, ref: date | None) -> str | None:
    g = m.groupdict()
    if kind in ("ymd", "md", "ym", "m", "m_rel"):
        month = _month(g["month"])
        day = int(g["day"]) if g.get("day") else None
        if day is not None and not 1 <= day <= 31:
            return None
        if g.get("year"):
            year = g["year"]
        elif kind == "m_rel":
            if ref is None:
                return None
            year = f"{ref.year + _REL[g['rel'].lower()]:04d}"
            if g["rel"].lower() == "last" and m.group(0).lower().startswith("last"):
                # "last August": the most recent August before the page's date
                year = f"{ref.year - (1 if month >= ref.month else 0):04d}"
        else:
            year = _year_for(month, day, ref)
        return f"{year}-{month:02d}" + (f"-{day:02d}" if day else "")
    if kind == "season":
        return f"{g['year']}-{SEASONS[g['season'].lower()]}"
    if kind == "season_rel":
        if ref is None:
            return None
        return f"{ref.year + _REL[g['rel'].lower()]:04d}-{SEASONS[g['season'].lower()]}"
    if kind == "y":
        return g["year"]
    if kind in ("rel", "rel_this"):
        if ref is None:
            return None
        unit = g["unit"].lower()
        shift = 0 if kind == "rel_this" else _REL[g["rel"].lower()]
        if unit.startswith(("year", "год")):
            return f"{ref.year + shift:04d}"
        if unit.startswith(("month", "месяц")):
            y, mo = _shift_month(ref, shift)
            return f"{y:04d}-{mo:02d}"
        return None  # weeks: finer than we keep without a day
    if kind == "recent":
        if ref is None:
            return None
        unit = g["unit"].lower()
        if unit.startswith(("month", "месяц")):
            y, mo = _shift_month(ref, -6)
            return f"{y:04d}-{mo:02d}~/{ref.year:04d}-{ref.month:02d}"
        if unit.startswith(("year", "год", "лет")):
            return f"{ref.year - 5:04d}~/{ref.year:04d}"
        y, mo = _shift_month(ref, -1)
        return f"{y:04d}-{mo:02d}~/{ref.year:04d}-{ref.month:02d}"
    return None


# Cheap test first: most sentences hold no date at all.
_MAYBE = re.compile(
    r"\d|(?-i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)|last|this|next|recent|past|spring|"
    r"summer|autumn|fall|winter|январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|"
    r"декабр|прошл|этом|этого|следующ|последн|весн|летом|осен|зим",
    re.IGNORECASE,
)


def find_dates(text: str, reference: date | str | None = None) -> list[DatePhrase]:
    """Every date phrase in `text`, resolved against `reference` (the page's date) if given."""
    if not _MAYBE.search(text):
        return []
    return list(_find_cached(text, str(reference) if reference else None))


@lru_cache(maxsize=4096)
def _find_cached(text: str, reference: str | None) -> tuple[DatePhrase, ...]:
    return tuple(_find(text, reference))


def _find(text: str, reference: str | None) -> list[DatePhrase]:
    ref = _ref(reference)
    taken: list[tuple[int, int]] = []
    found: list[DatePhrase] = []
    for rx, kind in _COMPILED:
        for m in rx.finditer(text):
            s, e = m.span()
            if (s > 0 and text[s - 1].isalnum()) or any(s < b and e > a for a, b in taken):
                continue
            try:
                value = _value(m, kind, ref)
            except (ValueError, KeyError):
                continue
            if value is None:
                continue
            if m.groupdict().get("since") and "/" not in value:
                value = f"{value}/.."
            taken.append((s, e))
            found.append(DatePhrase(m.group(0), value, s, e))
    found.sort(key=lambda d: d.start)
    return found


def parse(phrase: str, reference: date | str | None = None) -> str | None:
    """EDTF for a phrase that is only a date ("August last year"), or None."""
    stripped = phrase.strip()
    for d in find_dates(stripped, reference):
        if d.start == 0 and d.end >= len(stripped.rstrip(".,")):
            return d.edtf
    return None
