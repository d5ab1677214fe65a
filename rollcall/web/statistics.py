"""Statistics: each figure with the counting rule that produced it, a chart, our count beside the
figures others put forward, and (for staff) the records behind each number."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import get_language

from rollcall.access import policy
from rollcall.interventions.models import Intervention
from rollcall.registry.models import Act
from rollcall.reports import beside, rules, statistics
from rollcall.web import charts, datewords
from rollcall.web.access import viewer_of
from rollcall.web.views import label, persons_for


def overview(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    lang = (get_language() or "en")[:2]
    figures = []
    for figure in statistics.report(viewer, lang):
        figures.append({
            "figure": figure,
            "title": figure.rule.title_in(lang),
            "text": figure.rule.text_in(lang),
            "chart": charts.bars([(" · ".join(g.labels), g.count) for g in figure.groups], figure.rule.title_in(lang)),
            "groups": [{"label": " · ".join(g.labels), "count": g.count, "key": json.dumps(list(g.key))}
                       for g in figure.groups],
        })
    ledgers = [{"subject": ledger.subject, "label": ledger.label, "ours": ledger.ours,
                "claims": [{"quantity_text": c.quantity_text, "as_of": datewords.describe(c.as_of)} for c in ledger.claims]}
               for ledger in beside.all_ledgers(viewer, lang)]
    return render(request, "web/statistics.html", {"figures": figures, "ledgers": ledgers, "drill": viewer.may("view_staff")})


def records(request: HttpRequest, code: str) -> HttpResponse:
    """The records one group of a figure counts: staff only."""
    viewer = viewer_of(request)
    if not viewer.may("view_staff"):
        raise Http404("no such page")
    try:
        rule = rules.get(code)
        key = tuple(json.loads(request.GET.get("key", "[]")))
    except (LookupError, ValueError):
        raise Http404("no such figure") from None
    counted = list(statistics.records(rule, key, viewer)[:500])
    lang = (get_language() or "en")[:2]
    group = next((g for g in statistics.compute(rule, viewer, lang).groups if tuple(g.key) == key), None)
    persons = {p.pk: p for p in persons_for(viewer).filter(pk__in={getattr(o, "person_id", o.pk) for o in counted})}
    rows = []
    for obj in counted:
        person = persons.get(getattr(obj, "person_id", obj.pk))
        if person is not None:
            rows.append({"id": person.pk, "name": policy.display_name(person, viewer), "what": _what(obj)})
    return render(request, "web/statistics_records.html", {
        "rule": rule, "title": rule.title_in(lang), "rows": rows,
        "key": " · ".join(group.labels) if group else " · ".join(str(k) for k in key)})


def _what(obj) -> str:
    """What was counted, in the reader's language: an act or a petition with its date; nothing more for a person."""
    if isinstance(obj, Act):
        return " ".join(filter(None, [label("act_types", obj.type), datewords.describe(obj.date)]))
    if isinstance(obj, Intervention):
        sent = formats.date_format(obj.sent_on, "DATE_FORMAT") if obj.sent_on else ""
        return " ".join(filter(None, [label("intervention_kinds", obj.kind), sent]))
    return ""
