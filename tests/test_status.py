import datetime as dt

from rollcall.registry.status import ActView, derive

D = dt.date


def act(type_, lo=None, hi=None, order=0):
    return ActView(type_, lo, hi or lo, order)


def test_no_acts_means_unknown():
    assert derive([]) == "unknown"


def test_acts_that_do_not_change_status_are_ignored():
    assert derive([act("protest", D(2022, 9, 1)), act("summons", D(2022, 9, 12))]) == "unknown"


def test_the_latest_act_decides():
    acts = [act("detention", D(2018, 3, 1)), act("sentence", D(2019, 1, 1)), act("release", D(2021, 6, 1))]
    assert derive(acts) == "released"


def test_order_of_recording_does_not_matter_when_dates_are_known():
    acts = [act("release", D(2021, 6, 1), order=1), act("detention", D(2018, 3, 1), order=2)]
    assert derive(acts) == "released"


def test_an_undated_act_counts_as_older_than_a_dated_one():
    acts = [act("detention", D(2018, 3, 1), order=2), act("release", None, order=1)]
    assert derive(acts) == "detained"


def test_an_uncertain_period_is_placed_by_its_latest_possible_day():
    acts = [act("internment", D(2018, 1, 1), D(2018, 12, 31)), act("release", D(2018, 6, 1))]
    assert derive(acts) == "interned"
