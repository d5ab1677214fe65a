"""The part of ingesting that needs no database: read, extract, sign, keep the bytes.

`prepare(task)` runs in a worker process (rollcall.ingest.parallel), one file at a time, while
the parent process, the only database writer, stores what came back in input order. It reads
the file's documents, extracts each, computes its MinHash signature and facts, finds where each
name stands in the text, and stores the original bytes and a WARC of the capture under their
SHA-256 (content-addressed files: storing them before the database row can leave only a
harmless file, never a row without its file). Within `linking_here(linker)` (a run without
--accept, whose Linker reads the registry once and learns nothing) it also links the names
and makes the mention and proposal rows, so that the parent only inserts them.
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from rollcall.ingest import dates as ingest_dates
from rollcall.ingest import neardup
from rollcall.ingest import read as reading
from rollcall.ingest.document import Document, ReadError

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")


@dataclass
class Task:
    """One file to prepare: its bytes, already hashed by the parent."""

    path: Path
    data: bytes
    digest: str
    files_root: Path
    max_bytes: int = reading.MAX_BYTES

    @property
    def is_warc(self) -> bool:
        return self.path.name.lower().endswith(WARC_SUFFIXES)


@dataclass
class Failed:
    """A file that could not be read at all (missing, too large): one line for the summary."""

    message: str


@dataclass
class Twin:
    """A page whose bytes were already ingested, or are being ingested from another file."""

    digest: str
    size: int


@dataclass
class Prepared:
    """One document, ready to store."""

    doc: Document
    extracted: dict
    minhash: bytes
    facts: list[str]
    spans: dict[str, dict[str, list[tuple[int, int]]]]  # kind -> name -> [(start, end)]
    published_text: str
    captured_at: datetime
    capture: tuple[str, int] | None = None  # SHA-256 and size of the WARC of the capture
    proposed: tuple[list[dict], list[dict]] | None = None  # mentions.propose_rows(), when made here


@dataclass
class Read:
    """What a file held: its documents prepared, or the one-line reason it could not be read."""

    digest: str
    size: int
    is_warc: bool
    docs: list[Prepared] = field(default_factory=list)
    error: str | None = None


def prepare(task: Task | Failed | Twin) -> Read | Failed | Twin:
    """Read, extract and sign the documents of `task`, and store its bytes (in a worker)."""
    if not isinstance(task, Task):
        return task
    _django_ready()
    from django.utils import timezone

    from rollcall.sources import files

    name = task.path.name
    out = Read(task.digest, len(task.data), task.is_warc)
    try:
        docs = reading.read_bytes(task.data, name, max_bytes=task.max_bytes)
    except ReadError as exc:
        out.error = str(exc)
        return out
    captured_at = timezone.now()  # when the bytes were read
    for doc in docs:
        out.docs.append(prepare_document(doc, captured_at))
    if out.docs:
        files.store(task.data, task.files_root)
    if not task.is_warc:
        for p in out.docs:
            warc = capture_warc(p.doc, task.data, task.path, p.captured_at)
            p.capture = (files.store(warc, task.files_root), len(warc))
    return out


def prepare_pair(item: tuple[Path, Task | Failed | Twin]) -> Read | Failed | Twin:
    """prepare() for a (path, task) pair, as ingesting hands them to the workers."""
    return prepare(item[1])


_shared_linker = None  # set by `linking_here`: the parent's Linker, inherited by forked workers


@contextmanager
def linking_here(linker):
    """Within it, prepare() also links the names and makes the mention and proposal rows
    (mentions.propose_rows) with `linker`: for a run whose linker learns nothing (no --accept),
    in workers forked inside it, which inherit it (a spawned worker has none: the parent links)."""
    global _shared_linker
    _shared_linker = linker
    try:
        yield
    finally:
        _shared_linker = None


def prepare_document(doc: Document, captured_at: datetime) -> Prepared:
    from rollcall.ingest.extract import extract_document
    from rollcall.sources.linking import spans

    extracted = extract_document(doc)
    found: dict[str, dict[str, list[tuple[int, int]]]] = {"person": {}, "organization": {}, "place": {}}
    for p in extracted.get("persons", []):
        found["person"].setdefault(p["name"], spans(doc.text, p["name"]))
    for kind, key in (("organization", "organizations"), ("place", "places")):
        for name in extracted.get(key, []):
            found[kind].setdefault(name, spans(doc.text, name))
    prepared = Prepared(doc, extracted, neardup.to_bytes(neardup.signature(doc.text)),
                        sorted(neardup.facts(extracted)), found, published_text(doc), captured_at)
    if _shared_linker is not None:
        from rollcall.sources.mentions import propose_rows
        from rollcall.sources.proposals import valid_edtf

        prepared.proposed = propose_rows(doc.text, doc.language or "", valid_edtf(doc.published), extracted,
                                         _shared_linker, found)
        prepared.spans = {}  # used only to make those rows
    return prepared


def capture_warc(doc: Document, data: bytes, path: Path, captured_at: datetime) -> bytes:
    """A WARC record of the bytes as captured, with SHA-256 digests (Berkeley Protocol)."""
    from rollcall.ingest.warc import write_resource

    ctype = "text/html" if doc.media_type == "text/html" else "text/plain"
    out = io.BytesIO()
    write_resource(out, doc.url or f"file:///{path.name}", data, ctype,
                   warc_date=captured_at.isoformat(timespec="seconds").replace("+00:00", "Z"))
    return out.getvalue()


def published_text(doc: Document) -> str:
    """The publication date in the page's own words, when they can be found near the top."""
    if not doc.published:
        return ""
    for phrase in ingest_dates.find_dates(doc.text[:600]):
        if phrase.edtf == doc.published:
            return phrase.text[:200]
    return doc.published


def _django_ready() -> None:
    """Workers started by spawn (not fork) load Django themselves: linking imports models."""
    from django.apps import apps

    if not apps.ready:
        import django

        django.setup()
