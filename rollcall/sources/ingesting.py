"""Ingesting pages: capture with provenance, near-duplicates, extraction, linking, proposals.

    >>> summary = ingest([Path("corpus/")], label="RFE/RL pages, November")

The reading, extraction and signing of each file is the pure part (`rollcall.ingest`, run by
`capture.prepare`); on a run of many files it runs in worker processes over all cores, while
this process, the only database writer, stores what comes back in input order.

Documents are stored in groups, one transaction each (a group grows from 1 to GROUP_MAX
documents, and closes after GROUP_SECONDS): each document in its own savepoint, so a failing
one is rolled back alone, and the history and audit of the group's records written in bulk
before it commits: every Source and Attachment still gets its first revision and its audit
entries, in the same order as one by one. Ctrl-C commits the documents of the group finished
so far and nothing of the one in progress; SIGKILL loses at most the open group, never half a
document; running again continues, since the same bytes ingested again are skipped. The run
is one Batch(kind="ingest").
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rollcall.access import actor as actors
from rollcall.access import audit, history
from rollcall.access import sensitivity as sens
from rollcall.access.models import Revision
from rollcall.ingest import neardup, parallel
from rollcall.ingest import read as reading
from rollcall.registry.fields import derive_bounds
from rollcall.registry.models import Batch
from rollcall.sources import capture, files, neardups, proposals, rows
from rollcall.sources.capture import Failed, Prepared, Read, Task, Twin, prepare, prepare_pair
from rollcall.sources.linking import Linker
from rollcall.sources.mentions import propose, with_source
from rollcall.sources.models import Attachment, Mention, Proposal, Source
from rollcall.sources.stored import attachment_ids, source_with, stored_digests

SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".warc", ".warc.gz")
GROUP_MAX = 64  # documents per transaction at most
GROUP_SECONDS = 1.0  # and no group stays open longer: an interruption loses little


@dataclass
class Options:
    label: str | None = None
    accept: float | None = None  # accept proposals with at least this confidence
    public_sources: bool = False  # an explicit choice; records made from them stay restricted
    max_bytes: int = reading.MAX_BYTES
    workers: int | None = None  # extraction processes; None: one per core on a long run, 0: none


@dataclass
class Group:
    """The documents of the open transaction, and the history still to write for them."""

    size: int
    started: float = field(default_factory=time.perf_counter)
    documents: int = 0
    revisions: list[Revision] = field(default_factory=list)
    entries: list[tuple] = field(default_factory=list)

    def full(self) -> bool:
        return self.documents >= self.size or time.perf_counter() - self.started >= GROUP_SECONDS

    def flush(self) -> None:
        rows.insert_unsaved(self.revisions)
        audit.record_many(self.entries)
        self.revisions, self.entries = [], []


@dataclass
class Run:
    batch: Batch
    options: Options
    linker: Linker
    index: neardups.Index
    results: list[dict] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("files", "documents", "ingested", "skipped", "failed", "near_duplicates", "mentions", "linked",
         "proposals", "accepted"), 0))


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[dict]]:
    """Files to read (folders walked recursively, pages and archives only), and paths not found."""
    found: list[Path] = []
    missing: list[dict] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(SUFFIXES)
                            and not p.name.startswith("."))
        elif path.is_file():
            found.append(path)
        else:
            missing.append({"file": str(path), "status": "failed", "message": f"{path}: no such file or folder"})
    return found, missing


def ingest(paths: Iterable[Path], options: Options | None = None,
           on_file: Callable[[Path, list[dict]], None] | None = None,
           on_start: Callable[[int], None] | None = None) -> dict:
    """Ingest every file under `paths`; returns the summary (also kept on the batch)."""
    options = options or Options()
    paths = [Path(p) for p in paths]
    started = time.perf_counter()
    todo, missing = discover(paths)
    if on_start:
        on_start(len(todo))
    who = actors.current().name
    batch = Batch.objects.create(
        label=options.label or f"ingest {timezone.now():%Y-%m-%d %H:%M}", kind="ingest", created_by=who,
        provenance=f"rollcall ingest by {who} at {timezone.now().isoformat(timespec='seconds')} of "
                   + ", ".join(sorted({str(p) for p in paths}))[:2000])
    t = time.perf_counter()
    index = neardups.Index.from_database()
    run = Run(batch, options, Linker(), index)
    run.index.seconds += time.perf_counter() - t
    run.results += missing
    run.counts["failed"] += len(missing)
    interrupted = False
    try:
        store_all(run, todo, on_file)
    except KeyboardInterrupt:
        interrupted = True
        raise
    finally:
        summary = {"batch": batch.pk, "label": batch.label, **run.counts,
                   "interrupted": interrupted,
                   "seconds": round(time.perf_counter() - started, 3),
                   "neardup_seconds": round(run.index.seconds, 3),
                   "results": run.results}
        if run.counts["ingested"] or interrupted:
            batch.summary = {k: v for k, v in summary.items() if k != "results"}
            batch.save(update_fields=["summary"])
        else:  # nothing stored: the run leaves no trace but its audit-free summary
            batch.delete()
            summary["batch"] = None
    return summary


def store_all(run: Run, todo: list[Path], on_file: Callable[[Path, list[dict]], None] | None) -> None:
    """Prepare the files (in workers on a long run) and store them in order, a group at a time.

    Without --accept the run's Linker learns nothing, so the workers link the names too."""
    workers = run.options.workers if run.options.workers is not None else parallel.default_workers(len(todo))
    with capture.linking_here(run.linker if run.options.accept is None else None), _fewer_collections():
        prepared = parallel.ordered_map(prepare_pair, _tasks(run, todo), workers)
        size = 1
        try:
            more = True
            while more:
                stop = None
                with transaction.atomic():
                    group = Group(size)
                    try:
                        more = _store_group(run, group, prepared, on_file)
                    except KeyboardInterrupt as exc:  # keep what is finished: commit, then stop
                        stop, more = exc, False
                    group.flush()
                if stop is not None:
                    raise stop
                size = min(2 * size, GROUP_MAX)
        finally:
            prepared.close()  # stops the workers


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Python's garbage collector, during a run, leaves alone the objects made before it (the
    linker's and the near-duplicate index's: a full collection scanned them all, and in forked
    workers touching them copies their pages) and collects young objects less often (each
    stored document makes thousands); as it was afterwards."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], 20_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _store_group(run: Run, group: Group, prepared: Iterator, on_file) -> bool:
    """Store files until the group is full; False when there are no more."""
    for (path, _), outcome in prepared:
        before = len(run.results)
        store_file(run, group, path, outcome)
        run.counts["files"] += 1
        if on_file:
            on_file(path, run.results[before:])
        if group.full():
            return True
    return False


