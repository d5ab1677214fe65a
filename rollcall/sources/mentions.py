"""What a stored document's extraction becomes: mentions of names, and proposals for review.

`propose` turns one extraction result into rows: a Mention for every place a person,
organisation or place is named (linked to the registry where the Linker knows the name), and
a Proposal for each new person, organisation or place, each act and each claim.
"""

from __future__ import annotations

from rollcall.sources import proposals
from rollcall.sources.linking import Linker, spans
from rollcall.sources.models import Source

PERSON_ROLES = {"detainee": 0.75, "relative": 0.75, "witness": 0.75, "activist": 0.7, "official": 0.65,
                "expert": 0.6, "journalist": 0.45, "other": 0.5}


def _sentence_at(text: str, start: int) -> str:
    lo = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start) + 1, 0)
    hi_candidates = [i for i in (text.find("\n", start), text.find(". ", start)) if i >= 0]
    hi = min(hi_candidates) + 1 if hi_candidates else len(text)
    return text[lo:hi].strip()[:1000]


def propose(source: Source, extracted: dict, linker: Linker,
            found_spans: dict[str, dict[str, list[tuple[int, int]]]] | None = None,
            ) -> tuple[list[dict], list[dict]]:
    """Mentions (linked where the registry knows the name) and the proposals for the rest, as
    rows for `rows.insert` (attribute name -> value; sensitivity and batch left to the caller).

    `found_spans` (kind -> name -> spans), when given, says where each name stands in the text
    (found by the worker that extracted it); else they are looked up here."""
    mentions, queued = propose_rows(source.text, source.language, source.published, extracted, linker, found_spans)
    return with_source(mentions, source.pk), with_source(queued, source.pk)


def with_source(rows: list[dict], source_id: int) -> list[dict]:
    """The rows of `propose_rows`, each given its source."""
    for row in rows:
        row["source_id"] = source_id
    return rows


def propose_rows(text: str, language: str, published: str, extracted: dict, linker: Linker,
                 found_spans: dict[str, dict[str, list[tuple[int, int]]]] | None = None,
                 ) -> tuple[list[dict], list[dict]]:
    """`propose` for a source not stored yet (in a worker): the same rows without `source_id`."""
    found_spans = found_spans or {}
    mentions: list[dict] = []
    queued: list[dict] = []

    def where(kind: str, name: str) -> list[tuple[int, int]]:
        known = found_spans.get(kind, {}).get(name)
        return spans(text, name) if known is None else known

    def mention(kind: str, start: int, end: int, link, role: str = "") -> None:
        mentions.append({"start": start, "end": end, "text": text[start:end][:500],
                         "kind": kind, "role": role, "confidence": link.score, "person_id": None,
                         "organization_id": None, "place_id": None, f"{kind}_id": link.id})

    def proposal(kind: str, payload: dict, confidence: float) -> None:
        queued.append({"kind": kind, "payload": payload, "confidence": round(confidence, 2)})

    person_ids: dict[str, int] = {}
    for p in extracted.get("persons", []):
        name, role = p["name"], p.get("role") or "other"
        link = linker.person(name)
        found = where("person", name)
        for start, end in found:
            mention("person", start, end, link, role[:30])
        if link.id:
            person_ids[name] = link.id
            continue
        confidence = PERSON_ROLES.get(role, 0.5) if len(name.split()) > 1 else 0.3
        proposal("person", {"name": name, "role": role, "language": language,
                            "forms": sorted({text[s:e] for s, e in found}),
                            "sentence": _sentence_at(text, found[0][0]) if found else "",
                            "candidates": [list(c) for c in link.candidates]}, confidence)
    for kind, names, find in (("organization", extracted.get("organizations", []), linker.organization),
                              ("place", extracted.get("places", []), linker.place)):
        for name in names:
            link = find(name)
            for start, end in where(kind, name):
                mention(kind, start, end, link)
            if not link.id:
                proposal(kind, {"name": name}, 0.5 if kind == "organization" else 0.4)
    for event in extracted.get("events", []):
        for payload, confidence in proposals.event_payloads(event, linker, person_ids):
            proposal("act", payload, confidence)
    for claim in extracted.get("claims", []):
        if claim.get("value") is None and claim.get("low") is None:
            continue  # a figure without a number ("dozens" unparsed) cannot become a Claim
        proposal("claim", proposals.claim_payload(claim, published, linker), proposals.claim_confidence(claim))
    return mentions, queued
