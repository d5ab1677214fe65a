"""What linkage compares about a person, whether from the registry or from a row of a list.

Pure Python: the Django side (``candidates``, ``importing``) fills these from rows.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from rollcall.names import PreparedName, prepare

MAX_NAMES = 4
# A pair of words is selective (a handful of persons share it); a lone word is not.
PAIR_PREFIXES = ("p:", "q:", "z:", "s:")
WORD_PREFIXES = ("r:", "k:", "a:")


@dataclass(frozen=True)
class Location:
    """The place hierarchy as ids: village (or township, city), county, prefecture (or region)."""

    village: int | None = None
    county: int | None = None
    prefecture: int | None = None

    @property
    def known(self) -> bool:
        return any((self.village, self.county, self.prefecture))


LEVEL_OF_KIND = {"village": "village", "township": "village", "city": "village", "site": "village",
                 "county": "county", "prefecture": "prefecture", "region": "prefecture"}


def location_from_lineage(lineage: list[tuple[int, str]]) -> Location:
    """(id, kind) pairs, most specific first -> the first id found at each level."""
    found: dict[str, int] = {}
    for pk, kind in lineage:
        level = LEVEL_OF_KIND.get(kind)
        if level and level not in found:
            found[level] = pk
    return Location(found.get("village"), found.get("county"), found.get("prefecture"))


@dataclass
class Features:
    id: int | None
    names: list[PreparedName]
    birth_earliest: dt.date | None = None
    birth_latest: dt.date | None = None
    sex: str = ""
    location: Location = field(default_factory=Location)
    ethnicity: str = ""
    citizenship: str = ""
    address: str = ""
    documents: frozenset[str] = frozenset()
    relatives: list[PreparedName] = field(default_factory=list)


class NameCache:
    """prepare() once per distinct text: a list repeats names, and candidates recur."""

    def __init__(self, limit: int = 500_000):
        self._cache: dict[str, PreparedName] = {}
        self.limit = limit

    def __call__(self, text: str) -> PreparedName:
        found = self._cache.get(text)
        if found is None:
            if len(self._cache) >= self.limit:
                self._cache.clear()
            found = self._cache[text] = prepare(text)
        return found


_DOC = re.compile(r"[\s\-./]+")


def clean_document(text: str) -> str:
    return _DOC.sub("", text or "").upper()[:100]


WORDS = re.compile(r"\w+")


def fold_address(text: str) -> str:
    return " ".join(WORDS.findall((text or "").casefold()))
