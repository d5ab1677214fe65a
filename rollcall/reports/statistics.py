"""Figures computed from the records under their counting rules, through the access layer."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from rollcall import vocabularies
from rollcall.access import policy
from rollcall.interventions.models import Intervention
from rollcall.registry.models import Act, Person, Place
from rollcall.reports.rules import Rule, all_rules

UNCERTAIN = "date_uncertain"
NOT_RECORDED = "not_recorded"
NOT_SENT = {"en": "not recorded", "ru": "не указано", "kk": "көрсетілмеген"}
UNCERTAIN_LABEL = {"en": "date uncertain", "ru": "дата неточна", "kk": "күні нақты емес"}
ANSWERED = {True: {"en": "answered", "ru": "есть ответ", "kk": "жауап бар"},
            False: {"en": "no answer", "ru": "без ответа", "kk": "жауапсыз"}}
VOCAB = {"status": "statuses", "ethnicity": "ethnicities", "citizenship": "citizenships", "type": "act_types"}


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    since: dt.date | None = None
    until: dt.date | None = None

    def __post_init__(self):
        if self.since and self.until and self.since > self.until:
            raise PeriodError(f"the period is empty: {self.since} is after {self.until}")

    def __bool__(self) -> bool:
        return bool(self.since or self.until)


@dataclass(frozen=True)
class Group:
    key: tuple
    labels: tuple[str, ...]
    count: int


@dataclass(frozen=True)
class Figure:
    rule: Rule
    total: int
    groups: tuple[Group, ...]

    def as_dict(self, lang: str = "en") -> dict:
        return {
            "rule": {"code": self.rule.code, "version": self.rule.version, "title": self.rule.title_in(lang),
                     "text": self.rule.text_in(lang)},
            "total": self.total,
            "groups": [{"key": list(g.key), "label": " · ".join(g.labels), "count": g.count} for g in self.groups],
        }


def _year(earliest: dt.date | None, latest: dt.date | None) -> int | str:
    if earliest and latest and earliest.year == latest.year:
        return earliest.year
    return UNCERTAIN


def _in_period(qs: QuerySet, period: Period, prefix: str) -> QuerySet:
    """Keep what may have happened inside the period (its date range overlaps it)."""
    if period.since:
        qs = qs.exclude(**{f"{prefix}_latest__lt": period.since})
    if period.until:
        qs = qs.exclude(**{f"{prefix}_earliest__gt": period.until})
    return qs


def persons(rule: Rule, viewer: policy.Viewer, period: Period = Period()) -> QuerySet:
    qs = policy.visible(Person.objects.all(), viewer)
    status = policy.status_field(viewer)  # the status as the viewer may know it
    if "status" in rule.filter:
        qs = qs.filter(**{f"{status}__in": rule.filter["status"]})
    if "status" in rule.exclude:
        qs = qs.exclude(**{f"{status}__in": rule.exclude["status"]})
    if rule.first_act or period:
        acts = policy.visible(Act.objects.all(), viewer)
        if rule.first_act:
            acts = acts.filter(type__in=rule.first_act)
        qs = qs.filter(pk__in=_in_period(acts, period, "date").values("person_id"))
    return qs


def acts(rule: Rule, viewer: policy.Viewer, period: Period = Period()) -> QuerySet:
    return _in_period(policy.visible(Act.objects.all(), viewer), period, "date")


def interventions(rule: Rule, viewer: policy.Viewer, period: Period = Period()) -> QuerySet:
    qs = policy.visible(Intervention.objects.all(), viewer)
    if rule.filter.get("sent"):
        qs = qs.filter(sent_on__isnull=False)
    if period.since:
        qs = qs.filter(sent_on__gte=period.since)
    if period.until:
        qs = qs.filter(sent_on__lte=period.until)
    return qs


COUNTED = {"persons": persons, "acts": acts, "interventions": interventions}


def _regions() -> dict[int, int | None]:
    """Each place's prefecture (or region, failing that), from the gazetteer."""
    places = {p.pk: p for p in Place.all_objects.only("pk", "kind", "parent_id")}
    out: dict[int, int | None] = {}
    for pk in places:
        node, found, seen = places.get(pk), None, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            if node.kind == "prefecture" or (node.kind == "region" and found is None):
                found = node.pk
                if node.kind == "prefecture":
                    break
            node = places.get(node.parent_id)
        out[pk] = found
    return out


