"""Petitions from the web: record one sent for a person, and the authority's answer to it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from rollcall import dates
from rollcall.access import policy
from rollcall.interventions.models import Intervention
from rollcall.registry.models import Organization
from rollcall.web import datewords, services
from rollcall.web.access import requires, viewer_of
from rollcall.web.forms import AnswerForm, PetitionForm
from rollcall.web.views import label, persons_for

AUTHORITIES_OFFERED = 200


def _person_or_404(person_id: int, viewer: policy.Viewer):
    found = persons_for(viewer).filter(pk=person_id).first()
    if found is None:
        raise Http404("no such person")
    return found


def _known_authorities(viewer: policy.Viewer) -> list[str]:
    """Names of the authorities petitions already went to, offered while typing."""
    used = Intervention.objects.filter(authority__isnull=False).values("authority_id")
    return list(policy.visible(Organization.objects.filter(pk__in=used), viewer)
                .order_by("name").values_list("name", flat=True)[:AUTHORITIES_OFFERED])


def _back_to(person_id: int) -> str:
    return reverse("person", args=[person_id]) + "#petitions"


@requires("petition")
def new_petition(request: HttpRequest, person_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    person = _person_or_404(person_id, viewer)
    form = PetitionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.record_petition(person.pk, form.petition(), viewer)
            messages.success(request, _("The petition is recorded."))
            return redirect(_back_to(person.pk))
        form.focus_first_error()
    else:
        form.fields["kind"].widget.attrs["autofocus"] = True
    return render(request, "web/petition_form.html", {
        "form": form, "person_url": reverse("person", args=[person.pk]), "name": policy.display_name(person, viewer),
        "authorities": _known_authorities(viewer)})


@requires("petition")
def answer(request: HttpRequest, intervention_id: int) -> HttpResponse:
    viewer = viewer_of(request)
    found = policy.visible(Intervention.objects.filter(pk=intervention_id), viewer).select_related("authority").first()
    if found is None:
        raise Http404("no such petition")
    person = _person_or_404(found.person_id, viewer)
    sent = datewords.describe_day(found.sent_on_edtf, found.sent_on)
    sent_earliest = dates.bounds(found.sent_on_edtf)[0] if found.sent_on_edtf else found.sent_on
    initial = {}
    if found.answered_on_text or found.answered_on:
        initial = {"answered": found.answered_on_text or found.answered_on.isoformat(), "answer": found.answer,
                   "outcome": found.outcome}
    form = AnswerForm(request.POST or None, initial=initial, sent_earliest=sent_earliest, sent_label=sent)
    if request.method == "POST":
        if form.is_valid():
            services.record_answer(found.pk, form.answer_input(), viewer)
            messages.success(request, _("The answer is recorded."))
            return redirect(_back_to(person.pk))
        form.focus_first_error()
    else:
        form.fields["answered"].widget.attrs["autofocus"] = True
    authority = found.authority.name if found.authority and policy.sees(found.authority, viewer) else found.authority_text
    return render(request, "web/petition_answer.html", {
        "form": form, "petition": found, "person_url": reverse("person", args=[person.pk]), "name": policy.display_name(person, viewer),
        "kind": label("intervention_kinds", found.kind), "authority": authority, "sent": sent,
        "sent_words": found.sent_on_text,
        "reference": policy.redact(found, viewer, ["reference"]).get("reference", ""),
        "answered_before": bool(initial)})
