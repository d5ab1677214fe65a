"""Ingesting pages: capture with provenance, near-duplicates, extraction, linking, proposals.

    >>> summary = ingest([Path("corpus/")], label="RFE/RL pages, November")

Each document is stored in its own transaction, so an interrupted run keeps every finished
document and nothing half-stored; the same bytes ingested again are skipped. The run is one
Batch(kind="ingest"). The reading and extraction are the pure `rollcall.ingest` package; this
module stores what they return.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from rollcall.access import actor as actors
from rollcall.access import audit
from rollcall.access import sensitivity as sens
from rollcall.ingest import dates as ingest_dates
from rollcall.ingest import read as reading
from rollcall.ingest.document import Document, ReadError
from rollcall.registry.models import Batch
from rollcall.sources import files, neardups, proposals
from rollcall.sources.linking import Linker, spans
from rollcall.sources.models import Attachment, Mention, Proposal, Source

SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".warc", ".warc.gz")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")
PERSON_ROLES = {"detainee": 0.75, "relative": 0.75, "witness": 0.75, "activist": 0.7, "official": 0.65,
                "expert": 0.6, "journalist": 0.45, "other": 0.5}


@dataclass
class Options:
    label: str | None = None
    accept: float | None = None  # accept proposals with at least this confidence
    public_sources: bool = False  # an explicit choice; records made from them stay restricted
    max_bytes: int = reading.MAX_BYTES


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
        for path in todo:
            before = len(run.results)
            ingest_file(run, path)
            run.counts["files"] += 1
            if on_file:
                on_file(path, run.results[before:])
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


def ingest_file(run: Run, path: Path) -> None:
    name = path.name
    try:
        size = path.stat().st_size
        if size > run.options.max_bytes:
            raise ReadError(f"{name}: file too large ({size / 1e6:.1f} MB, limit {run.options.max_bytes / 1e6:.0f} MB)")
        data = path.read_bytes()
        docs = reading.read_bytes(data, name, max_bytes=run.options.max_bytes)
    except ReadError as exc:
        return _fail(run, path, "", str(exc))
    except OSError as exc:
        return _fail(run, path, "", f"{name}: cannot open ({exc.strerror or exc})")
    digest = files.sha256_bytes(data)
    is_warc = name.lower().endswith(WARC_SUFFIXES)
    for doc in docs:
        run.counts["documents"] += 1
        locator = (doc.url or "")[:500] if is_warc else ""
        existing = Source.all_objects.filter(sha256=digest, locator=locator).values_list("pk", flat=True).first()
        if existing:
            run.counts["skipped"] += 1
            run.results.append({"file": str(path), "locator": locator, "status": "skipped", "source": existing,
                                "message": "skipped: already ingested"})
            continue
        try:
            result = ingest_document(run, doc, data, digest, path, locator, is_warc)
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # one document's failure must not stop the batch
            run.linker = Linker()  # it may have learned records that were rolled back
            _fail(run, path, locator, f"{name}{' ' + locator if locator else ''}: could not be stored "
                                      f"({type(exc).__name__}: {str(exc).splitlines()[0][:160] if str(exc) else ''})")
            continue
        run.results.append(result)


def _fail(run: Run, path: Path, locator: str, message: str) -> None:
    run.counts["failed"] += 1
    run.results.append({"file": str(path), "locator": locator, "status": "failed", "message": message})


def ingest_document(run: Run, doc: Document, data: bytes, digest: str, path: Path, locator: str,
                    is_warc: bool) -> dict:
    from rollcall.ingest.extract import extract_document

    extracted = extract_document(doc)
    t = time.perf_counter()
    sig, facts = neardups.signature_of(doc.text, extracted)
    match = run.index.find(sig, facts)
    original_id = match[0] if match else None
    run.index.seconds += time.perf_counter() - t
    files.store(data)  # content-addressed: storing before the transaction can only leave a harmless file
    captured_at = timezone.now()
    warc = None if is_warc else _capture_warc(doc, data, path, captured_at)
    if warc is not None:
        files.store(warc)
    level = sens.PUBLIC if run.options.public_sources else sens.RESTRICTED
    with transaction.atomic():
        original = _attachment(data, digest, path.name, _media_type(doc, is_warc), level, run.batch)
        capture = _attachment(warc, None, path.name + ".warc.gz", "application/warc", level, run.batch) if warc else None
        source = Source.objects.create(
            kind=_kind(doc), title=(doc.title or "")[:500], outlet=(doc.outlet or "")[:200],
            author=(doc.author or "")[:300], url=(doc.url or "")[:1000], language=doc.language or "",
            published=proposals.valid_edtf(doc.published), published_text=_published_text(doc),
            captured_at=captured_at, captured_by=actors.current().name, original=original, capture=capture,
            sha256=digest, locator=locator, text=doc.text, near_duplicate_of_id=original_id,
            sensitivity=level, batch=run.batch)
        run.index.store(source, sig, facts)
        mentions, queued = propose(source, extracted, run.linker, run.batch)
        Mention.objects.bulk_create(mentions)
        made = Proposal.objects.bulk_create(queued)
        audit.record("ingest", "sources.source", source.pk, {
            "batch": run.batch.pk, "mentions": len(mentions), "proposals": len(made),
            "near_duplicate_of": original_id})
        accepted = 0
        if run.options.accept is not None:
            accepted = proposals.accept_above(Proposal.objects.filter(source=source), run.options.accept, run.linker)
    run.index.remember(source.pk, original_id, sig, facts)
    linked = sum(1 for m in mentions if m.person_id or m.organization_id or m.place_id)
    for key, n in (("ingested", 1), ("near_duplicates", int(original_id is not None)), ("mentions", len(mentions)),
                   ("linked", linked), ("proposals", len(made)), ("accepted", accepted)):
        run.counts[key] += n
    return {"file": str(path), "locator": locator, "status": "ingested", "source": source.pk,
            "title": source.title, "language": source.language, "near_duplicate_of": original_id,
            "mentions": len(mentions), "linked": linked, "proposals": len(made), "accepted": accepted,
            "message": "ingested" + (f", near-duplicate of source {original_id}" if original_id else "")}


def _attachment(data: bytes, digest: str | None, filename: str, media_type: str, level: int,
                batch: Batch) -> Attachment:
    digest = digest or files.sha256_bytes(data)
    found = Attachment.all_objects.filter(sha256=digest).first()
    if found is not None:
        return found
    return Attachment.objects.create(sha256=digest, size=len(data), media_type=media_type,
                                     filename=filename[:300], sensitivity=level, batch=batch)


def _media_type(doc: Document, is_warc: bool) -> str:
    return "application/warc" if is_warc else doc.media_type


def _capture_warc(doc: Document, data: bytes, path: Path, captured_at) -> bytes:
    """A WARC record of the bytes as captured, with SHA-256 digests (Berkeley Protocol)."""
    from rollcall.ingest.warc import write_resource

    ctype = "text/html" if doc.media_type == "text/html" else "text/plain"
    out = io.BytesIO()
    write_resource(out, doc.url or f"file:///{path.name}", data, ctype,
                   warc_date=captured_at.isoformat(timespec="seconds").replace("+00:00", "Z"))
    return out.getvalue()


def _kind(doc: Document) -> str:
    """news_article unless the page is evidently an official statement."""
    where = f"{doc.url or ''} {doc.outlet or ''}".lower()
    if any(k in where for k in (".gov", "mfa.", "ministry", "akorda", "consulate", "embassy")):
        return "official_statement"
    return "news_article"


def _published_text(doc: Document) -> str:
    """The publication date in the page's own words, when they can be found near the top."""
    if not doc.published:
        return ""
    for phrase in ingest_dates.find_dates(doc.text[:600]):
        if phrase.edtf == doc.published:
            return phrase.text[:200]
    return doc.published


