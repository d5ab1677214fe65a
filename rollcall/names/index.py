"""An in-memory name index: candidates from shared keys, then the real comparison.

Search runs in two steps, which the Django layer can repeat against a table of stored keys:

1. **Candidates.** Every query key looks up the names that share it; each shared key adds its
   weight log(1 + N / names-with-that-key), so a shared rare pair of words counts far more than
   a shared common given name. The best ``candidates`` names go on.
2. **Rescoring.** ``compare_prepared`` scores each candidate against the query; results are
   sorted by that score.

   Besides the keys, the names whose folded form starts like the query's (the longest prefix
   that at least ``min_block`` names share) are scanned with Jaro-Winkler in C, and the best
   ``near`` of them join the candidates: an exhaustive scan would put them first, so the index
   must not miss them. In SQL this is a range scan over an indexed ``folded`` column.
Keys are used rarest first; a key with more than ``max_postings`` names, or one that would take
the names looked at past ``budget``, is skipped unless the query has nothing else.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Hashable, Iterable

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from rollcall.names.compare import compare_prepared
from rollcall.names.keys import prepared_keys
from rollcall.names.prepare import PreparedName, prepare

_ARRAY_FROM = 32  # posting lists at least this long are kept as numpy arrays


class NameIndex:
    def __init__(
        self,
        candidates: int = 40,
        near: int = 10,
        max_postings: int = 200_000,
        budget: int = 40_000,
    ) -> None:
        self.budget = budget
        self.candidate_count = candidates
        self.near_count = near
        self.max_postings = max_postings
        self.min_block = 2000
        self._ids: list[Hashable] = []
        self._names: list[str] = []
        self._prepared: list[PreparedName] = []
        self._postings: dict[str, list[int] | np.ndarray] = {}
        self._scores = np.zeros(0, dtype=np.float32)
        self._sorted_folded: list[str] = []
        self._sorted_positions: list[int] = []
        self._frozen = True

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, id: Hashable, name: str) -> None:
        """Index one name of the record ``id`` (a record may have several names)."""
        prepared = prepare(name)
        position = len(self._ids)
        self._ids.append(id)
        self._names.append(name)
        self._prepared.append(prepared)
        postings = self._postings
        for key in prepared_keys(prepared):
            found = postings.get(key)
            if found is None:
                postings[key] = [position]
            else:
                if isinstance(found, np.ndarray):
                    found = postings[key] = found.tolist()
                found.append(position)
        self._frozen = False

    def add_many(self, items: Iterable[tuple[Hashable, str]]) -> None:
        for id, name in items:
            self.add(id, name)

    def _freeze(self) -> None:
        for key, found in self._postings.items():
            if isinstance(found, list) and len(found) >= _ARRAY_FROM:
                self._postings[key] = np.asarray(found, dtype=np.int32)
        self._scores = np.zeros(len(self._ids), dtype=np.float32)
        order = sorted(range(len(self._prepared)), key=lambda i: self._prepared[i].folded)
        self._sorted_folded = [self._prepared[i].folded for i in order]
        self._sorted_positions = order
        self._frozen = True

    def near_spellings(self, query: str | PreparedName, limit: int | None = None) -> list[int]:
        """Positions of the names closest to the query by Jaro-Winkler among those that start
        with the same letters: the longest prefix (8 letters down to 2) that at least
        ``min_block`` names share, so the block stays a few thousand names at any index size."""
        if not self._frozen:
            self._freeze()
        prepared = prepare(query) if isinstance(query, str) else query
        folded = prepared.folded
        if len(folded) < 2:
            return []
        keys = self._sorted_folded
        for size in (8, 7, 6, 5, 4, 3, 2):
            prefix = folded[:size]
            lo = bisect_left(keys, prefix)
            hi = bisect_left(keys, prefix[:-1] + chr(ord(prefix[-1]) + 1), lo)
            if hi - lo >= self.min_block:
                break
        found = process.extract(
            folded,
            keys[lo:hi],
            scorer=JaroWinkler.normalized_similarity,
            limit=limit or self.near_count,
        )
        return [self._sorted_positions[lo + i] for _, _, i in found]

    def candidates(self, query: str | PreparedName, limit: int | None = None) -> list[int]:
        """Positions of the names sharing the most key weight with the query, best first."""
        if not self._frozen:
            self._freeze()
        prepared = prepare(query) if isinstance(query, str) else query
        limit = limit or self.candidate_count
        total = len(self._ids)
        lists = [p for p in map(self._postings.get, prepared_keys(prepared)) if p is not None]
        if not lists:
            return []
        # Rarest keys first; the commonest ones only while the work stays within budget.
        lists.sort(key=len)
        usable, work = [], 0
        for found in lists:
            if usable and (len(found) > self.max_postings or work + len(found) > self.budget):
                break
            usable.append(found)
            work += len(found)
        scores = self._scores
        touched = []
        for found in usable:
            weight = math.log1p(total / len(found))
            scores[found] += weight
            touched.append(np.asarray(found, dtype=np.int32))
        positions = np.concatenate(touched)
        values = scores[positions]
        if len(positions) > limit * 4:
            top = np.argpartition(-values, limit * 4)[: limit * 4]
            positions, values = positions[top], values[top]
        unique, first = np.unique(positions, return_index=True)
        order = np.argsort(-values[first], kind="stable")[:limit]
        result = unique[order].tolist()
        for array in touched:
            scores[array] = 0.0
        return result

    def search(self, query: str, limit: int = 10) -> list[tuple[Hashable, str, float]]:
        """The best ``limit`` names for a query: [(id, name, score)], best first."""
        prepared = prepare(query)
        pool = self.candidates(prepared)
        seen = set(pool)
        pool += [p for p in self.near_spellings(prepared) if p not in seen]
        scored = []
        for rank, position in enumerate(pool):
            match = compare_prepared(prepared, self._prepared[position], explain=False)
            scored.append((-match.score, rank, position))
        scored.sort()
        return [
            (self._ids[p], self._names[p], round(-negative, 4)) for negative, _, p in scored[:limit]
        ]

    def prepared(self, position: int) -> PreparedName:
        return self._prepared[position]

    def record(self, position: int) -> tuple[Hashable, str]:
        return self._ids[position], self._names[position]
