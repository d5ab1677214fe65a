"""What is already stored, asked of the database in plain SQL: ingest asks it for every file.

    >>> stored_digests(["9f86d0…", "60303a…"])      # the digests of pages already ingested
    {'9f86d0…'}

The ORM spent about a millisecond building each of these small queries, more than the database
spent answering it; these ask the same (soft-deleted rows included, as `all_objects` does) in
SQL that SQLite and PostgreSQL both run, through the default connection.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections, router

from rollcall.sources.models import Attachment, Source

CHUNK = 500  # digests per IN (...) list


def _cursor(model):
    return connections[router.db_for_read(model)].cursor()


def _table(model) -> str:
    return connections[router.db_for_read(model)].ops.quote_name(model._meta.db_table)


def stored_digests(digests: Iterable[str]) -> set[str]:
    """The SHA-256 digests among `digests` of a page already stored whole (not a WARC record)."""
    digests = list(dict.fromkeys(digests))
    found: set[str] = set()
    for i in range(0, len(digests), CHUNK):
        chunk = digests[i:i + CHUNK]
        with _cursor(Source) as cursor:
            cursor.execute(f"SELECT sha256 FROM {_table(Source)} WHERE locator = %s AND sha256 IN "
                           f"({', '.join(['%s'] * len(chunk))})", ["", *chunk])
            found.update(row[0] for row in cursor.fetchall())
    return found


def source_with(digest: str, locator: str) -> int | None:
    """The id of the first source stored from these bytes at this locator, or None."""
    with _cursor(Source) as cursor:
        cursor.execute(f"SELECT id FROM {_table(Source)} WHERE sha256 = %s AND locator = %s ORDER BY id",
                       [digest, locator])
        row = cursor.fetchone()
    return row[0] if row else None


def attachment_ids(digests: Iterable[str]) -> dict[str, int]:
    """sha256 -> id of the attachments stored under these digests."""
    digests = list(dict.fromkeys(digests))
    if not digests:
        return {}
    with _cursor(Attachment) as cursor:
        cursor.execute(f"SELECT sha256, id FROM {_table(Attachment)} WHERE sha256 IN "
                       f"({', '.join(['%s'] * len(digests))})", digests)
        return dict(cursor.fetchall())
