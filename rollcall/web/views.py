"""Pages. Views fetch through the access layer and render; they never filter by sensitivity."""

from __future__ import annotations

from django.db import connection
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from rollcall import vocabularies
from rollcall.access import audit, policy
from rollcall.access.models import Revision
from rollcall.access.statements import Statement
from rollcall.interventions.models import Intervention
from rollcall.registry.models import (
    Act,
    Person,
    PersonName,
    Relationship,
)
from rollcall.sources import files, photos
from rollcall.sources.models import Attachment, EvidenceLink
from rollcall.web import datewords
from rollcall.web.access import viewer_of


def lang() -> str:
    return (get_language() or "en")[:2]


def label(vocabulary: str, code: str) -> str:
    vocab = vocabularies.get(vocabulary)
    return vocab[code].label(lang()) if code in vocab else code


# What an entry of the edit history did, and to which record (Revision.action, Revision.target).
HISTORY_ACTIONS = {"create": _("Created"), "update": _("Changed"), "delete": _("Deleted"), "restore": _("Restored"),
                   "merge": _("Merged"), "unmerge": _("Merge undone")}
HISTORY_TARGETS = {"person": _("person"), "act": _("event"), "intervention": _("petition")}
# The fields of persons and acts as the history names them (derived bounds share their date's label).
HISTORY_FIELDS = {
    "sensitivity": _("Who may see it"), "sex": _("Sex"), "birth_date": _("Born"), "birth_date_text": _("Born"),
    "birth_date_earliest": _("Born"), "birth_date_latest": _("Born"), "birthplace_id": _("Birthplace"),
    "ethnicity": _("Ethnicity"), "citizenship": _("Citizenship"), "naturalised_on": _("Naturalised on"),
    "home_place_id": _("Home"), "occupation": _("Occupation"), "phone": _("Phone"), "address": _("Address"),
    "identity_protected": _("Identity protected"), "description": _("Details"), "notes": _("Notes"),
    "status": _("Status"), "merged_into_id": _("Merged into"), "names": _("Names"), "person_id": _("Person"),
    "type": _("What happened"), "date": _("Date"), "date_text": _("Date"), "date_earliest": _("Date"),
    "date_latest": _("Date"), "place_id": _("Where"), "facility_id": _("Facility"), "perpetrator_id": _("By"),
    "perpetrator_text": _("By"), "whereabouts": _("Whereabouts"), "term": _("Term"), "term_days": _("Term"),
    "incident_id": _("Incident"),
    # petitions
    "kind": _("Kind"), "authority_id": _("To"), "authority_text": _("To"), "applicant_id": _("Applicant"),
    "sent_by_organization_id": _("Sent by"), "sent_on": _("Sent"), "sent_on_edtf": _("Sent"),
    "sent_on_text": _("Sent"), "reference": _("Reference"), "answer": _("Answer"), "answered_on": _("Answered on"),
    "answered_on_edtf": _("Answered on"), "answered_on_text": _("Answered on"), "outcome": _("Outcome"),
    "follow_up_on": _("Follow up on"), "family_consent": _("Family consent"),
}


def field_labels(names) -> list[str]:
    """The changed fields of a history entry in the reader's language, each label once."""
    return list(dict.fromkeys(str(HISTORY_FIELDS.get(n, n)) for n in sorted(names)))


def persons_for(viewer: policy.Viewer, queryset=None):
    """Visible persons with the names the viewer may see prefetched (for display_name)."""
    names = policy.visible(PersonName.objects.all(), viewer)
    base = queryset if queryset is not None else policy.visible(Person.objects.all(), viewer)
    return base.prefetch_related(Prefetch("names", queryset=names))


def visible_ids(model, ids, viewer: policy.Viewer) -> set[int]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return set()
    return set(policy.visible(model.objects.filter(pk__in=ids), viewer).values_list("pk", flat=True))


def person_link() -> str:
    """The person page's address with {} for the id: one reverse() for a list of rows."""
    return reverse("person", args=[0]).replace("/0/", "/{}/")


