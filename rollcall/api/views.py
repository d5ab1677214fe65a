"""Read endpoints of the JSON API. Every answer is filtered and redacted by the access layer."""

from __future__ import annotations

from typing import Annotated

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, NinjaAPI, Query, Schema
from ninja import Path as PathEx
from ninja.errors import HttpError

from rollcall import __version__
from rollcall.access import history, policy
from rollcall.access.actor import acting_as
from rollcall.api.auth import viewer_auth
from rollcall.registry.models import Act, Person, PersonName
from rollcall.sources.models import Claim, Source

api = NinjaAPI(
    title="Rollcall API",
    version=__version__,
    description=(
        "Records of people who are detained or missing. Anonymous callers see public data only; "
        "staff authenticate with `Authorization: Bearer <token>` (create one with `rollcall token`)."
    ),
    auth=viewer_auth,
    urls_namespace="api-v1",
)


MAX_ID = 2**53  # larger ids are no records of ours, and overflow the database's integers
RecordId = Annotated[int, PathEx(..., ge=1, le=MAX_ID)]


class Page(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**9)


def _viewer(request: HttpRequest) -> policy.Viewer:
    return request.auth


def _page(queryset: QuerySet, page: Page, render) -> dict:
    limit = max(1, min(page.limit, 500))
    offset = max(0, page.offset)
    total = queryset.count()
    return {"count": total, "limit": limit, "offset": offset,
            "items": [render(obj) for obj in queryset[offset:offset + limit]]}


def _detail(queryset: QuerySet, pk: int, viewer: policy.Viewer):
    obj = policy.visible(queryset, viewer).filter(pk=pk).first()
    if obj is None:
        raise HttpError(404, "not found")
    with acting_as(viewer.as_actor()):
        policy.note_view(obj, viewer)
    return obj


def _persons(viewer: policy.Viewer) -> QuerySet:
    names = policy.visible(PersonName.objects.all(), viewer)
    return policy.visible(Person.objects.all(), viewer).prefetch_related(Prefetch("names", queryset=names))


def _person_row(person: Person, viewer: policy.Viewer) -> dict:
    row = policy.redact(person, viewer)
    row["name"] = policy.display_name(person, viewer)
    if policy.can_see_field(person, "names", viewer):
        row["names"] = [{"text": n.text, "script": n.script, "kind": n.kind} for n in person.names.all()]
    return row


@api.get("/persons", summary="Persons the caller may see")
def list_persons(request, page: Query[Page], status: str = "", ethnicity: str = ""):
    viewer = _viewer(request)
    qs = _persons(viewer).order_by("pk")
    if status:
        qs = qs.filter(**{policy.status_field(viewer): status})
    if ethnicity:
        qs = qs.filter(ethnicity=ethnicity)
    return _page(qs, page, lambda p: _person_row(p, viewer))


@api.get("/search/persons", summary="Persons by any spelling of a name, in any script")
def search_persons(request, q: Annotated[str, Field(max_length=300)], limit: Annotated[int, Field(ge=1, le=100)] = 10):
    from rollcall.search.persons import search_persons as search

    viewer = _viewer(request)
    hits = search(q, viewer, max(1, min(limit, 100)))
    return {"query": q, "results": [
        {"id": h.person.pk, "name": h.name, "score": h.score, "reasons": list(h.reasons),
         "status": policy.status_of(h.person, viewer)} for h in hits]}


@api.get("/persons/{person_id}", summary="One person with names, acts and relationships")
def get_person(request, person_id: RecordId):
    viewer = _viewer(request)
    person = _detail(_persons(viewer), person_id, viewer)
    row = _person_row(person, viewer)
    row["acts"] = [policy.redact(a, viewer) for a in policy.visible(person.acts.all(), viewer)]
    return row


@api.get("/acts", summary="Acts the caller may see")
def list_acts(request, page: Query[Page], type: str = "", person: Annotated[int, Field(ge=1, le=MAX_ID)] | None = None):
    viewer = _viewer(request)
    qs = policy.visible(Act.objects.all(), viewer).order_by("pk")
    if type:
        qs = qs.filter(type=type)
    if person is not None:
        qs = qs.filter(person_id=person)
    return _page(qs, page, lambda a: policy.redact(a, viewer))


@api.get("/acts/{act_id}", summary="One act")
def get_act(request, act_id: RecordId):
    viewer = _viewer(request)
    return policy.redact(_detail(Act.objects.all(), act_id, viewer), viewer)


def _source_row(source: Source, viewer: policy.Viewer, with_text: bool = False) -> dict:
    row = policy.redact(source, viewer)
    if not with_text:
        row.pop("text", None)
    return row


@api.get("/sources", summary="Sources the caller may see (without their text)")
def list_sources(request, page: Query[Page], kind: str = ""):
    viewer = _viewer(request)
    qs = policy.visible(Source.objects.all(), viewer).order_by("pk")
    if kind:
        qs = qs.filter(kind=kind)
    return _page(qs, page, lambda s: _source_row(s, viewer))


@api.get("/sources/{source_id}", summary="One source with its text")
def get_source(request, source_id: RecordId):
    viewer = _viewer(request)
    return _source_row(_detail(Source.objects.all(), source_id, viewer), viewer, with_text=True)


@api.get("/claims", summary="Figures put forward by sources")
def list_claims(request, page: Query[Page], subject: str = ""):
    viewer = _viewer(request)
    qs = policy.visible(Claim.objects.all(), viewer).order_by("subject", "as_of_earliest", "pk")
    if subject:
        qs = qs.filter(subject=subject)
    return _page(qs, page, lambda c: policy.redact(c, viewer))


@api.get("/claims/{claim_id}", summary="One claim")
def get_claim(request, claim_id: RecordId):
    viewer = _viewer(request)
    return policy.redact(_detail(Claim.objects.all(), claim_id, viewer), viewer)


HISTORY_MODELS = {"person": Person, "act": Act, "source": Source, "claim": Claim}


@api.get("/history/{kind}/{object_id}", summary="A record's versions (staff)")
def get_history(request, kind: str, object_id: RecordId):
    viewer = _viewer(request)
    if not viewer.may("view_history"):
        raise HttpError(403, "your role may not see edit history")
    model = HISTORY_MODELS.get(kind)
    if model is None:
        raise HttpError(404, f"no history for {kind!r} (allowed: {', '.join(HISTORY_MODELS)})")
    obj = _detail(model.all_objects.all(), object_id, viewer)
    hidden = {f.attname for f in policy.readable_fields(model) if not policy.can_see_field(obj, f.name, viewer)}
    hidden |= {f.attname for f in model._meta.concrete_fields if f.name in policy.EXCLUDED}
    return {"versions": [
        {"version": r.version, "at": r.at.isoformat(), "author": r.author, "action": r.action,
         "changes": {k: [history.reveal(x) for x in v] for k, v in r.changed().items() if k not in hidden}}
        for r in history.versions(obj)
    ]}
