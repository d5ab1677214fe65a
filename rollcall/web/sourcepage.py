"""A source: its text with mentions highlighted and linked, its claims, near-duplicates, provenance."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from rollcall.access import policy
from rollcall.registry.models import Organization, Place
from rollcall.sources.models import Claim, Mention, Source
from rollcall.web.access import viewer_of
from rollcall.web.views import label, persons_for, visible_ids


def segments(text: str, mentions: list[dict]) -> list[dict]:
    """The text cut into plain and mentioned pieces (overlapping mentions: the first wins)."""
    out, at = [], 0
    for m in sorted(mentions, key=lambda m: (m["start"], -m["end"])):
        start, end = max(m["start"], at), min(m["end"], len(text))
        if start >= end or m["start"] < at:
            continue
        if start > at:
            out.append({"text": text[at:start]})
        out.append({"text": text[start:end], "kind": m["kind"], "url": m["url"], "title": m["title"]})
        at = end
    if at < len(text):
        out.append({"text": text[at:]})
    return out


def source(request: HttpRequest, source_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    found = policy.visible(Source.objects.select_related("original"), viewer).filter(pk=source_id).first()
    if found is None:
        raise Http404("no such source")
    policy.note_view(found, viewer)
    fields = policy.redact(found, viewer)
    mentions = list(policy.visible(Mention.objects.filter(source=found), viewer).order_by("start"))
    persons = {p.pk: p for p in persons_for(viewer).filter(pk__in={m.person_id for m in mentions if m.person_id})}
    orgs = visible_ids(Organization, [m.organization_id for m in mentions], viewer)
    places = visible_ids(Place, [m.place_id for m in mentions], viewer)
    marks = []
    for m in mentions:
        url = title = ""
        if m.person_id in persons:
            url, title = f"/persons/{m.person_id}/", policy.display_name(persons[m.person_id], viewer)
        elif m.organization_id in orgs:
            url = f"/search/?organization={m.organization_id}"
        elif m.place_id in places:
            url = f"/search/?region={m.place_id}"
        marks.append({"start": m.start, "end": m.end, "kind": m.kind, "url": url, "title": title})
    text = fields.get("text", "")
    claims = [{"id": c.pk, "subject": c.subject, "subject_label": label("claim_subjects", c.subject),
               "quantity_text": c.quantity_text, "value": c.value, "what": c.what, "as_of": c.as_of,
               "said_by": c.said_by_text, "sentence": c.sentence}
              for c in policy.visible(Claim.objects.filter(source=found), viewer)]
    near = list(policy.visible(Source.objects.filter(near_duplicate_of=found), viewer).values_list("pk", "title"))
    original_of = None
    if found.near_duplicate_of_id and policy.can_see(found.near_duplicate_of, viewer):
        original_of = (found.near_duplicate_of_id, found.near_duplicate_of.title)
    witness = None
    if fields.get("witness_id"):
        w = persons_for(viewer).filter(pk=fields["witness_id"]).first()
        witness = (w.pk, policy.display_name(w, viewer)) if w else None
    attachment = found.original if found.original_id and policy.can_see(found.original, viewer) else None
    return render(request, "web/source.html", {
        "source": found, "fields": fields, "kind": label("source_kinds", found.kind),
        "segments": segments(text, marks), "claims": claims, "near": near, "near_of": original_of,
        "witness": witness, "attachment": attachment, "mention_count": len(marks),
        "persons_named": len(persons),
    })
