"""Figures equal counts computed independently from the records."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rollcall.access import policy
from rollcall.access import sensitivity as sens
from rollcall.interventions.models import Intervention
from rollcall.registry.models import Act, Person, Place
from rollcall.reports import rules, statistics
from tests import factories as make

pytestmark = pytest.mark.django_db
ADMIN = policy.viewer_for_role("administrator")
ACT_TYPES = ["detention", "internment", "sentence", "release", "return", "disappearance", "protest", "summons"]
DATES = ["2017", "2018-03", "2018-21", "2019-06-01", "2020-02/..", "2018/2019", ""]


def as_dict(figure: statistics.Figure) -> dict:
    return {g.key: g.count for g in figure.groups}


PERSON = st.fixed_dictionaries({
    "level": st.sampled_from([sens.PUBLIC, sens.RESTRICTED, sens.CONFIDENTIAL]),
    "ethnicity": st.sampled_from(["kazakh", "uyghur", "kyrgyz", ""]),
    "citizenship": st.sampled_from(["china", "kazakhstan", ""]),
    "acts": st.lists(st.tuples(st.sampled_from(ACT_TYPES), st.sampled_from(DATES)), max_size=3),
})


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(PERSON, max_size=8), public=st.booleans())
def test_person_figures_equal_independent_counts(specs, public):
    with transaction.atomic():
        for i, spec in enumerate(specs):
            p = make.person(f"Person {i}", spec["level"], ethnicity=spec["ethnicity"], citizenship=spec["citizenship"])
            for type_, date in spec["acts"]:
                make.act(p, type_, date)
        viewer = policy.PUBLIC if public else ADMIN
        clearance = viewer.clearance
        seen = [p for p in Person.objects.all() if p.sensitivity <= clearance]

        by_status = Counter((p.status,) for p in seen if p.status != "unknown")
        assert as_dict(statistics.compute(rules.get("persons_by_status"), viewer)) == by_status

        held = {"missing", "detained", "interned", "imprisoned", "forced_labour"}
        by_ethnicity = Counter((p.ethnicity or "not_recorded",) for p in seen if p.status in held)
        assert as_dict(statistics.compute(rules.get("persons_by_ethnicity"), viewer)) == by_ethnicity

        first_years: Counter = Counter()
        detaining = {"detention", "internment", "arrest", "sentence", "disappearance"}
        for p in seen:
            acts = [a for a in Act.objects.filter(person=p, type__in=detaining)]
            if not acts:
                continue
            first = min(acts, key=lambda a: a.date_earliest or dt.date.max)
            lo, hi = first.date_earliest, first.date_latest
            first_years[(lo.year if lo and hi and lo.year == hi.year else "date_uncertain",)] += 1
        assert as_dict(statistics.compute(rules.get("persons_by_detention_year"), viewer)) == first_years

        acts = Counter()
        for a in Act.objects.filter(person__in=seen):
            lo, hi = a.date_earliest, a.date_latest
            acts[(lo.year if lo and hi and lo.year == hi.year else "date_uncertain", a.type)] += 1
        figure = statistics.compute(rules.get("acts_by_year"), viewer)
        assert as_dict(figure) == acts and figure.total == sum(acts.values())
        transaction.set_rollback(True)


def test_region_groups_by_the_prefecture_above_the_home_village():
    xinjiang = Place.objects.create(name="Xinjiang", kind="region")
    ili = Place.objects.create(name="Ili", kind="prefecture", parent=xinjiang)
    village = Place.objects.create(name="Village", kind="village",
                                   parent=Place.objects.create(name="Nilka", kind="county", parent=ili))
    for i, home in enumerate([village, ili, None]):
        make.act(make.person(f"P{i}", home_place=home), "detention", "2018")
    groups = {g.labels: g.count for g in statistics.compute(rules.get("persons_by_region"), ADMIN).groups}
    assert groups == {("Ili",): 2, ("not recorded",): 1}


def test_petitions_by_year_and_answer():
    p = make.person()
    Intervention.objects.create(person=p, sent_on=dt.date(2023, 5, 1), answer="We are looking into it.")
    Intervention.objects.create(person=p, sent_on=dt.date(2023, 9, 1))
    Intervention.objects.create(person=p, sent_on=None)
    figure = statistics.compute(rules.get("petitions"), ADMIN, "ru")
    assert {g.labels: g.count for g in figure.groups} == {("2023", "есть ответ"): 1, ("2023", "без ответа"): 1}


def test_a_period_keeps_what_may_have_happened_inside_it():
    p = make.person()
    make.act(p, "detention", "2018-03")
    make.act(p, "release", "2021-06-01")
    period = statistics.Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert as_dict(statistics.compute(rules.get("acts_by_year"), ADMIN, period=period)) == {(2021, "release"): 1}
    with pytest.raises(statistics.PeriodError, match="the period is empty"):
        statistics.Period(dt.date(2022, 1, 1), dt.date(2021, 1, 1))


def test_drill_down_returns_exactly_the_counted_records():
    a, b = make.person("A"), make.person("B")
    make.act(a, "detention", "2018")
    make.act(b, "detention", "2019")
    rule = rules.get("persons_by_detention_year")
    assert list(statistics.records(rule, (2018,), ADMIN)) == [a]


def test_report_command_json_and_bad_input(demo, run_cli):
    import json

    status, out, _ = run_cli("report", "--json", "--public")
    assert status == 0
    data = json.loads(out)
    codes = {f["rule"]["code"] for f in data["figures"]}
    assert {"persons_by_status", "acts_by_year", "petitions"} <= codes
    assert all(f["rule"]["text"] for f in data["figures"])
    status, _, err = run_cli("report", "--since", "2020-01-01", "--until", "2019-01-01")
    assert status == 2 and "the period is empty" in err
    status, _, err = run_cli("report", "--since", "last spring")
    assert status == 2 and "is not a date" in err
    status, _, err = run_cli("report", "--rule", "nope")
    assert status == 2 and "no counting rule 'nope'" in err
    status, out, _ = run_cli("report", "--since", "1990-01-01", "--until", "1990-12-31")
    assert status == 0 and "no records in this period" in out


def test_each_claim_subject_stands_beside_our_own_count(demo):
    from rollcall.reports.beside import all_ledgers, ledger

    detained = ledger("people_detained", ADMIN)
    assert [c.quantity_text for c in detained.claims] == ["as many as 2 million", "more than 1 million"]
    held = Person.objects.filter(status__in=["detained", "interned", "imprisoned", "forced_labour"]).count()
    assert detained.ours == held and detained.rule.code == "persons_by_status"
    requests = ledger("requests_received", ADMIN)
    assert requests.ours == Intervention.objects.exclude(sent_on=None).count()
    assert ledger("kazakhs_in_china", ADMIN).ours is None
    subjects = {item.subject for item in all_ledgers(policy.PUBLIC)}
    assert "requests_received" in subjects
