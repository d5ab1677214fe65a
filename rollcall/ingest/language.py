"""Language of a text among English, Russian and Kazakh, from its letters and a few words."""

from __future__ import annotations

import re

KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z]")
_KK_WORDS = re.compile(r"\b(және|мен|бұл|деп|туралы|үшін|бойынша|жылы|қазақ)\b", re.IGNORECASE)


def detect(text: str, sample: int = 20000) -> str | None:
    """ "en", "ru", "kk" or None when the text has too few letters to tell.

    Kazakh is told from Russian by the letters Russian lacks (ә ғ қ ң ө ұ ү һ і): a Russian
    article that quotes one Kazakh name keeps its language, so a small share is required.
    """
    chunk = text[:sample]
    cyr = len(_CYRILLIC.findall(chunk))
    lat = len(_LATIN.findall(chunk))
    if cyr + lat < 20:
        return None
    if cyr > lat:
        kk = sum(1 for ch in chunk if ch in KAZAKH_LETTERS)
        if kk / cyr > 0.01 or len(_KK_WORDS.findall(chunk)) >= 3:
            return "kk"
        return "ru"
    return "en"
