"""How likely two person records are one person, and which fields said so. Pure Python.

A Fellegi-Sunter style sum of weights (log2 of how much more often a field agrees so among
true matches than among non-matches), turned into a probability with a prior. Location is one
hierarchical comparison (same village > same county > same prefecture > different), never
three independent fields: people of one village share all three, and counting them three
times made whole villages collapse into one cluster in an earlier trial.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from rollcall.linkage.features import MAX_NAMES, Features
from rollcall.names import compare_prepared

PRIOR = -7.0  # log2 odds that two records sharing a blocking key are one person, before any field

NAME_LEVELS = ((0.97, 9.0, "same"), (0.92, 7.0, "nearly same"), (0.85, 5.0, "strong"),
               (0.75, 1.5, "similar"), (0.6, -3.0, "weak"), (0.0, -5.0, "different"))


PARTLY = 0.0


def _shared_word(a: Features, b: Features) -> bool:
    words = {t.root for n in a.names[:MAX_NAMES] for t in n.tokens if len(t.root) >= 3}
    return any(t.root in words for n in b.names[:MAX_NAMES] for t in n.tokens)


@dataclass(frozen=True)
class Scored:
    probability: float
    weight: float
    agreements: dict[str, str]


def probability(weight: float) -> float:
    return 1.0 / (1.0 + 2.0 ** -(weight + PRIOR))


def _best_name(a: Features, b: Features) -> tuple[float, str]:
    best, why = 0.0, ""
    for x in a.names[:MAX_NAMES]:
        for y in b.names[:MAX_NAMES]:
            m = compare_prepared(x, y, explain=False)
            if m.score > best:
                best, why = m.score, f"{x.name} ~ {y.name}"
    return best, why


def name_weight(a: Features, b: Features) -> tuple[float, str] | None:
    if not a.names or not b.names:
        return None
    score, why = _best_name(a, b)
    for threshold, weight, label in NAME_LEVELS:
        if score >= threshold:
            if weight < 0 and _shared_word(a, b):
                # One word agrees, another was replaced: a surname changed for a patronymic, a
                # different given name on a passport. Neither for nor against.
                return PARTLY, f"one word agrees ({score:.2f}): {why}"
            return weight, f"{label} ({score:.2f}): {why}"
    return NAME_LEVELS[-1][1], f"different ({score:.2f})"


def birth_weight(a: Features, b: Features) -> tuple[float, str] | None:
    if not (a.birth_earliest and b.birth_earliest):
        return None
    exact_a = a.birth_earliest == a.birth_latest
    exact_b = b.birth_earliest == b.birth_latest
    if exact_a and exact_b:
        if a.birth_earliest == b.birth_earliest:
            return 6.0, "same day"
        da, db = a.birth_earliest, b.birth_earliest
        # One typed digit, two swapped digits, or swapped day and month: a common slip, not a different person.
        sa, sb = da.strftime("%Y%m%d"), db.strftime("%Y%m%d")
        if OSA.distance(sa, sb) == 1 or (da.year == db.year and da.month == db.day and da.day == db.month):
            return 2.0, "one digit differs"
        if abs(da.year - db.year) <= 1:
            return -2.0, "within a year"
        return -5.0, "different"
    if a.birth_earliest <= b.birth_latest and b.birth_earliest <= a.birth_latest:
        return 2.0, "overlapping"
    years = abs(a.birth_earliest.year - b.birth_earliest.year)
    return (-1.5, "within a year") if years <= 1 else (-4.0, "different")


def sex_weight(a: Features, b: Features) -> tuple[float, str] | None:
    if a.sex in ("", "unknown") or b.sex in ("", "unknown"):
        return None
    return (0.8, "same") if a.sex == b.sex else (-5.0, "different")


def location_weight(a: Features, b: Features) -> tuple[float, str] | None:
    la, lb = a.location, b.location
    if not (la.known and lb.known):
        return None
    if la.village and la.village == lb.village:
        return 5.0, "same village"
    if la.county and la.county == lb.county:
        return 3.0, "same county"
    if la.prefecture and la.prefecture == lb.prefecture:
        return 1.0, "same prefecture"
    return -1.5, "different"


def category_weight(x: str, y: str, agree: float, differ: float) -> tuple[float, str] | None:
    if not x or not y or "other" in (x, y):
        return None
    return (agree, "same") if x == y else (differ, "different")


def document_weight(a: Features, b: Features) -> tuple[float, str] | None:
    if not (a.documents and b.documents):
        return None
    if a.documents & b.documents:
        return 14.0, "same"
    if any(OSA.distance(x, y) <= 1 for x in a.documents for y in b.documents):
        return 7.0, "one character differs"
    return -3.0, "different"


def address_weight(a: Features, b: Features) -> tuple[float, str] | None:
    if not (a.address and b.address):
        return None
    similarity = max(fuzz.token_sort_ratio(a.address, b.address), fuzz.token_set_ratio(a.address, b.address)) / 100
    if similarity >= 0.9:
        return 4.0, f"same ({similarity:.2f})"
    if similarity >= 0.7:
        return 1.5, f"similar ({similarity:.2f})"
    return -1.0, f"different ({similarity:.2f})"


def relatives_weight(a: Features, b: Features) -> tuple[float, str] | None:
    if not (a.relatives and b.relatives):
        return None
    best = max(compare_prepared(x, y, explain=False).score for x in a.relatives for y in b.relatives)
    if best >= 0.9:
        return 3.0, f"a relative's name agrees ({best:.2f})"
    return None  # relatives recorded on one side only prove nothing


def score(a: Features, b: Features) -> Scored:
    parts = {
        "name": name_weight(a, b),
        "birth_date": birth_weight(a, b),
        "sex": sex_weight(a, b),
        "location": location_weight(a, b),
        "ethnicity": category_weight(a.ethnicity, b.ethnicity, 0.5, -4.0),
        "citizenship": category_weight(a.citizenship, b.citizenship, 0.2, -0.5),
        "document": document_weight(a, b),
        "address": address_weight(a, b),
        "relatives": relatives_weight(a, b),
    }
    weight = sum(p[0] for p in parts.values() if p)
    agreements = {k: p[1] for k, p in parts.items() if p}
    p = probability(weight)
    return Scored(round(p, 4) if not math.isnan(p) else 0.0, round(weight, 2), agreements)


def worth_scoring(a: Features, b: Features) -> bool:
    """A cheap test for pairs found by birth date alone: a document or the address must agree too."""
    doc = document_weight(a, b)
    if doc and doc[0] > 0:
        return True
    address = address_weight(a, b)
    return bool(address and address[0] > 0)
