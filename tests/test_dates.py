import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rollcall import dates

D = dt.date


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2018", D(2018, 1, 1), D(2018, 12, 31)),
        ("2018-08~", D(2018, 8, 1), D(2018, 8, 31)),
        ("2018-02", D(2018, 2, 1), D(2018, 2, 28)),
        ("2020-02-29", D(2020, 2, 29), D(2020, 2, 29)),
        ("2018-21", D(2018, 3, 1), D(2018, 5, 31)),
        ("2018-24", D(2018, 12, 1), D(2019, 2, 28)),
        ("201X", D(2010, 1, 1), D(2019, 12, 31)),
        ("2018-XX", D(2018, 1, 1), D(2018, 12, 31)),
        ("2020-02/..", D(2020, 2, 1), None),
        ("/2020-02", None, D(2020, 2, 29)),
        ("2018-03/2019-06?", D(2018, 3, 1), D(2019, 6, 30)),
    ],
)
def test_bounds_of_uncertain_dates(text, earliest, latest):
    assert dates.bounds(text) == (earliest, latest)


@pytest.mark.parametrize(
    "text", ["", "last spring", "2018-13", "2019-02-29", "2018-25", "18", "2019/2018", "../..", "2018-21-01"]
)
def test_it_rejects_what_is_not_edtf(text):
    with pytest.raises(dates.EDTFError):
        dates.bounds(text)


def test_an_exact_day_is_certain_and_a_month_is_not():
    assert not dates.is_uncertain("2022-09-10")
    assert dates.is_uncertain("2022-09")
    assert dates.is_uncertain("2022-09-10?")


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31)))
def test_a_day_is_its_own_bounds(day):
    assert dates.bounds(day.isoformat()) == (day, day)


@given(st.text(max_size=20))
def test_any_text_either_parses_or_raises_edtf_error(text):
    try:
        lo, hi = dates.bounds(text)
    except dates.EDTFError:
        return
    assert lo is None or hi is None or lo <= hi
