"""Near-duplicate articles: MinHash over word shingles, an LSH index, and a second signal.

A heavy rewrite shares few shingles with its original but keeps its names, dates and figures,
so `facts()` of two extraction results are compared too. Signatures are plain bytes for storage;
they depend on NUM_PERM, SEED and the pinned datasketch version (rebuild after an upgrade).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 128
SEED = 1
SHINGLE = 4
SCHEME = "affine32"  # datasketch 2.0 default; stored signatures are only valid with it
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    words = _WORD.findall(text.casefold())
    if len(words) < k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + k]).encode() for i in range(len(words) - k + 1)}


@cache
def _permutations():
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def signature(text: str) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=_permutations())  # drawn once
    m.update_batch(list(shingles(text)))
    return m


def to_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    """The signature back from storage (a LeanMinHash: no permutations drawn, ten times faster)."""
    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=SCHEME)


def facts(extracted: dict) -> set[str]:
    """Names, dates and figures of an extraction result: what a rewrite keeps."""
    out = {f"p:{p['name'].split()[-1].casefold()}" for p in extracted.get("persons", [])}
    out |= {f"n:{c['value']}" for c in extracted.get("claims", [])}
    out |= {f"d:{e['when']}" for e in extracted.get("events", []) if e.get("when")}
    return out


def fact_overlap(a: set[str], b: set[str]) -> float:
    """Share of the smaller fact set found in the other (0 when either has fewer than 3)."""
    if len(a) < 3 or len(b) < 3:
        return 0.0
    return len(a & b) / min(len(a), len(b))


class _LSH(MinHashLSH):
    """datasketch's MinHashLSH, whose query takes each band's bucket whole (datasketch adds its
    keys one by one in Python: 2 ms a query once a story has a thousand copies)."""

    def query(self, minhash) -> list:
        if len(minhash) != self.h:
            raise ValueError(f"Expecting minhash with length {self.h}, got {len(minhash)}")
        assert not self.prepickle  # keys are stored as given (dict storage)
        candidates: set = set()
        for (start, end), hashtable in zip(self.hashranges, self.hashtables, strict=True):
            candidates.update(hashtable.get(self._H(minhash.hashvalues[start:end])))
        return list(candidates)


class NearDupIndex:
    """LSH over signatures plus an inverted index of facts; `query` returns [(key, score, basis)].

    Neither signal scans the whole index: the text signal scores only the LSH candidates (in
    one numpy comparison), and the facts signal only the sources that share a fact with the
    query, found through `postings` (fact -> keys). A fact shared by more than COMMON_FACT
    sources (a president's surname, "one million") tells no story from another, as a stop
    word tells no page from another: it is not used to find candidates (it still counts in the
    overlap of those found). So a query's cost grows with the copies of its own story (the LSH
    candidates) and the sources sharing its rarer facts, not with the size of the registry.
    """

    COMMON_FACT = 1000

    def __init__(self, threshold: float = 0.5, fact_threshold: float = 0.6):
        self.lsh = _LSH(threshold=threshold, num_perm=NUM_PERM)
        self.rows: dict[str, int] = {}
        self._matrix = np.empty((1024, NUM_PERM), dtype=np.uint64)
        self.facts: dict[str, frozenset[str]] = {}
        self.postings: dict[str, list[str]] = {}
        self.fact_threshold = fact_threshold

    def __len__(self) -> int:
        return len(self.rows)

    def add(self, key: str, sig: MinHash, facts_: set[str] | None = None) -> None:
        if key in self.rows:
            return
        self.lsh.insert(key, sig)
        row = len(self.rows)
        if row == len(self._matrix):
            self._matrix = np.concatenate([self._matrix, np.empty_like(self._matrix)])
        self._matrix[row] = sig.hashvalues
        self.rows[key] = row
        fs = frozenset(facts_ or ())
        self.facts[key] = fs
        if len(fs) >= 3:  # fact_overlap() is 0 for fewer
            for f in fs:
                self.postings.setdefault(f, []).append(key)

    def query(self, sig: MinHash, facts_: set[str] | None = None) -> list[tuple[str, float, str]]:
        """Every match, best first: by text (MinHash Jaccard of LSH candidates), then by facts."""
        keys, scores = self._text(sig)
        found = {k: (s, "text") for k, s in zip(keys, scores.tolist(), strict=True)}
        for k, score in self._by_facts(facts_, found):
            found[k] = (score, "facts")
        return sorted(((k, s, b) for k, (s, b) in found.items()), key=lambda x: -x[1])

    def best(self, sig: MinHash, facts_: set[str] | None = None) -> tuple[str, float, str] | None:
        """query()[0] (or None), without scoring and sorting every match as query() does."""
        keys, scores = self._text(sig)
        top = None
        if keys:
            i = int(scores.argmax())  # the first of the best, as query()'s stable sort gives
            top = (keys[i], float(scores[i]), "text")
        for k, score in self._by_facts(facts_, set(keys)):
            if top is None or score > top[1]:
                top = (k, score, "facts")
        return top

    def _text(self, sig: MinHash) -> tuple[list[str], np.ndarray]:
        keys = self.lsh.query(sig)
        if not keys:
            return [], np.empty(0)
        same = self._matrix[[self.rows[k] for k in keys]] == np.asarray(sig.hashvalues, dtype=np.uint64)
        return keys, np.count_nonzero(same, axis=1) / NUM_PERM  # MinHash.jaccard, all at once

    def _by_facts(self, facts_: set[str] | None, exclude) -> list[tuple[str, float]]:
        """Sources sharing enough facts with `facts_` (fact_overlap), found through `postings`."""
        if not facts_ or len(facts_) < 3:
            return []
        shared: Counter[str] = Counter()
        common = []  # facts of the query left out of the search: counted only for those found
        for f in facts_:
            keys = self.postings.get(f)
            if keys and len(keys) > self.COMMON_FACT:
                common.append(f)
            elif keys:
                shared.update(keys)
        out = []
        size, threshold = len(facts_), self.fact_threshold
        for k, n in shared.items():
            if k in exclude:
                continue
            theirs = self.facts[k]
            least = min(size, len(theirs))
            if n + len(common) < threshold * least:
                continue
            n += sum(1 for f in common if f in theirs)
            if n >= threshold * least:  # fact_overlap(facts_, theirs) >= threshold
                out.append((k, n / least))
        return out
