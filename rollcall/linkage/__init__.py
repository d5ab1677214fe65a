"""Duplicate detection in bulk, list imports, and reversible merges of persons.

- ``features``: what linkage compares about a person (from the registry or from an import row).
- ``scoring``: pure pairwise scoring with the fields that agreed.
- ``candidates``: registry persons that share a blocking key with new records.
- ``tabular``: reading CSV/XLSX lists with headers in English, Russian, Kazakh and Chinese.
- ``preparing``: names prepared once per distinct text (in worker processes for long lists).
- ``linking``: new records decided against the registry in DuckDB (blocking, scoring, ranking).
- ``bulk``: rows and their first history version written in bulk, with reserved ids.
- ``importing``: ``rollcall import`` as a staged batch, all or nothing.
- ``dedupe``: ``rollcall dedupe`` with splink (DuckDB) blocked on our name keys.
- ``merging``: ``merge(keep, other, actor)`` and ``unmerge(record)``.
"""
