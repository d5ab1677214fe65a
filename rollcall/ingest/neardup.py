"""Near-duplicate articles: MinHash over word shingles, an LSH index, and a second signal.

A heavy rewrite shares few shingles with its original but keeps its names, dates and figures,
so `facts()` of two extraction results are compared too. Signatures are plain bytes for storage;
they depend on NUM_PERM, SEED and the pinned datasketch version (rebuild after an upgrade).
"""

from __future__ import annotations

import hashlib
import re
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
    runs = zip(*(words[i:] for i in range(k)), strict=False)  # (words[i], ..., words[i + k - 1])
    return {" ".join(run).encode() for run in runs}


@cache
def _permutations():
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def signature(text: str) -> MinHash:
    """datasketch's MinHash of the text's shingles (its default SHA-1 based 32-bit hash, taken
    here in one loop rather than one Python call per shingle; the permutations drawn once)."""
    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=_permutations(), hashfunc=int)
    m.update_batch(_sha1_hash32(shingles(text)))
    return m


def _sha1_hash32(values) -> list[int]:
    """datasketch.hashfunc.sha1_hash32 of each value: the first 4 bytes of SHA-1, little-endian
    (read for all values at once from their digests, 20 bytes each)."""
    sha1 = hashlib.sha1
    digests = b"".join([sha1(v).digest() for v in values])
    return np.frombuffer(digests, dtype="<u4")[::5].tolist()


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


class _RowLists:
    """Rows (ints, appended in increasing order) under each key; a long list is also kept as a
    numpy array, brought up to date when asked for, so that a query reads it without converting
    a Python list of thousands of ints each time."""

    LONG = 64

    def __init__(self):
        self.lists: dict = {}
        self._arrays: dict = {}  # key -> (array with room to grow, rows filled)

    def append(self, key, row: int) -> None:
        found = self.lists.get(key)
        if found is None:
            self.lists[key] = [row]
        else:
            found.append(row)

    def get(self, key) -> list[int] | None:
        return self.lists.get(key)

    def array(self, key) -> np.ndarray:
        rows = self.lists[key]
        n = len(rows)
        if n < self.LONG:
            return np.array(rows, dtype=np.int64)
        arr, filled = self._arrays.get(key, (None, 0))
        if filled < n:
            if arr is None or len(arr) < n:
                grown = np.empty(2 * n, dtype=np.int64)
                grown[:filled] = arr[:filled] if arr is not None else ()
                arr = grown
            arr[filled:n] = rows[filled:]
            self._arrays[key] = (arr, n)
        return arr[:n]


