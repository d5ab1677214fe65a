from __future__ import annotations

import pytest

from rollcall.ingest.dates import find_dates, parse


@pytest.mark.parametrize(
    "phrase, ref, edtf",
    [
        ("on September 10", "2019-10-01", "2019-09-10"),
        ("in March", "2019-05-30", "2019-03"),
        ("August last year", "2019-05-30", "2018-08"),
        ("since February 2020", None, "2020-02/.."),
        ("spring 2018", None, "2018-21"),
        ("in recent months", "2019-05-30", "2018-11~/2019-05"),
        ("10 сентября", "2019-10-01", "2019-09-10"),
        ("в прошлом году", "2019-10-01", "2018"),
        ("in March", None, "XXXX-03"),
    ],
)
def test_it_turns_phrases_into_edtf(phrase, ref, edtf):
    assert parse(phrase, ref) == edtf


def test_it_keeps_the_words_as_written():
    found = find_dates("In August last year, a panel met.", "2019-05-30")
    assert found[0].text == "In August last year" and found[0].edtf == "2018-08"


def test_it_does_not_take_the_modal_may_for_a_month():
    assert find_dates("It may mean trouble.") == []
    assert [(d.text, d.edtf) for d in find_dates("It may 2 be so, it may mean trouble in 2019.")] == [
        ("in 2019", "2019")]
    assert [(d.text, d.edtf) for d in find_dates("They may return in May 2019.")] == [("in May 2019", "2019-05")]


