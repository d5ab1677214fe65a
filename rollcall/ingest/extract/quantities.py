"""Figures in text: "more than 1 million", "5 to 6", "dozens", "90 percent", "более тысячи"."""

from __future__ import annotations

import re
from dataclasses import dataclass

_EN_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
             "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
             "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "a hundred": 100,
             "a thousand": 1000, "a million": 1_000_000, "a dozen": 12, "half a million": 500_000}
_RU_WORDS = {"тысячи": 1000, "тысячу": 1000, "тысяча": 1000, "миллиона": 1_000_000, "миллион": 1_000_000,
             "сотни": 100, "сотню": 100, "десятка": 10, "два": 2, "две": 2, "три": 3, "пять": 5, "десять": 10}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "mln": 1e6, "тыс": 1e3, "тыс.": 1e3,
          "тысяч": 1e3, "тысячи": 1e3, "тысяча": 1e3, "млн": 1e6, "млн.": 1e6, "миллион": 1e6,
          "миллиона": 1e6, "миллионов": 1e6, "млрд": 1e9}
_VAGUE = {"dozens": (24, 99), "scores": (40, 99), "hundreds of thousands": (200_000, 999_999),
          "tens of thousands": (20_000, 99_999), "hundreds": (200, 999), "thousands": (2000, 9999),
          "millions": (2_000_000, 9_999_999), "десятки тысяч": (20_000, 99_999),
          "сотни тысяч": (200_000, 999_999), "десятки": (20, 99), "сотни": (200, 999),
          "тысячи": (2000, 9999), "миллионы": (2_000_000, 9_999_999)}
_QUALIFIERS = [
    (r"more than|over|in excess of|upwards of|свыше|более|больше", "more_than"),
    (r"at least|no fewer than|no less than|не менее|по меньшей мере|как минимум", "at_least"),
    (r"up to|as many as|at most|до", "up_to"),
    (r"nearly|almost|close to|почти|около|порядка|примерно", "approximately"),
    (r"about|approximately|around|roughly|some|an estimated|estimated|приблизительно", "approximately"),
    (r"fewer than|less than|under|менее|меньше", "less_than"),
]
_QUAL = "|".join(f"(?:{q})" for q, _ in _QUALIFIERS)
_NUM = r"\d{1,3}(?:[,  ]\d{3})+|\d+(?:[.,]\d+)?"
_WORDNUM = "|".join(sorted((re.escape(w) for w in _EN_WORDS), key=len, reverse=True))
_RUNUM = "|".join(sorted((re.escape(w) for w in _RU_WORDS), key=len, reverse=True))
_SCALES = r"thousand|million|billion|mln|тыс\.?|тысяч[аи]?|млн\.?|миллион(?:а|ов)?|млрд"
_VAGUES = "|".join(sorted((re.escape(w) for w in _VAGUE), key=len, reverse=True))

QUANTITY = re.compile(
    rf"(?<![\w.,])(?:(?P<qual>{_QUAL})\s+)?(?:"
    rf"(?:between|от)\s+(?P<lo>{_NUM})\s+(?:and|до)\s+(?P<hi>{_NUM})(?:\s+(?P<rscale>{_SCALES}))?"
    rf"|(?P<lo2>{_NUM})\s*(?:to|-|–|or|или)\s*(?P<hi2>{_NUM})(?:\s+(?P<rscale2>{_SCALES}))?(?!\s*(?:percent|per cent|%|процент))"
    rf"|(?P<num>{_NUM})(?:\s*(?P<scale>{_SCALES})\b)?"
    rf"|(?P<vague>{_VAGUES})\b"
    rf"|(?P<word>{_WORDNUM}|{_RUNUM})\b(?:\s+(?P<wscale>thousand|million)\b)?"
    rf")(?P<pct>\s*(?:percent|per cent|%|процент\w*))?",
    re.IGNORECASE,
)
_QUANTITY_LOWER = re.compile(QUANTITY.pattern)  # for lower-cased text: much faster


@dataclass
class Quantity:
    text: str
    start: int
    end: int
    value: float | None
    qualifier: str | None
    low: float | None = None
    high: float | None = None
    percent: bool = False


def _num(s: str) -> float:
    s = s.replace(" ", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", s):
        return float(s.replace(",", ""))
    return float(s.replace(",", "."))


def _clean(x: float | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def find(text: str) -> list[Quantity]:
    out: list[Quantity] = []
    low = text.lower()
    same = len(low) == len(text)
    for m in (_QUANTITY_LOWER.finditer(low) if same else QUANTITY.finditer(text)):
        g = m.groupdict()
        qual = None
        if g["qual"]:
            ql = g["qual"].lower()
            qual = next(code for rx, code in _QUALIFIERS if re.fullmatch(rx, ql))
        low = high = None
        if g["lo"] or g["lo2"]:
            scale = _SCALE.get((g["rscale"] or g["rscale2"] or "").lower(), 1)
            low, high = _num(g["lo"] or g["lo2"]) * scale, _num(g["hi"] or g["hi2"]) * scale
            if high < low:
                continue
            value, qual = low, qual or "range"
        elif g["num"]:
            value = _num(g["num"]) * _SCALE.get((g["scale"] or "").lower(), 1)
        elif g["vague"]:
            v = g["vague"].lower()
            if qual and v in _RU_WORDS:  # "более тысячи": more than one thousand, not "thousands"
                value = float(_RU_WORDS[v])
            else:
                low, high = _VAGUE[v]
                value, qual = float(low), qual or "approximately"
        else:
            w = g["word"].lower()
            value = float(_EN_WORDS.get(w) or _RU_WORDS.get(w) or 0)
            if g["wscale"]:
                value *= _SCALE[g["wscale"].lower()]
        out.append(Quantity(text[m.start():m.end()], m.start(), m.end(), _clean(value), qual, _clean(low), _clean(high), bool(g["pct"])))
    return out