def _sentence_at(text: str, start: int) -> str:
    lo = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start) + 1, 0)
    hi_candidates = [i for i in (text.find("\n", start), text.find(". ", start)) if i >= 0]
    hi = min(hi_candidates) + 1 if hi_candidates else len(text)
    return text[lo:hi].strip()[:1000]


def propose(source: Source, extracted: dict, linker: Linker, batch: Batch) -> tuple[list[Mention], list[Proposal]]:
    """Mentions (linked where the registry knows the name) and the proposals for the rest."""
    text = source.text
    mentions: list[Mention] = []
    queued: list[Proposal] = []
    common = {"sensitivity": sens.RESTRICTED, "batch": batch}

    def proposal(kind: str, payload: dict, confidence: float) -> None:
        queued.append(Proposal(kind=kind, payload=payload, confidence=round(confidence, 2), source=source, **common))

    person_ids: dict[str, int] = {}
    for p in extracted.get("persons", []):
        name, role = p["name"], p.get("role") or "other"
        link = linker.person(name)
        found = spans(text, name)
        for start, end in found:
            mentions.append(Mention(source=source, start=start, end=end, text=text[start:end][:500], kind="person",
                                    role=role[:30], person_id=link.id, confidence=link.score, **common))
        if link.id:
            person_ids[name] = link.id
            continue
        confidence = PERSON_ROLES.get(role, 0.5) if len(name.split()) > 1 else 0.3
        proposal("person", {"name": name, "role": role, "language": source.language,
                            "forms": sorted({text[s:e] for s, e in found}),
                            "sentence": _sentence_at(text, found[0][0]) if found else "",
                            "candidates": [list(c) for c in link.candidates]}, confidence)
    for kind, names, find in (("organization", extracted.get("organizations", []), linker.organization),
                              ("place", extracted.get("places", []), linker.place)):
        for name in names:
            link = find(name)
            for start, end in spans(text, name):
                mentions.append(Mention(source=source, start=start, end=end, text=text[start:end][:500], kind=kind,
                                        confidence=link.score, **{f"{kind}_id": link.id}, **common))
            if not link.id:
                proposal(kind, {"name": name}, 0.5 if kind == "organization" else 0.4)
    for event in extracted.get("events", []):
        for payload, confidence in proposals.event_payloads(event, linker, person_ids):
            proposal("act", payload, confidence)
    for claim in extracted.get("claims", []):
        if claim.get("value") is None and claim.get("low") is None:
            continue  # a figure without a number ("dozens" unparsed) cannot become a Claim
        proposal("claim", proposals.claim_payload(claim, source.published, linker), proposals.claim_confidence(claim))
    return mentions, queued


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
