"""Gazetteers and name morphology shared by the English and Russian extractors."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "gazetteer.yaml"

# Endings of Kazakh, Uyghur, Kyrgyz and Russian-style family or given names, Latin and Cyrillic.
NAME_ENDING = re.compile(
    r"(?:bek|bekov|bekova|bay|bai|bayev|bayeva|baev|baeva|khan|khanov|khanova|zhan|jan|gul|gül"
    r"|uly|ulu|kyzy|kizi|qizi|ova|eva|yeva|iyeva|ov|ev|yev|bolat|bulat|ulla|olla|ullah|skikh|ikh"
    r"|sky|skiy|skaya|enko|dzhan|nur|bekuly|tay"
    r"|бек|бай|хан|жан|гуль|гүл|улы|ұлы|кызы|қызы|ова|ева|ов|ев|ин|ина|болат|булат)$",
    re.IGNORECASE,
)
_PINYIN_SYL = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|an|ao|ei|en|er|ia|ie|in|iu|ou|ua|ue|ui|un|uo|a|e|i|o|u|v)"
)
PINYIN_NAME = re.compile(rf"^(?:{_PINYIN_SYL}){{1,2}}$", re.IGNORECASE)


@cache
def data() -> dict:
    with DATA.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


@cache
def variants(kind: str) -> dict[str, str]:
    """Lower-cased variant -> canonical name, for "places" or "organizations"."""
    out: dict[str, str] = {}
    for canonical, names in data()[kind].items():
        for n in [canonical, *names]:
            out[str(n).casefold()] = canonical
    return out


def _word_list(key: str) -> list[str]:
    """A comma-separated list (kept as one string: YAML would read "On" or "No" as booleans)."""
    return [w.strip() for w in str(data()[key]).split(",") if w.strip()]


@cache
def given_names() -> frozenset[str]:
    return frozenset(n.casefold() for n in _word_list("given_names"))


@cache
def chinese_surnames() -> frozenset[str]:
    return frozenset(_word_list("chinese_surnames"))


@cache
def non_person_words() -> frozenset[str]:
    return frozenset(w.casefold() for w in _word_list("non_person_words"))


def canonical(kind: str, name: str) -> str | None:
    key = re.sub(r"^the\s+", "", name.strip().casefold().replace("’", "'"))
    return variants(kind).get(key)


def is_known_non_person(words: str) -> bool:
    """True for a phrase that is a place, an organisation or made only of non-name words."""
    if canonical("places", words) or canonical("organizations", words):
        return True
    parts = words.split()
    return all(p.casefold() in non_person_words() for p in parts)


def looks_chinese(first: str, second: str) -> bool:
    return first in chinese_surnames() and bool(PINYIN_NAME.match(second.replace("-", "")))


def has_name_ending(word: str) -> bool:
    return len(word) > 4 and bool(NAME_ENDING.search(word))
