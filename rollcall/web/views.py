"""Pages. Views fetch through the access layer and render; they never filter by sensitivity."""

from __future__ import annotations

from django.db import connection
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from rollcall import vocabularies
from rollcall.access import policy
from rollcall.registry.models import Act, Person, PersonName


def _viewer(request: HttpRequest) -> policy.Viewer:
    return policy.viewer_for(request.user)


def _persons(viewer: policy.Viewer):
    names = policy.visible(PersonName.objects.all(), viewer)
    return policy.visible(Person.objects.all(), viewer).prefetch_related(Prefetch("names", queryset=names))


def home(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    statuses = vocabularies.get("statuses")
    persons = [
        {"id": p.pk, "name": policy.display_name(p, viewer), "status": statuses[p.status].label(request.LANGUAGE_CODE)}
        for p in _persons(viewer).order_by("pk")[:200]
    ]
    return render(request, "web/home.html", {"persons": persons, "viewer": viewer})


def person(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer = _viewer(request)
    found = _persons(viewer).filter(pk=person_id).first()
    if found is None:
        raise Http404("no such person")
    policy.note_view(found, viewer)
    lang = request.LANGUAGE_CODE
    act_types = vocabularies.get("act_types")
    acts = [
        {"type": act_types[a.type].label(lang), "date": a.date, "date_text": a.date_text,
         "uncertain": bool(a.date) and a.date_earliest != a.date_latest, "term": a.term,
         "description": a.description}
        for a in policy.visible(Act.objects.filter(person=found), viewer).order_by("date_earliest", "pk")
    ]
    fields = policy.redact(found, viewer)
    names = list(found.names.all()) if policy.can_see_field(found, "names", viewer) else []
    return render(request, "web/person.html", {
        "person": found, "name": policy.display_name(found, viewer), "fields": fields, "names": names,
        "acts": acts, "status": vocabularies.get("statuses")[found.status].label(lang), "viewer": viewer,
    })


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok", "database": connection.vendor})
