"""Near-duplicate sources: MinHash signatures stored per source, one LSH index per ingest run.

A copy is grouped with the original it was made from: `near_duplicate_of` always names the
group's first source (never a copy of a copy), so the claims of the group can be compared.
"""

from __future__ import annotations

import datasketch
from datasketch import MinHash

from rollcall.ingest import neardup
from rollcall.sources import rows
from rollcall.sources.models import Signature, Source

SCHEME = f"datasketch-{datasketch.__version__}/{neardup.SCHEME}/{neardup.NUM_PERM}/{neardup.SEED}/{neardup.SHINGLE}"


class Index:
    """The stored signatures in an LSH index, and which group each source belongs to."""

    def __init__(self):
        self.lsh = neardup.NearDupIndex()
        self.root: dict[int, int] = {}
        self.stale = 0
        self.seconds = 0.0

    @classmethod
    def from_database(cls) -> Index:
        index = cls()
        stored = Signature.objects.values_list("source_id", "minhash", "facts", "scheme",
                                             "source__near_duplicate_of_id")
        for source_id, minhash, facts, scheme, original in stored.iterator(chunk_size=5000):
            if scheme != SCHEME:
                index.stale += 1  # made by another datasketch version: rebuild with `resign`
                continue
            index.remember(source_id, original, neardup.from_bytes(bytes(minhash)), set(facts))
        return index

    def remember(self, source_id: int, original_id: int | None, sig: MinHash, facts: set[str]) -> None:
        self.lsh.add(str(source_id), sig, facts)
        self.root[source_id] = original_id or source_id

    def find(self, sig: MinHash, facts: set[str]) -> tuple[int, float, str] | None:
        """The original of the best match, its score and basis ("text" or "facts"), or None."""
        hit = self.lsh.best(sig, facts)
        if hit is None:
            return None
        key, score, basis = hit
        return self.root.get(int(key), int(key)), score, basis

    def store(self, source: Source, sig: MinHash, facts: set[str]) -> None:
        rows.insert(Signature, [{"source_id": source.pk, "minhash": neardup.to_bytes(sig), "facts": sorted(facts),
                                 "scheme": SCHEME}])
