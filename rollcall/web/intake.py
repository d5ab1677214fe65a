"""The intake desk: one form for one visit, with the duplicate check across spellings."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rollcall import vocabularies
from rollcall.access import policy
from rollcall.registry.models import Person
from rollcall.search.persons import search_persons
from rollcall.web import services
from rollcall.web.access import requires, viewer_of
from rollcall.web.forms import ActFormSet, IntakeForm

MATCH_SCORE = 0.75


def likely_matches(names: list[str], viewer: policy.Viewer, limit: int = 5) -> list[dict]:
    """The persons whose names are close to any of `names`, best first, one row each."""
    best: dict[int, dict] = {}
    statuses = vocabularies.get("statuses")
    for name in names:
        for hit in search_persons(name, viewer, limit):
            if hit.score < MATCH_SCORE:
                continue
            row = best.get(hit.person.pk)
            if row is None or hit.score > row["score"]:
                best[hit.person.pk] = {"id": hit.person.pk, "name": hit.name, "score": hit.score,
                                       "status": statuses[policy.status_of(hit.person, viewer)].label(get_language() or "en")}
    return sorted(best.values(), key=lambda r: -r["score"])[:limit]


@requires("intake")
def intake(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    matches: list[dict] = []
    if request.method == "POST":
        form = IntakeForm(request.POST, request.FILES)
        acts = ActFormSet(request.POST, prefix="acts")
        if form.is_valid() and acts.is_valid():
            choice = form.cleaned_data["match"]
            if choice == "":
                matches = likely_matches(form.names(), viewer)
            if not matches:
                existing = None
                if choice.isdigit():
                    existing = policy.visible(Person.objects.all(), viewer).filter(pk=int(choice)).first()
                if choice.isdigit() and existing is None:
                    form.add_error(None, _("That person is not in the registry."))
                else:
                    visit = form.visit([a for a in (f.act() for f in acts) if a is not None])
                    person = services.record_visit(visit, viewer, existing)
                    messages.success(request, _("The visit is recorded."))
                    return redirect("person", person_id=person.pk)
    else:
        form = IntakeForm()
        acts = ActFormSet(prefix="acts")
    return render(request, "web/intake.html", {"form": form, "acts": acts, "matches": matches})


@requires("intake")
def intake_matches(request: HttpRequest) -> JsonResponse:
    """Likely matches for a name while it is typed (the intake form's live check)."""
    query = request.GET.get("q", "").strip()[:300]
    return JsonResponse({"query": query, "matches": likely_matches([query], viewer_of(request)) if query else []})