def home(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    first = _FIRST_PERSONS(viewer)
    names = policy.display_names(first, viewer)
    url = person_link()
    persons = [{"id": p.pk, "url": url.format(p.pk), "name": names[p.pk],
                "status": label("statuses", policy.status_of(p, viewer))} for p in first]
    return render(request, "web/home.html", {"persons": persons})


# The home page's list: the first 200 persons the viewer may see, with what their row shows.
_FIRST_PERSONS = Statement(lambda viewer: policy.visible(Person.objects.all(), viewer)
                           .only(*policy.PERSON_ACCESS_FIELDS).order_by("pk")[:200])


# The queries of the person page, compiled once per clearance (rollcall.access.statements).
_PERSON = Statement(lambda viewer, pk: policy.visible(Person.objects.filter(pk=pk), viewer)
                    .select_related("home_place__parent__parent"))
_NAMES = Statement(lambda viewer, pk: policy.visible(PersonName.objects.filter(person=pk), viewer))
_ACTS = Statement(lambda viewer, pk: policy.visible(Act.objects.filter(person=pk), viewer)
                  .select_related("place", "facility", "perpetrator").order_by("date_earliest", "pk"))
_PHOTOS = Statement(lambda viewer, pk: policy.visible(Person(pk=pk).photos.all(), viewer))
# The person's own links and those of the acts shown: each side an index lookup (an OR through
# the act's person column made SQLite read every link).
_EVIDENCE = Statement(lambda viewer, pk, acts: policy.visible(EvidenceLink.objects.filter(Q(person=pk) | Q(act__in=acts)), viewer)
                      .select_related("source").order_by("source_id", "pk"))
_PETITIONS = Statement(lambda viewer, pk: policy.visible(Intervention.objects.filter(person=pk), viewer)
                       .select_related("authority"))
_REVISIONS = Statement(lambda viewer, pk, acts, petitions: Revision.objects.filter(
    Q(target="registry.person", object_id=pk) | Q(target="registry.act", object_id__in=acts)
    | Q(target="interventions.intervention", object_id__in=petitions)).order_by("-at", "-pk")[:50])
_TIES = Statement(lambda viewer, pk: policy.visible(Relationship.objects.filter(Q(subject=pk) | Q(object=pk)), viewer))


def _act_rows(person: Person, viewer: policy.Viewer) -> list[dict]:
    """The acts the viewer may see, as timeline rows."""
    acts = _ACTS(viewer, person.pk)
    rows = []
    for a in acts:
        rows.append({
            "id": a.pk, "type": label("act_types", a.type), "date": a.date, "when": datewords.describe(a.date),
            "date_text": a.date_text, "uncertain": datewords.is_uncertain(a.date) if a.date else True,
            "term": a.term, "description": a.description,
            "place": a.place.name if a.place and policy.sees(a.place, viewer) else "",
            "facility": a.facility.name if a.facility and policy.sees(a.facility, viewer) else "",
            "perpetrator": a.perpetrator.name if a.perpetrator and policy.sees(a.perpetrator, viewer) else a.perpetrator_text,
            "whereabouts": label("whereabouts", a.whereabouts) if a.whereabouts != "unknown" else "",
        })
    return rows


def _relatives(person: Person, viewer: policy.Viewer) -> list[dict]:
    ties = _TIES(viewer, person.pk)
    if not ties:
        return []
    others = {p.pk: p for p in persons_for(viewer).filter(
        pk__in={t.object_id if t.subject_id == person.pk else t.subject_id for t in ties})}
    kinds = vocabularies.get("relationship_kinds")
    rows = []
    for t in ties:
        outgoing = t.subject_id == person.pk
        other = others.get(t.object_id if outgoing else t.subject_id)
        if other is None:
            continue
        # what the other person is to this one: "<other> KIND <this person>"
        kind = kinds[t.kind].get("inverse", t.kind) if outgoing else t.kind
        rows.append({"id": other.pk, "name": policy.display_name(other, viewer), "kind": label("relationship_kinds", kind)})
    return rows


def _history(person: Person, act_ids: list[int], petition_ids: list[int], viewer: policy.Viewer) -> list[dict]:
    if not viewer.may("view_history"):
        return []
    hidden = {f.attname for f in policy.readable_fields(Person) if not policy.can_see_field(person, f.name, viewer)}
    hidden |= set(policy.EXCLUDED) | {"batch_id"}
    revisions = _REVISIONS(viewer, str(person.pk), [str(i) for i in act_ids], [str(i) for i in petition_ids])
    return [{"at": r.at, "author": r.author, "action": HISTORY_ACTIONS.get(r.action, r.action),
             "target": HISTORY_TARGETS.get(r.target.split(".")[-1], r.target.split(".")[-1]), "version": r.version,
             "fields": field_labels(k for k in r.changes if k not in hidden) if r.action == "update" else []} for r in revisions]


def person(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    found = next(iter(_PERSON(viewer, person_id)), None)
    if found is None:
        raise Http404("no such person")
    visible_names = _NAMES(viewer, found.pk)
    policy.note_view(found, viewer)
    fields = policy.redact(found, viewer)
    acts = _act_rows(found, viewer)
    status = policy.status_of(found, viewer)  # derived from the acts this viewer may see
    names = [{"text": n.text, "script": label("scripts", n.script), "kind": label("name_kinds", n.kind), "language": n.language}
             for n in visible_names] if policy.can_see_field(found, "names", viewer) else []
    photos = _PHOTOS(viewer, found.pk) if policy.can_see_field(found, "photos", viewer) else []
    home_place = ""
    if fields.get("home_place_id") and policy.sees(found.home_place, viewer):
        home_place = ", ".join(p.name for p in found.home_place.lineage())
    evidence = _EVIDENCE(viewer, found.pk, [a["id"] for a in acts])
    sources = {}
    for e in evidence:
        row = sources.setdefault(e.source_id, {"id": e.source_id, "title": e.source.title or _("Untitled source"),
                                               "kind": label("source_kinds", e.source.kind), "links": []})
        row["links"].append({"grade": label("evidence_grades", e.grade), "quote": e.quote, "act": e.act_id})
    petitions = []
    today = timezone.localdate()
    interventions = _PETITIONS(viewer, found.pk)
    for iv in interventions:
        shown = policy.redact(iv, viewer, ["reference"])
        petitions.append({
            "id": iv.pk, "kind": label("intervention_kinds", iv.kind),
            "authority": iv.authority.name if iv.authority and policy.sees(iv.authority, viewer) else iv.authority_text,
            "sent": datewords.describe_day(iv.sent_on_edtf, iv.sent_on), "sent_words": iv.sent_on_text,
            "reference": shown.get("reference", ""), "answer": iv.answer,
            "answered": datewords.describe_day(iv.answered_on_edtf, iv.answered_on),
            "answered_on": iv.answered_on, "outcome": label("intervention_outcomes", iv.outcome),
            "follow_up_on": iv.follow_up_on,
            "due": iv.follow_up_on is not None and iv.follow_up_on <= today and iv.answered_on is None,
        })
    return render(request, "web/person.html", {
        "person": found, "name": policy.display_name(found, viewer, visible_names), "fields": fields, "names": names,
        "acts": acts, "status": label("statuses", status), "photos": photos, "home_place": home_place,
        "ethnicity": label("ethnicities", found.ethnicity) if fields.get("ethnicity") else "",
        "citizenship": label("citizenships", found.citizenship) if fields.get("citizenship") else "",
        "birth": datewords.describe(fields.get("birth_date", "")),
        "relatives": _relatives(found, viewer), "sources": list(sources.values()), "petitions": petitions,
        "due": [p for p in petitions if p["due"]], "may_petition": viewer.may("petition"),
        "history": _history(found, [a["id"] for a in acts], [p["id"] for p in petitions], viewer),
    })


def attachment(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """A stored file, when the viewer may see its record (photos of protected persons are confidential)."""
    viewer = viewer_of(request)
    found = policy.visible(Attachment.objects.filter(pk=attachment_id), viewer).first()
    if found is None:
        raise Http404("no such file")
    policy.note_view(found, viewer)
    if found.media_type.startswith("image/") and not (request.GET.get("original") and "originals" in viewer.can):
        # Photos are handed out without their GPS position and camera; the original bytes only
        # to roles that may have them, on request.
        try:
            data = photos.public_copy(found.sha256)
        except photos.NotAPhoto:
            raise Http404("this file cannot be shown") from None
    else:
        data = files.read(found.sha256)
        if found.media_type.startswith("image/"):
            audit.record("view_original", found._meta.label_lower, found.pk, actor=viewer.as_actor())
    response = HttpResponse(data, content_type=found.media_type or "application/octet-stream")
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=3600"
    return response



@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok", "database": connection.vendor})
