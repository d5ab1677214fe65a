"""Follow-ups: petitions without an answer for a chosen number of days, oldest first."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from rollcall.access import policy
from rollcall.interventions.models import Intervention
from rollcall.registry.models import Organization
from rollcall.web import datewords
from rollcall.web.access import requires, viewer_of
from rollcall.web.views import label, persons_for, visible_ids

DEFAULT_DAYS = 30
LIMIT = 200


@requires("view_staff")
def follow_ups(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    try:
        days = max(0, min(int(request.GET.get("days", DEFAULT_DAYS)), 36500))
    except ValueError:
        days = DEFAULT_DAYS
    today = timezone.localdate()
    cutoff = today - dt.timedelta(days=days)
    pending = (policy.visible(Intervention.objects.filter(answered_on__isnull=True, sent_on__lte=cutoff), viewer)
               .select_related("authority").order_by("sent_on", "pk"))
    total = pending.count()
    rows = list(pending[:LIMIT])
    persons = {p.pk: p for p in persons_for(viewer).filter(pk__in={r.person_id for r in rows})}
    orgs = visible_ids(Organization, [r.authority_id for r in rows], viewer)
    items = [{
        "id": r.pk, "person_id": r.person_id, "person": policy.display_name(persons[r.person_id], viewer),
        "kind": label("intervention_kinds", r.kind), "authority": r.authority.name if r.authority_id in orgs else r.authority_text,
        "sent": datewords.describe_day(r.sent_on_edtf, r.sent_on), "sent_words": r.sent_on_text, "waiting": (today - r.sent_on).days, "reference": policy.redact(r, viewer, ["reference"]).get("reference", ""),
        "follow_up_on": r.follow_up_on, "outcome": label("intervention_outcomes", r.outcome),
    } for r in rows if r.person_id in persons]
    return render(request, "web/follow_ups.html", {"items": items, "days": days, "total": total,
                                                    "may_petition": viewer.may("petition")})