def _keyed(rule: Rule, qs: QuerySet, viewer: policy.Viewer) -> Iterator[tuple[int, tuple]]:
    """(record id, group key) for every counted record."""
    if rule.counts == "persons" and "region" in rule.group_by:
        regions = _regions()
        for pk, home in qs.values_list("pk", "home_place_id"):
            yield pk, (regions.get(home) or NOT_RECORDED,)
    elif rule.counts == "persons" and "first_act_year" in rule.group_by:
        acts = policy.visible(Act.objects.filter(type__in=rule.first_act, person__in=qs), viewer)
        first: dict[int, tuple] = {}
        for person_id, lo, hi in acts.values_list("person_id", "date_earliest", "date_latest"):
            current = first.get(person_id)
            if current is None or (lo or dt.date.max) < (current[0] or dt.date.max):
                first[person_id] = (lo, hi)
        for person_id, (lo, hi) in first.items():
            yield person_id, (_year(lo, hi),)
    elif rule.counts == "persons":
        field = policy.status_field(viewer) if rule.group_by[0] == "status" else rule.group_by[0]
        for pk, value in qs.values_list("pk", field):
            yield pk, (value or NOT_RECORDED,)
    elif rule.counts == "acts":
        for pk, type_, lo, hi in qs.values_list("pk", "type", "date_earliest", "date_latest"):
            yield pk, (_year(lo, hi), type_)
    else:
        for pk, sent, answered_on, answer in qs.values_list("pk", "sent_on", "answered_on", "answer"):
            yield pk, (sent.year, bool(answered_on or answer))


def _label(dimension: str, value, lang: str, places: dict) -> str:
    if value == NOT_RECORDED:
        return NOT_SENT.get(lang, NOT_SENT["en"])
    if value == UNCERTAIN:
        return UNCERTAIN_LABEL.get(lang, UNCERTAIN_LABEL["en"])
    if dimension in VOCAB and value in vocabularies.get(VOCAB[dimension]):
        return vocabularies.get(VOCAB[dimension])[value].label(lang)
    if dimension == "region":
        return places.get(value, str(value))
    if dimension == "answered":
        return ANSWERED[bool(value)].get(lang, ANSWERED[bool(value)]["en"])
    return str(value)


def compute(rule: Rule, viewer: policy.Viewer, lang: str = "en", period: Period = Period()) -> Figure:
    qs = COUNTED[rule.counts](rule, viewer, period)
    counts = Counter(key for _, key in _keyed(rule, qs, viewer))
    places = dict(Place.all_objects.values_list("pk", "name")) if "region" in rule.group_by else {}

    def order(item):
        return tuple((1, str(k)) if isinstance(k, str) else (0, str(k).zfill(8)) for k in item[0])

    groups = tuple(
        Group(key, tuple(_label(dim, value, lang, places) for dim, value in zip(rule.group_by, key, strict=True)), n)
        for key, n in sorted(counts.items(), key=order)
    )
    return Figure(rule, sum(counts.values()), groups)


def report(viewer: policy.Viewer, lang: str = "en", period: Period = Period()) -> list[Figure]:
    return [compute(rule, viewer, lang, period) for rule in all_rules().values()]


def records(rule: Rule, key: tuple, viewer: policy.Viewer, period: Period = Period()) -> QuerySet:
    """The records that one group of a figure counts: the drill-down, for staff."""
    qs = COUNTED[rule.counts](rule, viewer, period)
    wanted = tuple(key)
    return qs.filter(pk__in=[pk for pk, k in _keyed(rule, qs, viewer) if k == wanted])
