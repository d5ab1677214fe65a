"""The review queue: what extraction found, proposed as records, accepted or rejected by a person.

    >>> accept(proposal)            # creates the Person, Act or Claim, restricted, with its evidence
    >>> reject(proposal)
    >>> accept_above(Proposal.objects.filter(source__batch=batch), 0.8)

Every write goes through the ORM, so history and audit entries are written by the signals.
Records created from the news start restricted: public is always a person's explicit choice.
"""

from __future__ import annotations

import re

from django.db import DatabaseError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from rollcall import dates, vocabularies
from rollcall.access import actor as actors
from rollcall.access import sensitivity as sens
from rollcall.registry.models import Act, Organization, Person, PersonName, Place
from rollcall.sources.linking import locate
from rollcall.sources.models import Claim, EvidenceLink, Mention, Proposal, Source

ORDER = {"person": 0, "organization": 1, "place": 2, "act": 3, "claim": 4}
QUALIFIERS = {q for q, _ in Claim.QUALIFIERS}


class ProposalError(ValueError):
    """A proposal that cannot be accepted as it stands (already decided, a person missing)."""


def act_type(event_type: str) -> str | None:
    """The act type for an extracted event type, from the `event` column of act_types.yaml."""
    types = vocabularies.get("act_types")
    if event_type in types:
        return event_type
    matches = [t.code for t in types if t.get("event") == event_type]
    return matches[0] if len(matches) == 1 else None


def valid_edtf(value: str | None) -> str:
    """The value when it is an EDTF date our models accept (not e.g. `XXXX-09-10`), else ''."""
    if not value:
        return ""
    try:
        dates.validate(value)
    except dates.EDTFError:
        return ""
    return value


# --- deciding -----------------------------------------------------------------------------


def accept(proposal: Proposal, linker=None) -> int:
    """Create the proposed record; returns its id. ProposalError when it cannot be accepted."""
    if proposal.state == "accepted":
        return proposal.record_id
    if proposal.state != "proposed":
        raise ProposalError(f"proposal {proposal.pk} was already {proposal.state}")
    make = {"person": _person, "organization": _organization, "place": _place, "act": _act, "claim": _claim}
    with transaction.atomic():
        record_id = make[proposal.kind](proposal, linker)
        _decide(proposal, "accepted", record_id)
    if linker is not None and proposal.kind in ("person", "organization", "place"):
        linker.learn(proposal.kind, record_id, proposal.payload["name"])
    return record_id


def link_to(proposal: Proposal, record_id: int) -> None:
    """Accept a proposed person, organisation or place as the record that already exists."""
    if proposal.state != "proposed":
        raise ProposalError(f"proposal {proposal.pk} was already {proposal.state}")
    proposal.payload = {**proposal.payload, "linked_to_existing": record_id}
    _decide(proposal, "accepted", record_id)


def reject(proposal: Proposal) -> None:
    if proposal.state != "proposed":
        raise ProposalError(f"proposal {proposal.pk} was already {proposal.state}")
    _decide(proposal, "rejected", None)


def accept_above(proposals: QuerySet[Proposal] | list[Proposal], threshold: float, linker=None) -> int:
    """Accept every open proposal with confidence >= threshold (persons first); the number accepted."""
    todo = [p for p in proposals if p.state == "proposed" and p.confidence >= threshold]
    todo.sort(key=lambda p: (ORDER[p.kind], p.pk))
    n = 0
    for p in todo:
        p.refresh_from_db(fields=["state", "record_id"])  # an act may have accepted its person already
        if p.state != "proposed":
            continue
        try:
            accept(p, linker)
        except (ProposalError, ValueError, DatabaseError):
            continue  # left in the queue for a person; accept() ran in its own savepoint
        n += 1
    return n


def _decide(proposal: Proposal, state: str, record_id: int | None) -> None:
    proposal.state = state
    proposal.record_id = record_id
    proposal.decided_by = actors.current().name
    proposal.decided_at = timezone.now()
    proposal.save()


def _common(proposal: Proposal) -> dict:
    return {"sensitivity": sens.RESTRICTED, "batch": proposal.batch}


def _person(proposal: Proposal, linker) -> int:
    p = proposal.payload
    person = Person.objects.create(occupation="", description=f"{p.get('role', 'other')} named in "
                                   f"“{proposal.source}”", **_common(proposal))
    PersonName.objects.create(person=person, text=p["name"], kind="legal", language=p.get("language") or "",
                              seen_in=proposal.source, **_common(proposal))
    EvidenceLink.objects.create(source=proposal.source, person=person, quote=p.get("sentence", ""),
                                **_common(proposal))
    Mention.all_objects.filter(source=proposal.source, kind="person", person__isnull=True,
                               text__in=p.get("forms") or [p["name"]]).update(person=person)
    return person.pk


def _organization(proposal: Proposal, linker) -> int:
    org = Organization.objects.create(name=proposal.payload["name"], **_common(proposal))
    Mention.all_objects.filter(source=proposal.source, kind="organization", organization__isnull=True,
                               text=proposal.payload["name"]).update(organization=org)
    return org.pk


def _place(proposal: Proposal, linker) -> int:
    place = Place.objects.create(name=proposal.payload["name"], kind="site", **_common(proposal))
    Mention.all_objects.filter(source=proposal.source, kind="place", place__isnull=True,
                               text=proposal.payload["name"]).update(place=place)
    return place.pk


