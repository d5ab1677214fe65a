"""Near-duplicate articles: MinHash over word shingles, an LSH index, and a second signal.

A heavy rewrite shares few shingles with its original but keeps its names, dates and figures,
so `facts()` of two extraction results are compared too. Signatures are plain bytes for storage;
they depend on NUM_PERM, SEED and the pinned datasketch version (rebuild after an upgrade).
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

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


def signature(text: str) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    m.update_batch(list(shingles(text)))
    return m


def to_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=SCHEME)


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


class NearDupIndex:
    """LSH over signatures plus a fact index; `query` returns [(key, score, basis)]."""

    def __init__(self, threshold: float = 0.5, fact_threshold: float = 0.6):
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.sigs: dict[str, MinHash] = {}
        self.facts: dict[str, set[str]] = {}
        self.fact_threshold = fact_threshold

    def add(self, key: str, sig: MinHash, facts_: set[str] | None = None) -> None:
        if key in self.sigs:
            return
        self.lsh.insert(key, sig)
        self.sigs[key] = sig
        self.facts[key] = facts_ or set()

    def query(self, sig: MinHash, facts_: set[str] | None = None) -> list[tuple[str, float, str]]:
        found = {k: (sig.jaccard(self.sigs[k]), "text") for k in self.lsh.query(sig)}
        if facts_:
            for k, f in self.facts.items():
                if k not in found:
                    score = fact_overlap(facts_, f)
                    if score >= self.fact_threshold:
                        found[k] = (score, "facts")
        return sorted(((k, s, b) for k, (s, b) in found.items()), key=lambda x: -x[1])