class NearDupIndex:
    """MinHash LSH over signatures plus an inverted index of facts; `query` returns [(key, score, basis)].

    Neither signal scans the whole index: the text signal scores only the LSH candidates (in
    one numpy comparison), and the facts signal only the sources that share a fact with the
    query, found through `postings` (fact -> rows). A fact shared by more than COMMON_FACT
    sources (a president's surname, "one million") tells no story from another, as a stop
    word tells no page from another: it is not used to find candidates (it still counts in the
    overlap of those found). So a query's cost grows with the copies of its own story (the LSH
    candidates) and the sources sharing its rarer facts, not with the size of the registry.

    The LSH is datasketch's banding (its MinHashLSH's bands for the threshold, `lsh`), with the
    buckets kept here as rows: a source is a candidate when one band of its signature equals the
    query's. (datasketch's own buckets, sets of keys joined one key at a time in Python, cost
    milliseconds a query once a story had a thousand copies.) Among equal scores the source
    added first wins.
    """

    COMMON_FACT = 1000

    def __init__(self, threshold: float = 0.5, fact_threshold: float = 0.6):
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)  # its bands; nothing inserted
        self.bands = [_RowLists() for _ in self.lsh.hashranges]
        self.rows: dict[str, int] = {}
        self.keys: list[str] = []
        self._matrix = np.empty((1024, NUM_PERM), dtype=np.uint32)  # affine32 values are 32-bit
        self._fact_counts = np.empty(1024, dtype=np.int64)
        self.facts: dict[str, frozenset[str]] = {}
        self.postings = _RowLists()
        self.fact_threshold = fact_threshold

    def __len__(self) -> int:
        return len(self.rows)

    def _band_keys(self, hashvalues: np.ndarray) -> list[bytes]:
        hashvalues = np.asarray(hashvalues, dtype=np.uint64)
        return [hashvalues[start:end].tobytes() for start, end in self.lsh.hashranges]

    def add(self, key: str, sig: MinHash, facts_: set[str] | None = None) -> None:
        if key in self.rows:
            return
        row = len(self.rows)
        if row == len(self._matrix):
            self._matrix = np.concatenate([self._matrix, np.empty_like(self._matrix)])
            self._fact_counts = np.concatenate([self._fact_counts, np.empty_like(self._fact_counts)])
        values = np.asarray(sig.hashvalues, dtype=np.uint64)
        if values.max(initial=0) > np.iinfo(np.uint32).max:
            raise ValueError(f"not a {SCHEME} signature: hash values above 32 bits")
        self._matrix[row] = values
        for band, h in zip(self.bands, self._band_keys(self._matrix[row]), strict=True):
            band.append(h, row)
        self.rows[key] = row
        self.keys.append(key)
        fs = frozenset(facts_ or ())
        self.facts[key] = fs
        self._fact_counts[row] = len(fs)
        if len(fs) >= 3:  # fact_overlap() is 0 for fewer
            for f in fs:
                self.postings.append(f, row)

    def query(self, sig: MinHash, facts_: set[str] | None = None) -> list[tuple[str, float, str]]:
        """Every match, best first: by text (MinHash Jaccard of LSH candidates), then by facts."""
        rows, scores = self._text(sig)
        found = {self.keys[r]: (s, "text") for r, s in zip(rows.tolist(), scores.tolist(), strict=True)}
        frows, fscores = self._by_facts(facts_, rows)
        for r, score in zip(frows.tolist(), fscores.tolist(), strict=True):
            found[self.keys[r]] = (score, "facts")
        return sorted(((k, s, b) for k, (s, b) in found.items()), key=lambda x: -x[1])

    def best(self, sig: MinHash, facts_: set[str] | None = None) -> tuple[str, float, str] | None:
        """query()[0] (or None), without scoring and sorting every match as query() does."""
        rows, scores = self._text(sig)
        top = None
        if len(rows):
            i = int(scores.argmax())  # the first of the best: the source added first
            top = (self.keys[rows[i]], float(scores[i]), "text")
        frows, fscores = self._by_facts(facts_, rows)
        if len(frows):
            i = int(fscores.argmax())
            if top is None or fscores[i] > top[1]:
                top = (self.keys[frows[i]], float(fscores[i]), "facts")
        return top

    def _union(self, found: list[np.ndarray]) -> np.ndarray:
        """The rows in any of the arrays `found`, each once, in increasing order."""
        if not found:
            return np.empty(0, dtype=np.int64)
        if len(found) == 1:
            return found[0]
        if sum(len(a) for a in found) < 64:
            return np.unique(np.concatenate(found))
        mask = np.zeros(len(self.rows), dtype=bool)
        for a in found:
            mask[a] = True
        return np.flatnonzero(mask)

    def _text(self, sig: MinHash) -> tuple[np.ndarray, np.ndarray]:
        if len(sig) != NUM_PERM:
            raise ValueError(f"Expecting minhash with length {NUM_PERM}, got {len(sig)}")
        hashvalues = np.asarray(sig.hashvalues, dtype=np.uint64)
        rows = self._union([band.array(h) for band, h in zip(self.bands, self._band_keys(hashvalues), strict=True)
                            if band.get(h) is not None])
        if not len(rows):
            return rows, np.empty(0)
        same = self._matrix[rows] == hashvalues.astype(np.uint32)
        return rows, np.count_nonzero(same, axis=1) / NUM_PERM  # MinHash.jaccard, all at once

    def _by_facts(self, facts_: set[str] | None, exclude: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Rows of the sources sharing enough facts with `facts_` (fact_overlap), and their
        overlaps, found through `postings`; the rows in `exclude` left out."""
        none = np.empty(0, dtype=np.int64), np.empty(0)
        if not facts_ or len(facts_) < 3:
            return none
        searched, common = [], []  # common: facts of the query counted only for those found
        for f in facts_:
            keys = self.postings.get(f)
            if keys and len(keys) > self.COMMON_FACT:
                common.append(f)
            elif keys:
                searched.append(self.postings.array(f))
        if not searched:
            return none
        counts = np.bincount(np.concatenate(searched), minlength=len(self.rows)) if len(searched) > 1 else None
        if counts is None:
            rows, n = searched[0], np.ones(len(searched[0]), dtype=np.int64)
        else:
            rows = np.flatnonzero(counts)
            n = counts[rows]
        if len(exclude):
            keep = ~np.isin(rows, exclude, assume_unique=True)
            rows, n = rows[keep], n[keep]
        least = np.minimum(len(facts_), self._fact_counts[rows])
        threshold = self.fact_threshold * least
        keep = n + len(common) >= threshold
        rows, n, least, threshold = rows[keep], n[keep], least[keep], threshold[keep]
        if common and len(rows):
            mask = np.zeros(len(self.rows), dtype=bool)
            for f in common:
                mask[:] = False
                mask[self.postings.array(f)] = True
                n = n + mask[rows]
        keep = n >= threshold  # fact_overlap(facts_, theirs) >= fact_threshold
        return rows[keep], n[keep] / least[keep]