def _tasks(run: Run, todo: list[Path]) -> Iterator[tuple[Path, Task | Failed | Twin]]:
    """What each file needs: its bytes prepared, or nothing (unreadable, or bytes already in).

    Files are read a chunk at a time (READ_AHEAD files, READ_AHEAD_BYTES at most), and the
    database asked once per chunk which of their bytes are already stored."""
    taken: set[str] = set()
    for chunk in _read_ahead(run, todo):
        stored = stored_digests(t.digest for _, t in chunk if isinstance(t, Task) and not t.is_warc)
        for path, task in chunk:
            if isinstance(task, Task) and not task.is_warc:  # a WARC is checked record by record
                if task.digest in taken or task.digest in stored:
                    yield path, Twin(task.digest, len(task.data))
                    continue
                taken.add(task.digest)
            yield path, task


READ_AHEAD = 64  # files read before asking the database about them
READ_AHEAD_BYTES = 64_000_000


def _read_ahead(run: Run, todo: list[Path]) -> Iterator[list[tuple[Path, Task | Failed]]]:
    chunk: list[tuple[Path, Task | Failed]] = []
    held = 0
    for path in todo:
        task = _read(run, path)
        chunk.append((path, task))
        held += len(task.data) if isinstance(task, Task) else 0
        if len(chunk) >= READ_AHEAD or held >= READ_AHEAD_BYTES:
            yield chunk
            chunk, held = [], 0
    if chunk:
        yield chunk


