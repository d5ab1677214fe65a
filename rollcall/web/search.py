"""The search page: names across scripts, filters with counts per value, pages of results.

A bounded set of queries whatever the number of persons: one count, one page, one prefetch of
the page's names, one grouped count per facet and the option lists.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe

from rollcall import vocabularies
from rollcall.access import policy
from rollcall.access.statements import Statement
from rollcall.registry.models import Act, Organization, Person, Place
from rollcall.search.persons import search_persons
from rollcall.sources.models import EvidenceLink, Mention, Source
from rollcall.web.access import viewer_of
from rollcall.web.views import label, lang, person_link

PER_PAGE = 25
NAME_HITS = 500
# What a result row shows (name, status, ethnicity) and what the access layer reads to decide it.
ROW_FIELDS = (*policy.PERSON_ACCESS_FIELDS, "ethnicity")
FACETS = (("status", "statuses"), ("ethnicity", "ethnicities"), ("citizenship", "citizenships"))


def _field(name: str, viewer: policy.Viewer) -> str:
    """The Person field behind a facet: the status as this viewer may know it."""
    return policy.status_field(viewer) if name == "status" else name


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _probe_identity_fields(viewer: policy.Viewer) -> bool:
    """Whether the viewer may see where an identity-protected person lives (the policy decides)."""
    return policy.can_see_field(Person(identity_protected=True, sensitivity=0), "home_place", viewer)


class CountedPaginator(Paginator):
    """A paginator told how many rows there are, so that it does not count them again."""

    def __init__(self, object_list, per_page: int, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def _within(region: int) -> list[int]:
    """The place and the places inside it, two levels down (village < county < prefecture):
    asked first, so that the persons are filtered on their own column, not through joins."""
    ids = {region}
    children = {region}
    for _ in range(2):
        children = set(Place.all_objects.filter(parent__in=children).values_list("pk", flat=True)) - ids
        ids |= children
    return sorted(ids)


def _filters(params, viewer: policy.Viewer):
    """The persons matching the filters in `params` other than the act filters and the name, the
    acts matching the act filters (years, organisation; None when there are none), and the
    filters applied."""
    qs = policy.visible(Person.objects.all(), viewer)
    applied: dict[str, str] = {}
    for name, vocabulary in FACETS:
        value = params.get(name, "")
        if value and value in vocabularies.get(vocabulary):
            qs = qs.filter(**{_field(name, viewer): value})
            applied[name] = value
    region = _int(params.get("region"))
    if region is not None:
        if not _probe_identity_fields(viewer):
            qs = qs.filter(identity_protected=False)
        qs = qs.filter(home_place__in=_within(region))
        applied["region"] = str(region)
    acts = policy.visible(Act.objects.all(), viewer, within="person")  # matched against visible persons
    start, end = _int(params.get("from")), _int(params.get("to"))
    if start is not None or end is not None:
        if start is not None and 1900 <= start <= 2100:
            acts = acts.filter(date_latest__gte=dt.date(start, 1, 1))
            applied["from"] = str(start)
        if end is not None and 1900 <= end <= 2100:
            acts = acts.filter(date_earliest__lte=dt.date(end, 12, 31))
            applied["to"] = str(end)
    organization = _int(params.get("organization"))
    if organization is not None:
        acts = acts.filter(perpetrator=organization)
        applied["organization"] = str(organization)
    if not {"from", "to", "organization"} & set(applied):
        acts = None
    source = _int(params.get("source"))
    if source is not None:
        evidence = policy.visible(EvidenceLink.objects.filter(source=source), viewer)
        mentions = policy.visible(Mention.objects.filter(source=source, person__isnull=False), viewer)
        qs = qs.filter(Q(pk__in=evidence.values("person_id")) | Q(pk__in=evidence.values("act__person_id"))
                       | Q(pk__in=mentions.values("person_id")))
        applied["source"] = str(source)
    return qs, acts, applied


def with_acts(persons, acts, *, per_person: bool = False):
    """`persons` narrowed to those with one of `acts`: the persons of the matching acts, read in
    one pass over the act_period index, right for counting every match; with `per_person`, a
    check of each person's acts, right for a page of 25 in person order, which stops after the
    first 25 matches."""
    if acts is None:
        return persons
    if per_person:
        return persons.filter(Exists(acts.filter(person=OuterRef("pk"))))
    return persons.filter(pk__in=acts.values("person_id"))


def filtered(params, viewer: policy.Viewer):
    """The persons matching the filters in `params` (not the name), and the filters applied."""
    persons, acts, applied = _filters(params, viewer)
    return with_acts(persons, acts), applied


def _facet_fields(viewer: policy.Viewer) -> list[str]:
    return [_field(name, viewer) for name, _ in FACETS] + ["home_place_id", "identity_protected"]


def tally(rows, viewer: policy.Viewer) -> tuple[dict[str, Counter], Counter]:
    """Persons per value of each facet and per home place, from rows of (facet values..., home
    place, identity protected, number of persons). Where the viewer may not see where
    identity-protected persons live, those are not counted by place."""
    hide_home = not _probe_identity_fields(viewer)
    per_facet: dict[str, Counter] = {name: Counter() for name, _ in FACETS}
    per_place: Counter = Counter()
    for *values, place, protected, n in rows:
        for (name, _), value in zip(FACETS, values, strict=True):
            per_facet[name][value] += n
        if place is not None and not (protected and hide_home):
            per_place[place] += n
    return per_facet, per_place


def facet_counts(qs, viewer: policy.Viewer) -> tuple[dict[str, Counter], Counter]:
    """tally() of the matching persons, in one grouped query (read from the person_facets
    covering index, in its order) instead of one per facet, each a scan of the registry."""
    return tally(qs.order_by().values_list(*_facet_fields(viewer)).annotate(n=Count("pk")), viewer)


def options(choices: list[tuple[int, str]], chosen: str) -> SafeString:
    """<option> elements for a select, the chosen one marked: built here, as a loop of hundreds
    of options costs the template engine several milliseconds a page (escaped as escape() does)."""
    return mark_safe("".join(f'<option value="{pk}"{" selected" if str(pk) == chosen else ""}>{html.escape(str(text))}</option>'
                             for pk, text in choices))


def grouped(n: int) -> str:
    """An integer with the language's thousands separators, as {{ n|floatformat:"g" }} writes it
    (the same call; the filter's general path costs some thirty times more)."""
    return number_format(f"{n:d}", 0, force_grouping=True)


def shortened(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, an ellipsis the last, when it is longer."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _facet_links(params: dict, name: str, counts: list[tuple[str, str, int]]) -> list[dict]:
    rows = []
    for code, text, n in counts:
        chosen = params.get(name) == code
        query = {k: v for k, v in params.items() if v and k not in (name, "page")}
        if not chosen:
            query[name] = code
        rows.append({"code": code, "label": text, "count": n, "shown": grouped(n), "chosen": chosen,
                     "url": "?" + urlencode(query)})
    return rows


def _place_names(viewer, ids):
    return policy.visible(Place.objects.filter(pk__in=ids), viewer).values_list("pk", "name")


def _organizations(viewer):
    """The organisations responsible for an act the viewer may see: driven from the few
    organisations, each checked through the perpetrator index."""
    perpetrated = policy.visible(Act.objects.filter(perpetrator=OuterRef("pk")), viewer)
    return (policy.visible(Organization.objects.filter(Exists(perpetrated)), viewer)
            .order_by("name").values_list("pk", "name")[:200])


def _sources(viewer):
    return policy.visible(Source.objects.all(), viewer).order_by("-captured_at").values_list("pk", "title")[:100]


# Asked on every search page: compiled once per clearance (rollcall.access.statements).
_PLACE_NAMES, _ORGANIZATIONS, _SOURCES = Statement(_place_names), Statement(_organizations), Statement(_sources)


def search(request: HttpRequest) -> HttpResponse:
    viewer = viewer_of(request)
    params = {k: request.GET.get(k, "").strip() for k in
              ("q", "status", "ethnicity", "citizenship", "region", "from", "to", "organization", "source")}
    persons, acts, applied = _filters(params, viewer)
    qs = with_acts(persons, acts)
    query = params["q"][:300]
    scores: dict[int, float] = {}
    if query:
        hits = search_persons(query, viewer, NAME_HITS, fields=("ethnicity", "citizenship", "home_place_id"))
        scores = {h.person.pk: h.score for h in hits}
        found = {h.person.pk: h.person for h in hits}
        # A few hundred persons at most: their ids and facet values in one query, counted here.
        if applied:
            matching = list(qs.filter(pk__in=list(scores)).order_by().values_list("pk", *_facet_fields(viewer)))
        else:  # the hits are persons the viewer may see (search_persons), loaded with their facets
            matching = [(pk, *(getattr(person, f) for f in _facet_fields(viewer))) for pk, person in found.items()]
        per_facet, per_place = tally(((*row[1:], 1) for row in matching), viewer)
    else:
        per_facet, per_place = facet_counts(qs, viewer)
    facets = []
    for name, vocabulary in FACETS:
        vocab = vocabularies.get(vocabulary)
        counts = sorted(((c, vocab[c].label(lang()), n) for c, n in per_facet[name].items() if c in vocab),
                        key=lambda r: -r[2])
        facets.append({"name": name, "values": _facet_links(params, name, counts)})
    region_rows = per_place.most_common(20)
    place_names = dict(_PLACE_NAMES(viewer, [pk for pk, _ in region_rows]))
    regions = _facet_links(params, "region", [(str(pk), place_names[pk], n) for pk, n in region_rows if pk in place_names])
    if query:
        ordered = sorted((row[0] for row in matching), key=lambda pk: (-scores[pk], pk))
        paginator = Paginator(ordered, PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        rows = [found[pk] for pk in page.object_list]  # the hits' persons, already through the access layer
    else:
        total = sum(per_facet["status"].values())  # every person has a status: the facet's sum is the count
        listed = with_acts(persons, acts, per_person=True)
        paginator = CountedPaginator(listed.only(*ROW_FIELDS).order_by("pk"), PER_PAGE, total)
        page = paginator.get_page(request.GET.get("page"))
        rows = list(page.object_list)
    names = policy.display_names(rows, viewer)
    person_url = person_link()
    results = [{"id": p.pk, "url": person_url.format(p.pk), "name": names[p.pk], "status": label("statuses", policy.status_of(p, viewer)),
                "ethnicity": label("ethnicities", p.ethnicity) if p.ethnicity and policy.can_see_field(p, "ethnicity", viewer) else "",
                "score": scores.get(p.pk)} for p in rows]
    organizations = _ORGANIZATIONS(viewer)
    sources = [(pk, shortened(title or str(pk), 70)) for pk, title in _SOURCES(viewer)]
    keep = {k: v for k, v in params.items() if v}
    keep.pop("page", None)
    return render(request, "web/search.html", {
        "params": params, "applied": applied, "facets": facets, "regions": regions, "results": results,
        "page": page, "paginator": paginator,
        "organizations": options(organizations, params["organization"]), "sources": options(sources, params["source"]),
        "base_query": urlencode(keep),
    })
