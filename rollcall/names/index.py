"""An in-memory name index: candidates from shared keys and by spelling, then the comparison.

Names that prepare to the same comparison form (the same folded spelling, word roots, aliases
and gender: ``Hoshur Sawut`` and ``Hoshur Sauut``) are one *entry*: it is looked up, compared and
scored once, and stands for all its names.

Search runs in two steps, which the Django layer can repeat against a table of stored keys:

1. **Candidates.** Every query key looks up the entries that share it; each shared key adds its
   weight log(1 + entries / entries-with-that-key), so a shared rare pair of words counts far
   more than a shared common given name. The best ``candidates`` entries go on. Keys are used
   rarest first; a key with more than ``max_postings`` entries, or one that would take the
   entries looked at past ``budget``, is skipped unless the query has nothing else.

   Besides the keys, the entries nearest to the query's folded spelling by Jaro-Winkler join
   the candidates, enough of them to stand for ``near`` names: an exhaustive scan would put them
   first, so the index must not miss them. They are found exactly, without comparing every
   entry, by ``NearestStrings`` (nearest.py). In SQL the Django layer takes a prefix range of
   an indexed ``folded`` column instead.
2. **Rescoring.** ``compare_prepared`` scores each candidate entry against the query; results
   are sorted by that score.

The arrays are built on the first search. Names added after it are kept apart, searched by
brute force, and merged in by a rebuild once they are more than an eighth of the index.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from rollcall.names.compare import compare_prepared
from rollcall.names.keys import prepared_keys
from rollcall.names.nearest import NearestStrings
from rollcall.names.prepare import PreparedName, prepare

_ARRAY_FROM = 32  # posting lists at least this long are kept as numpy arrays
_REBUILD_SHARE = 8  # rebuild when names added since the last build pass 1/8 of the entries
_REBUILD_MIN = 2000


def _signature(prepared: PreparedName) -> tuple:
    """What the comparison and the keys read from a prepared name (not the text as written)."""
    return (
        prepared.folded,
        prepared.gender,
        tuple((t.root, t.alias) for t in prepared.tokens),
        tuple(t.root for t in prepared.pinyin) if prepared.pinyin else None,
    )


class NameIndex:
    def __init__(
        self,
        candidates: int = 30,
        near: int = 10,
        max_postings: int = 200_000,
        budget: int = 20_000,
    ) -> None:
        self.budget = budget
        self.candidate_count = candidates
        self.near_count = near
        self.max_postings = max_postings
        # per name (a "position")
        self._ids: list[Hashable] = []
        self._names: list[str] = []
        self._entry_of: list[int] = []
        # per entry
        self._entries: list[PreparedName] = []
        self._members: list[list[int]] = []
        self._by_signature: dict[tuple, int] = {}
        self._postings: dict[str, list[int] | np.ndarray] = {}
        self._recent_postings: dict[str, list[int]] = {}
        self._built = 0  # entries covered by the arrays
        self._nearest = NearestStrings([])
        self._scores = np.zeros(0, dtype=np.float32)

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, id: Hashable, name: str) -> None:
        """Index one name of the record ``id`` (a record may have several names)."""
        self._add(id, name, prepare(name))

    def add_many(self, items: Iterable[tuple[Hashable, str]]) -> None:
        for id, name in items:
            self.add(id, name)

    def _add(self, id: Hashable, name: str, prepared: PreparedName) -> None:
        position = len(self._ids)
        self._ids.append(id)
        self._names.append(name)
        signature = _signature(prepared)
        entry = self._by_signature.get(signature)
        if entry is None:
            entry = self._by_signature[signature] = len(self._entries)
            self._entries.append(prepared)
            self._members.append([])
            postings = self._postings if not self._built else self._recent_postings
            for key in prepared_keys(prepared):
                postings.setdefault(key, []).append(entry)  # type: ignore[union-attr]
        self._members[entry].append(position)
        self._entry_of.append(entry)

    def _build(self) -> None:
        """(Re)build the arrays once many entries are new; few new ones are searched apart."""
        new = len(self._entries) - self._built
        if self._built and new <= max(_REBUILD_MIN, self._built // _REBUILD_SHARE):
            return
        postings = self._postings
        for key, found in self._recent_postings.items():
            old = postings.get(key)
            postings[key] = found if old is None else [*old, *found]
        self._recent_postings = {}
        for key, found in postings.items():
            if isinstance(found, list) and len(found) >= _ARRAY_FROM:
                postings[key] = np.asarray(found, dtype=np.int32)
        self._built = len(self._entries)
        self._nearest = NearestStrings(
            [e.folded for e in self._entries], [len(m) for m in self._members]
        )
        self._scores = np.zeros(self._built, dtype=np.float32)

    def _prepared(self, query: str | PreparedName) -> PreparedName:
        self._build()
        return prepare(query) if isinstance(query, str) else query

    def _positions(self, entries: Iterable[int]) -> list[int]:
        return [p for e in entries for p in self._members[e]]

    def _key_entries(self, prepared: PreparedName, limit: int) -> list[int]:
        """The entries sharing the most key weight with the query, best first."""
        keys = prepared_keys(prepared)
        total = len(self._entries)
        lists: list[list[int] | np.ndarray] = []
        for key in keys:
            found = self._postings.get(key)
            recent = self._recent_postings.get(key)
            if found is not None and recent:
                found = np.concatenate([np.asarray(found, dtype=np.int32), recent])
            elif recent:
                found = recent
            if found is not None:
                lists.append(found)
        if not lists:
            return []
        # Rarest keys first; the commonest ones only while the work stays within budget.
        lists.sort(key=len)
        usable, work = [], 0
        for found in lists:
            if usable and (len(found) > self.max_postings or work + len(found) > self.budget):
                break
            usable.append(np.asarray(found, dtype=np.int32))
            work += len(found)
        if len(self._scores) < total:
            self._scores = np.zeros(total, dtype=np.float32)
        scores = self._scores
        for found in usable:
            scores[found] += math.log1p(total / len(found))
        entries = np.concatenate(usable)
        values = scores[entries]
        if len(entries) > limit * 4:
            top = np.argpartition(-values, limit * 4)[: limit * 4]
            entries, values = entries[top], values[top]
        unique, first = np.unique(entries, return_index=True)
        order = np.argsort(-values[first], kind="stable")[:limit]
        for found in usable:
            scores[found] = 0.0
        return unique[order].tolist()

    def _near_entries(
        self, prepared: PreparedName, limit: int, seeds: Iterable[int] = ()
    ) -> list[int]:
        """The entries nearest to the query's folded spelling by Jaro-Winkler, enough of them
        to stand for ``limit`` names, best first."""
        folded = prepared.folded
        if not folded:
            return []
        seeds = [e for e in seeds if e < self._built]
        found = [(s, e) for e, s in self._nearest.top(folded, limit, seeds)]
        if self._built < len(self._entries):  # names added since the build
            recent = range(self._built, len(self._entries))
            scores = process.cdist(
                [folded],
                [self._entries[e].folded for e in recent],
                scorer=JaroWinkler.normalized_similarity,
                workers=1,
            )[0]
            found += zip(scores.tolist(), recent, strict=True)
            found.sort(key=lambda item: (-item[0], item[1]))
        out, weight = [], 0
        for _, entry in found:
            if weight >= limit:
                break
            out.append(entry)
            weight += len(self._members[entry])
        return out

    def candidates(self, query: str | PreparedName, limit: int | None = None) -> list[int]:
        """Positions of the names of the ``limit`` entries sharing the most key weight with the
        query, best first."""
        prepared = self._prepared(query)
        return self._positions(self._key_entries(prepared, limit or self.candidate_count))

    def near_spellings(self, query: str | PreparedName, limit: int | None = None) -> list[int]:
        """Positions of the names closest to the query's folded spelling by Jaro-Winkler, best
        first: at least ``limit`` of them when the index has as many."""
        prepared = self._prepared(query)
        return self._positions(self._near_entries(prepared, limit or self.near_count))

    def _pool(self, prepared: PreparedName) -> list[int]:
        """The candidate entries that ``search`` rescores: key candidates, then near spellings."""
        by_keys = self._key_entries(prepared, self.candidate_count)
        near = self._near_entries(prepared, self.near_count, seeds=by_keys)
        seen = set(by_keys)
        return by_keys + [e for e in near if e not in seen]

    def pool(self, query: str | PreparedName) -> list[int]:
        """Positions of every name that ``search`` puts forward and rescores for the query."""
        return self._positions(self._pool(self._prepared(query)))

    def search(self, query: str, limit: int = 10) -> list[tuple[Hashable, str, float]]:
        """The best ``limit`` names for a query: [(id, name, score)], best first."""
        prepared = self._prepared(query)
        scored = []
        for rank, entry in enumerate(self._pool(prepared)):
            match = compare_prepared(prepared, self._entries[entry], explain=False)
            scored.append((-match.score, rank, entry))
        scored.sort()
        results: list[tuple[Hashable, str, float]] = []
        # Entries that score the same take turns, so that ten names written one way do not
        # hide the same name written in another script.
        at = 0
        while at < len(scored) and len(results) < limit:
            score = round(-scored[at][0], 4)
            tied = []
            while at < len(scored) and round(-scored[at][0], 4) == score:
                tied.append(self._members[scored[at][2]])
                at += 1
            for turn in range(max(len(m) for m in tied)):
                for members in tied:
                    if turn < len(members) and len(results) < limit:
                        position = members[turn]
                        results.append((self._ids[position], self._names[position], score))
        return results

    def prepared(self, position: int) -> PreparedName:
        return prepare(self._names[position])

    def record(self, position: int) -> tuple[Hashable, str]:
        return self._ids[position], self._names[position]
