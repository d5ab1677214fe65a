"""Statistics: each figure with the counting rule that produced it, a chart, our count beside the
figures others put forward, and (for staff) the records behind each number."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from rollcall.access import policy
from rollcall.reports import beside, rules, statistics
from rollcall.web import charts
from rollcall.web.access import viewer_of


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
    return render(request, "web/statistics.html", {
        "figures": figures, "ledgers": beside.all_ledgers(viewer, lang), "drill": viewer.may("view_staff")})


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
    counted = statistics.records(rule, key, viewer)[:500]
    lang = (get_language() or "en")[:2]
    rows = []
    for obj in counted:
        person = getattr(obj, "person", obj)
        rows.append({"id": person.pk, "name": policy.display_name(person, viewer), "what": str(obj)})
    return render(request, "web/statistics_records.html", {
        "rule": rule, "title": rule.title_in(lang), "key": " · ".join(str(k) for k in key), "rows": rows})