def _read(run: Run, path: Path) -> Task | Failed:
    """The file's bytes, hashed; or why it cannot be read."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > run.options.max_bytes:
            return Failed(f"{name}: file too large ({size / 1e6:.1f} MB, limit {run.options.max_bytes / 1e6:.0f} MB)")
        data = path.read_bytes()
    except OSError as exc:
        return Failed(f"{name}: cannot open ({exc.strerror or exc})")
    return Task(path, data, files.sha256_bytes(data), Path(settings.FILES_DIR), run.options.max_bytes)


def store_file(run: Run, group: Group, path: Path, outcome) -> None:
    name = path.name
    if isinstance(outcome, Exception):  # the worker failed on it
        return _fail(run, path, "", f"{name}: could not be read ({type(outcome).__name__}: "
                                    f"{_first_line(outcome)})")
    if isinstance(outcome, Failed):
        return _fail(run, path, "", outcome.message)
    if isinstance(outcome, Twin):
        existing = source_with(outcome.digest, "")
        if existing is None:  # the other file with these bytes failed: try this one here
            return store_file(run, group, path, prepare(_read(run, path)))
        run.counts["documents"] += 1
        return _skip(run, path, "", existing)
    if outcome.error:
        return _fail(run, path, "", outcome.error)
    for p in outcome.docs:
        run.counts["documents"] += 1
        locator = (p.doc.url or "")[:500] if outcome.is_warc else ""
        existing = source_with(outcome.digest, locator)
        if existing:
            _skip(run, path, locator, existing)
            continue
        try:
            result = store_document(run, group, p, outcome, path, locator)
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # one document's failure must not stop the batch
            run.linker = Linker()  # it may have learned records that were rolled back
            _fail(run, path, locator, f"{name}{' ' + locator if locator else ''}: could not be stored "
                                      f"({type(exc).__name__}: {_first_line(exc)})")
            continue
        run.results.append(result)


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:160] if str(exc) else ""


def _skip(run: Run, path: Path, locator: str, existing: int) -> None:
    run.counts["skipped"] += 1
    run.results.append({"file": str(path), "locator": locator, "status": "skipped", "source": existing,
                        "message": "skipped: already ingested"})


def _fail(run: Run, path: Path, locator: str, message: str) -> None:
    run.counts["failed"] += 1
    run.results.append({"file": str(path), "locator": locator, "status": "failed", "message": message})


def store_document(run: Run, group: Group, p: Prepared, read: Read, path: Path, locator: str) -> dict:
    """One document in its own savepoint: its source, files, signature, mentions and proposals.

    Source and Attachments are inserted without signals (rows.insert_objects): their first
    revisions and audit entries are added to the group, written before it commits (at once with --accept,
    whose records are audited as they are made)."""
    doc = p.doc
    t = time.perf_counter()
    sig, facts = neardup.from_bytes(p.minhash), set(p.facts)
    match = run.index.find(sig, facts)
    original_id = match[0] if match else None
    run.index.seconds += time.perf_counter() - t
    level = sens.PUBLIC if run.options.public_sources else sens.RESTRICTED
    media_type = "application/warc" if read.is_warc else doc.media_type
    with transaction.atomic():
        wanted = [(read.digest, read.size, media_type, path.name)]
        if p.capture:
            wanted.append((p.capture[0], p.capture[1], "application/warc", path.name + ".warc.gz"))
        attachments, new = _attachments(wanted, level, run.batch)
        source = Source(
            kind=_kind(doc), title=(doc.title or "")[:500], outlet=(doc.outlet or "")[:200],
            author=(doc.author or "")[:300], url=(doc.url or "")[:1000], language=doc.language or "",
            published=proposals.valid_edtf(doc.published), published_text=p.published_text,
            captured_at=p.captured_at, captured_by=actors.current().name, original_id=attachments[0],
            capture_id=attachments[1] if p.capture else None, sha256=read.digest, locator=locator, text=doc.text,
            near_duplicate_of_id=original_id, sensitivity=level, batch=run.batch)
        derive_bounds(source, "published")
        source.check_choices()
        rows.insert_objects([source])
        run.index.store(source, sig, facts)
        if p.proposed is not None and run.options.accept is None:  # linked in the worker
            mentions, queued = (with_source(rows_, source.pk) for rows_ in p.proposed)
        else:
            mentions, queued = propose(source, p.extracted, run.linker, p.spans)
        rows.insert(Mention, mentions, sensitivity=sens.RESTRICTED, batch_id=run.batch.pk)
        made = rows.insert(Proposal, queued, sensitivity=sens.RESTRICTED, batch_id=run.batch.pk)
        revisions, entries = [], []
        for record in [*new, source]:
            revision, entry = history.first_version(record)
            revisions.append(revision)
            entries.append(entry)
        entries.append(("ingest", "sources.source", source.pk, {
            "batch": run.batch.pk, "mentions": len(mentions), "proposals": made,
            "near_duplicate_of": original_id}))
        accepted = 0
        if run.options.accept is not None:
            group.revisions += revisions
            group.entries += entries
            group.flush()  # this document's history before the records accepting makes
            revisions, entries = [], []
            accepted = proposals.accept_above(Proposal.objects.filter(source=source), run.options.accept, run.linker)
    group.revisions += revisions
    group.entries += entries
    group.documents += 1
    run.index.remember(source.pk, original_id, sig, facts)
    linked = sum(1 for m in mentions if m["person_id"] or m["organization_id"] or m["place_id"])
    for key, n in (("ingested", 1), ("near_duplicates", int(original_id is not None)), ("mentions", len(mentions)),
                   ("linked", linked), ("proposals", made), ("accepted", accepted)):
        run.counts[key] += n
    return {"file": str(path), "locator": locator, "status": "ingested", "source": source.pk,
            "title": source.title, "language": source.language, "near_duplicate_of": original_id,
            "mentions": len(mentions), "linked": linked, "proposals": made, "accepted": accepted,
            "message": "ingested" + (f", near-duplicate of source {original_id}" if original_id else "")}


def _attachments(wanted: list[tuple[str, int, str, str]], level: int,
                 batch: Batch) -> tuple[list[int], list[Attachment]]:
    """The Attachment id for each (sha256, size, media type, file name), found or made; and the made."""
    found = attachment_ids(w[0] for w in wanted)
    new = []
    for digest, size, media_type, filename in wanted:
        if digest not in found:
            a = Attachment(sha256=digest, size=size, media_type=media_type, filename=filename[:300],
                           sensitivity=level, batch=batch)
            a.check_choices()
            found[digest] = a
            new.append(a)
    rows.insert_objects(new)
    return [a if isinstance(a, int) else a.pk for a in (found[w[0]] for w in wanted)], new


def _kind(doc) -> str:
    """news_article unless the page is evidently an official statement."""
    where = f"{doc.url or ''} {doc.outlet or ''}".lower()
    if any(k in where for k in (".gov", "mfa.", "ministry", "akorda", "consulate", "embassy")):
        return "official_statement"
    return "news_article"


def relink(sources: Iterable[Source]) -> int:
    """Link open proposals of new persons, organisations and places to records that exist now.

    For sources ingested before their records were entered (the demo loads its curated layer
    after ingesting the pages): each proposal whose name now matches a record is accepted as a
    link to it, and its mentions point there. Returns the number linked.
    """
    linker = Linker()
    n = 0
    for proposal in Proposal.objects.filter(source__in=list(sources), state="proposed",
                                            kind__in=("person", "organization", "place")):
        name = proposal.payload.get("name", "")
        link = getattr(linker, proposal.kind)(name)
        if link.id is None:
            continue
        forms = proposal.payload.get("forms") or [name]
        with transaction.atomic():
            Mention.all_objects.filter(source=proposal.source, kind=proposal.kind, text__in=forms,
                                       **{f"{proposal.kind}__isnull": True}).update(
                **{f"{proposal.kind}_id": link.id}, confidence=link.score)
            proposals.link_to(proposal, link.id)
        n += 1
    return n