def _person_for(proposal: Proposal, name: str, linker) -> int:
    """The person an act is about: linked already, accepted from this source, or accepted now."""
    pending = Proposal.objects.filter(source=proposal.source, kind="person", payload__name=name).first()
    if pending is not None:
        if pending.state == "accepted":
            return pending.record_id
        if pending.state == "proposed":
            return accept(pending, linker)
    raise ProposalError(f"no person {name!r} to attach the act to")


def _act(proposal: Proposal, linker) -> int:
    p = proposal.payload
    person_id = p.get("person_id") or _person_for(proposal, p["person_name"], linker)
    term = (p.get("term") or "")[:100]
    days = re.match(r"(\d+)\s+days?\b", term)
    act = Act.objects.create(
        person_id=person_id, type=p["type"], date=valid_edtf(p.get("date")), date_text=(p.get("date_text") or "")[:200],
        place_id=p.get("place_id"), term=term, term_days=int(days.group(1)) if days else None,
        description=p.get("detail") or "", **_common(proposal))
    EvidenceLink.objects.create(source=proposal.source, act=act, quote=locate(proposal.source.text, p["sentence"]),
                                **_common(proposal))
    return act.pk


def _claim(proposal: Proposal, linker) -> int:
    p = proposal.payload
    source = proposal.source
    claim = Claim(
        source=source, subject=p["subject"], value=p["value"], qualifier=p["qualifier"], high=p.get("high"),
        unit=p.get("unit") or "people", quantity_text=p["quantity_text"][:200], what=(p.get("what") or "")[:300],
        as_of=valid_edtf(p.get("as_of")), as_of_text=(p.get("as_of_text") or "")[:200],
        said_by_person_id=p.get("said_by_person_id"), said_by_organization_id=p.get("said_by_organization_id"),
        said_by_text=(p.get("attributed_to") or "")[:300], sentence=locate(source.text, p["sentence"]),
        **_common(proposal))
    claim.repeats = repeated_claim(source, claim)
    claim.save()
    return claim.pk


def repeated_claim(source: Source, claim: Claim) -> Claim | None:
    """The same figure already recorded from another copy of the story (the original first)."""
    group = {source.near_duplicate_of_id} if source.near_duplicate_of_id else set()
    root = source.near_duplicate_of_id or source.pk
    group |= set(Source.all_objects.filter(near_duplicate_of_id=root).values_list("pk", flat=True))
    group.discard(source.pk)
    if not group:
        return None
    same = Claim.objects.filter(source_id__in=group, value=claim.value, subject=claim.subject, repeats__isnull=True)
    return same.order_by("source_id", "pk").first()


# --- proposing ------------------------------------------------------------------------------


def claim_payload(claim: dict, published: str | None, linker) -> dict:
    subject = claim.get("subject") or claim.get("what") or "other"
    if subject not in vocabularies.get("claim_subjects"):
        subject = "other"
    qualifier = claim.get("qualifier") or ("range" if claim.get("low") is not None else "exact")
    if qualifier not in QUALIFIERS:
        qualifier = "about"
    value = claim.get("low") if claim.get("low") is not None else claim.get("value")
    who = claim.get("attributed_to")
    payload = {
        "value": value, "high": claim.get("high"), "qualifier": qualifier, "unit": claim.get("unit") or "people",
        "quantity_text": claim.get("quantity") or str(value), "subject": subject, "what": claim.get("what") or "",
        "attributed_to": who, "attribution": claim.get("attribution"), "sentence": claim.get("text", ""),
        "as_of": valid_edtf(published), "as_of_text": "",
        "said_by_person_id": None, "said_by_organization_id": None,
    }
    if who and linker is not None:
        person = linker.person(who)
        org = linker.organization(who) if person.id is None else None
        payload["said_by_person_id"] = person.id
        payload["said_by_organization_id"] = org.id if org else None
    return payload


def claim_confidence(claim: dict) -> float:
    return {"explicit": 0.9, "paragraph": 0.75}.get(claim.get("attribution"), 0.5)


def event_payloads(event: dict, linker, person_ids: dict[str, int]) -> list[tuple[dict, float]]:
    """One act proposal per person the event names, with a confidence."""
    kind = act_type(event.get("type") or "")
    if kind is None or not event.get("who"):
        return []
    place_id = linker.place(event["where"]).id if event.get("where") else None
    date = valid_edtf(event.get("when"))
    out = []
    for name in event["who"]:
        payload = {
            "type": kind, "event_type": event["type"], "person_name": name, "person_id": person_ids.get(name),
            "date": date, "date_text": event.get("when_text") or "", "where": event.get("where"),
            "place_id": place_id, "detail": event.get("detail") or "", "term": _term(event, kind),
            "sentence": event.get("text", ""),
        }
        confidence = 0.5 + (0.2 if date else 0) + (0.1 if event.get("where") else 0)
        if kind != event["type"]:
            confidence = min(confidence, 0.3)  # e.g. "travel" read as a travel ban: a person must look
        if len(event["who"]) > 1:
            confidence -= 0.1  # whose act it is, is less certain
        out.append((payload, round(confidence, 2)))
    return out


_DURATION = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:days?|weeks?|months?|years?)\b", re.I)


def _term(event: dict, kind: str) -> str:
    """A sentence's term as stated ("15 days"), for acts that have one."""
    m = _DURATION.search(event.get("detail") or "")
    return m.group(0) if m and kind in ("sentence", "protest_arrest", "arrest", "detention") else ""
