"""The strings nearest to a query by Jaro-Winkler, found without comparing them all.

Jaro similarity counts the characters two strings share (within a window), so it can never
exceed what their character counts allow: with ``m`` shared characters,
``J <= (m/|a| + m/|b| + 1) / 3``, and Winkler's bonus adds at most ``0.1 x prefix x (1 - J)``
for a common prefix of up to 4 letters, none when the first letters differ.

Each string's character counts are kept as one 64-bit word, one bit per count reached
(``a``, ``aa``, ``aaa``, ...), so the number of characters a query can share with every string
of one length is an AND and a popcount, done by numpy over the whole length at once. Strings are
kept sorted by length, then text: the strings that start with the query's first letter are one
range inside each length, found by bisection. Only the strings whose bound reaches the current
k-th best score are compared in C by rapidfuzz, best bound first; the k-th best score rises as
they are, and the rest of them are dropped as soon as their bound falls below it.

The answer is exact: the same scores as comparing the query with every string, ties at the k-th
score aside. Its cost grows with the number of strings that could score as high as the k-th best,
so a query far from everything (its best match scores 0.8) costs far more than a typical one;
``max_checks`` caps the comparisons, and past it the answer is no longer guaranteed.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from operator import itemgetter

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

# Counts kept per character (64 bits in all). Names folded by ``fold`` use these letters; a
# character not listed, or a count past its levels, still counts in the bound, unsplit.
LEVELS = {
    "a": 5, "i": 5, "e": 4, "k": 3, "l": 3, "n": 3, "t": 3, "u": 3, "o": 3, "r": 3, "s": 3,
    "b": 3, "m": 3, "g": 2, "d": 2, "j": 2, "z": 2, "v": 2, "h": 2, " ": 2, "p": 1, "c": 1,
}  # fmt: skip
_BITS: dict[str, tuple[int, int]] = {}
_offset = 0
for _char, _levels in LEVELS.items():
    _BITS[_char] = (_offset, _levels)
    _offset += _levels
assert _offset <= 64
PREFIX_WEIGHT = 0.1
MAX_PREFIX = 4
_EPSILON = 1e-6  # scores are compared with this slack, as the benchmark does
_FIRST_CHUNK = 32
_NEVER = 255  # more bits than any string has
_NONE = np.zeros(0, dtype=np.int64)
# Scores tried in turn as the k-th best before the one found so far: a high guess that holds
# spares looking at the many strings that could only reach a lower score.
_STEPS = (0.97, 0.94, 0.91, 0.88, 0.85)


def signature(text: str) -> tuple[int, int]:
    """(bits, overflow): a bit per character count reached, and the characters without a bit."""
    counts: dict[str, int] = {}
    for char in text:
        counts[char] = counts.get(char, 0) + 1
    bits = overflow = 0
    for char, count in counts.items():
        offset, levels = _BITS.get(char, (0, 0))
        kept = min(count, levels)
        bits |= ((1 << kept) - 1) << offset
        overflow += count - kept
    return bits, overflow


def _follow(text: str) -> int:
    """Letters 2 to 4 of a string as one number (a letter past 255 counts as 255: two such
    letters look alike, which can only overstate a common prefix)."""
    code = 0
    for char in text[1:MAX_PREFIX].ljust(MAX_PREFIX - 1, "\0"):
        code = code << 8 | min(ord(char), 255)
    return code


class NearestStrings:
    """Exact Jaro-Winkler top-k over a fixed list of strings, each with a weight (how many
    records it stands for: the k best are the best strings whose weights add up to k)."""

    def __init__(
        self, strings: Sequence[str], weights: Sequence[int] | None = None, max_checks: int = 3000
    ) -> None:
        self.max_checks = max_checks
        n = len(strings)
        order = sorted(range(n), key=lambda i: (len(strings[i]), strings[i]))
        self._strings = [strings[i] for i in order]
        self._original = np.asarray(order, dtype=np.int64)
        self._rank = np.empty(n, dtype=np.int64)
        self._rank[self._original] = np.arange(n)
        weights = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
        self._weight_list = (weights[self._original] if n else weights).tolist()
        # A count past its levels needs no bit: if both strings pass them, the query's extra
        # characters (its overflow) already allow for them.
        self._bits = np.fromiter((signature(s)[0] for s in self._strings), np.uint64, n)
        lengths = np.fromiter(map(len, self._strings), np.int64, n)
        self._lengths = lengths.astype(np.int16)
        self._longest = int(lengths.max()) if n else 0
        self._starts = np.searchsorted(lengths, np.arange(self._longest + 2)).tolist()
        # The strings by first letter, in the same (length, text) order, for the prefix bonus.
        firsts = np.fromiter((ord(s[0]) if s else 0 for s in self._strings), np.int64, n)
        # Letters 2-4 as one number, for the exact prefix of the strings that pass.
        follow = np.fromiter(map(_follow, self._strings), np.int64, n)
        self._by_letter: dict[str, tuple[np.ndarray, ...]] = {}
        for code in np.unique(firsts).tolist():
            members = np.flatnonzero(firsts == code)
            starts = np.searchsorted(lengths[members], np.arange(self._longest + 2)).tolist()
            self._by_letter[chr(code)] = (members, self._bits[members], follow[members], starts)
        self._seen = np.zeros(n, dtype=bool)

    def __len__(self) -> int:
        return len(self._strings)

    def top(self, query: str, k: int = 10, seeds: Iterable[int] = ()) -> list[tuple[int, float]]:
        """[(string number, score)] best first: the fewest best strings whose weights reach
        ``k``. ``seeds`` (string numbers likely to score well) only make it faster."""
        if not query or not self._strings:
            return []
        found = _Found(self._weight_list, k)
        try:
            start = self._rank[np.fromiter(seeds, np.int64)] if seeds else np.zeros(0, np.int64)
            start = np.unique(np.concatenate([start, self._neighbours(query)]))
            self._score(query, start, found, 0.0)
            # The strings that start like the query first: they hold most of the best, and
            # raise the k-th best score before the many others are bounded by it.
            for survivors in (self._same_start, self._other_start):
                if found.kth >= 1.0:
                    break
                self._check(query, *survivors(query, found.kth), found)
        finally:
            for positions in found.seen:
                self._seen[positions] = False
        return [(int(self._original[p]), score) for score, p in found.best]

    def _check(self, query: str, survivors: np.ndarray, bounds: np.ndarray, found: _Found):
        """Score the survivors best bound first, while their bound reaches the k-th best."""
        fresh = ~self._seen[survivors]
        survivors, bounds = survivors[fresh], bounds[fresh]
        left = self.max_checks - found.checked
        if len(survivors) > left:  # a query far from everything: the best bounds only
            keep = np.argpartition(-bounds, max(left, 0))[: max(left, 0)]
            survivors, bounds = survivors[keep], bounds[keep]
        order = np.argsort(-bounds, kind="stable")
        survivors, bounds = survivors[order], bounds[order]
        chunk = _FIRST_CHUNK
        while len(survivors):
            keep = bounds >= found.kth - _EPSILON
            survivors, bounds = survivors[keep], bounds[keep]
            batch, survivors, bounds = survivors[:chunk], survivors[chunk:], bounds[chunk:]
            self._score(query, batch, found, found.kth)
            chunk *= 2

    def _neighbours(self, query: str, around: int = 3) -> np.ndarray:
        """The strings of about the query's length that sort next to it: cheap first guesses."""
        out = []
        p = len(query)
        for t in (p, p - 1, p + 1):
            if 0 < t <= self._longest:
                lo, hi = self._starts[t], self._starts[t + 1]
                at = bisect_left(self._strings, query, lo, hi)
                out.extend(range(max(lo, at - around), min(hi, at + around)))
        return np.asarray(out, dtype=np.int64)

    def _score(self, query: str, candidates: np.ndarray, found: _Found, cutoff: float) -> None:
        candidates = candidates[~self._seen[candidates]]
        if not len(candidates):
            return
        self._seen[candidates] = True
        found.seen.append(candidates)
        positions = candidates.tolist()
        strings = (
            itemgetter(*positions)(self._strings)
            if len(positions) > 1
            else [self._strings[positions[0]]]
        )
        passed = process.extract(
            query,
            strings,
            scorer=JaroWinkler.normalized_similarity,
            score_cutoff=max(0.0, cutoff - _EPSILON),
            limit=None,
        )
        found.add([(score, positions[i]) for _, score, i in passed])

    def _needs(self, query: str, theta: float, prefix: int) -> tuple[list[int], int, int]:
        """Per length: the fewest bits a string must share with the query to reach ``theta``
        (``_NEVER`` where none can); the query's bits; its overflow."""
        p = len(query)
        bits, overflow = signature(query)
        bonus = PREFIX_WEIGHT * prefix
        goal = 3 * (theta - _EPSILON - bonus) / (1 - bonus) - 1
        need = [_NEVER] * (self._longest + 1)
        for t in range(1, self._longest + 1):
            shared = math.ceil(goal / (1 / p + 1 / t) - 1e-9)
            if shared <= min(p, t):  # no string shares more characters than the shorter has
                need[t] = max(shared - overflow, 0)
        return need, bits, overflow

    def _scan(
        self, bits: np.ndarray, starts: list[int], need: list[int], query_bits: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(positions in ``bits``, shared bits, lengths) of the strings that share enough bits
        with the query; ``starts[t]`` is where length t begins in ``bits``."""
        lengths = [t for t, n in enumerate(need) if n != _NEVER]
        if not lengths:
            return _NONE, _NONE, _NONE
        lo, hi = starts[lengths[0]], starts[lengths[-1] + 1]
        shared = np.bitwise_count(bits[lo:hi] & np.uint64(query_bits))
        hits, sizes = [], []
        for t in lengths:
            a, b = starts[t] - lo, starts[t + 1] - lo
            found = np.flatnonzero(shared[a:b] >= need[t])
            if len(found):
                hits.append(found + a)
                sizes.append(np.full(len(found), t))
        if not hits:
            return _NONE, _NONE, _NONE
        at = np.concatenate(hits)
        return at + lo, shared[at], np.concatenate(sizes)

    def _same_start(self, query: str, theta: float) -> tuple[np.ndarray, np.ndarray]:
        """The strings with the query's first letter whose bound (with the prefix bonus their
        common start earns) reaches ``theta``, and their bounds."""
        group = self._by_letter.get(query[0])
        if group is None:
            return _NONE, _NONE
        members, member_bits, follow, starts = group
        need, bits, overflow = self._needs(query, theta, MAX_PREFIX)
        hits, shared, lengths = self._scan(member_bits, starts, need, bits)
        # The bonus counts the letters in common from the start, four at most.
        prefix = np.ones(len(hits), dtype=np.int64)
        differ = follow[hits] ^ _follow(query)
        for shift in (16, 8, 0):
            prefix += (differ >> shift) == 0
        bounds = self._bound(shared, lengths, len(query), overflow, prefix)
        keep = bounds >= theta - _EPSILON
        return members[hits[keep]], bounds[keep]

    def _other_start(self, query: str, theta: float) -> tuple[np.ndarray, np.ndarray]:
        """All strings whose bound without prefix bonus reaches ``theta``, and their bounds."""
        need, bits, overflow = self._needs(query, theta, 0)
        hits, shared, lengths = self._scan(self._bits, self._starts, need, bits)
        return hits, self._bound(shared, lengths, len(query), overflow, 0)

    @staticmethod
    def _bound(
        shared: np.ndarray, lengths: np.ndarray, p: int, overflow: int, prefix
    ) -> np.ndarray:
        t = lengths.astype(np.float64)
        m = np.minimum(shared + overflow, np.minimum(t, p))
        jaro = (m / p + m / t + 1) / 3
        return jaro + PREFIX_WEIGHT * prefix * (1 - jaro)


class _Found:
    """The strings scored so far for one query: the best of them, and the k-th best score."""

    def __init__(self, weights: list[float], k: int) -> None:
        self.weights = weights
        self.k = k
        self.kth = 0.0
        self.seen: list[np.ndarray] = []
        self.best: list[tuple[float, int]] = []  # (score, position), best first

    @property
    def checked(self) -> int:
        return sum(len(s) for s in self.seen)

    def add(self, scored: list[tuple[float, int]]) -> None:
        if not scored:
            return
        best = self.best
        best.extend(scored)
        best.sort(key=lambda item: (-item[0], item[1]))
        weight = 0.0
        for at, (score, position) in enumerate(best):
            weight += self.weights[position]
            if weight >= self.k:
                self.kth = score
                del best[at + 1 :]
                return
