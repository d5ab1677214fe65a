"""The claims ledger: every figure for one quantity by source and date, with an SVG chart."""

from __future__ import annotations

import pytest
from django.test import Client

from rollcall.access import sensitivity as sens
from tests import factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures():
    a = make.source("Ministry says", sens.PUBLIC, outlet="Kazinform")
    b = make.source("Activists say", sens.PUBLIC, outlet="Azattyq")
    hidden = make.source("Internal", sens.RESTRICTED)
    make.claim(a, subject="people_detained", value=1000, quantity_text="about a thousand", as_of="2018-12",
               said_by_text="Ministry")
    make.claim(b, subject="people_detained", value=10000, quantity_text="more than ten thousand",
               qualifier="more_than", as_of="2019-03", said_by_text="Atajurt")
    make.claim(hidden, subject="people_detained", value=777, quantity_text="777", as_of="2019-05")
    return a, b


def test_the_ledger_shows_every_visible_figure_side_by_side_with_a_chart(figures):
    page = Client().get("/claims/people_detained/").content.decode()
    assert "about a thousand" in page and "more than ten thousand" in page and "777" not in page
    assert "<svg" in page and page.count("<circle") >= 2 and "different figures" in page
    assert page.index("about a thousand") < page.index("more than ten thousand")


def test_numbers_are_formatted_per_language(figures):
    client = Client()
    assert "10,000" in client.get("/claims/people_detained/").content.decode()
    client.post("/i18n/setlang/", {"language": "ru"})
    assert "10\xa0000" in client.get("/claims/people_detained/").content.decode()


def test_staff_see_restricted_figures(figures, users):
    client = Client()
    client.force_login(users["researcher"])
    assert "777" in client.get("/claims/people_detained/").content.decode()


def test_the_index_counts_figures_per_quantity_and_unknown_quantities_are_404(figures):
    page = Client().get("/claims/").content.decode()
    assert 'href="/claims/people_detained/"' in page
    assert Client().get("/claims/nonsense/").status_code == 404


def test_the_query_count_does_not_grow_with_figures(figures, django_assert_max_num_queries):
    with django_assert_max_num_queries(10) as few:
        Client().get("/claims/people_detained/")
    for i in range(20):
        make.claim(figures[0], subject="people_detained", value=i, as_of=f"20{10 + i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        Client().get("/claims/people_detained/")
