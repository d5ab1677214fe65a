"""The claims ledger: for one quantity, every figure by source and date side by side."""

from __future__ import annotations

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _

from rollcall import vocabularies
from rollcall.access import policy
from rollcall.registry.models import Organization
from rollcall.sources.models import Claim
from rollcall.web import charts, datewords
from rollcall.web.access import viewer_of
from rollcall.web.views import label, visible_ids


def claims(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    counts = dict(policy.visible(Claim.objects.all(), viewer).order_by().values_list("subject")
                  .annotate(n=Count("pk")))
    subjects = [{"code": t.code, "label": label("claim_subjects", t.code), "count": counts.get(t.code, 0)}
                for t in vocabularies.get("claim_subjects")]
    return render(request, "web/claims.html", {"subjects": subjects})


def claims_subject(request: HttpRequest, subject: str) -> HttpResponse:
    viewer = viewer_of(request)
    if subject not in vocabularies.get("claim_subjects"):
        raise Http404("no such quantity")
    rows = list(policy.visible(Claim.objects.filter(subject=subject), viewer)
                .select_related("source", "said_by_organization").order_by("as_of_earliest", "pk"))
    orgs = visible_ids(Organization, [c.said_by_organization_id for c in rows], viewer)
    ledger, points = [], []
    for c in rows:
        said_by = (c.said_by_organization.name if c.said_by_organization_id in orgs else "") or c.said_by_text
        day = c.as_of_earliest or c.source.published_earliest
        ledger.append({"claim": c, "said_by": said_by or _("unattributed"), "as_of": datewords.describe(c.as_of),
                       "as_of_text": c.as_of_text, "source": c.source, "day": day})
        if day is not None:
            points.append(charts.Point(day, c.value, c.high, said_by or c.source.outlet or c.source.title or _("Untitled source"),
                                       f"{c.quantity_text} — {said_by or _('unattributed')} "
                                       f"({datewords.describe(c.as_of) or formats.date_format(day, 'DATE_FORMAT')})"))
    values = {round(c.value) for c in rows}
    title = label("claim_subjects", subject)
    return render(request, "web/claims_subject.html", {
        "title": title, "ledger": ledger, "chart": charts.scatter(points, title),
        "contradicts": len(values) > 1, "subject": subject,
    })
