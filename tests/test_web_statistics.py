"""The statistics page: figures with their rules and charts, our count beside others', drill-down for staff."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from rollcall.access import sensitivity as sens
from rollcall.registry.models import Person
from tests import factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(db):
    for i in range(3):
        make.act(make.person(f"Public {i}", sens.PUBLIC, ethnicity="kazakh"), "detention", "2018-21")
    make.act(make.person("Restricted One", sens.RESTRICTED, ethnicity="uyghur"), "internment", "2019")


def test_the_public_sees_figures_of_public_records_with_their_rules_and_charts(registry):
    page = Client().get("/statistics/").content.decode()
    assert "persons_by_status" in page and "v1" in page
    assert "<svg" in page and "http://www.w3.org/2000/svg" in page
    assert "People recorded, by current status — 3" in page
    assert "The records behind each number" not in page


def test_staff_figures_count_what_staff_may_see_and_drill_down_to_the_records(registry, users):
    client = Client()
    client.force_login(users["volunteer"])
    page = client.get("/statistics/").content.decode()
    assert "People recorded, by current status — 4" in page
    key = json.dumps(["interned"])
    records = client.get("/statistics/persons_by_status/records/", {"key": key}).content.decode()
    assert "Restricted One" in records and "Public 0" not in records


def test_the_drill_down_is_not_for_the_public(registry):
    assert Client().get("/statistics/persons_by_status/records/", {"key": '["detained"]'}).status_code == 404


def test_the_page_speaks_kazakh_and_russian(registry):
    client = Client()
    client.cookies["django_language"] = "kk"
    page = client.get("/statistics/", HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "Есептеу ережесі" in page and "Тізілімдегі адамдар" in page
    page = Client().get("/statistics/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Правило подсчёта" in page


def test_statistics_answer_in_a_bounded_number_of_queries(registry, django_assert_max_num_queries):
    for i in range(30):
        make.act(make.person(f"More {i}", sens.PUBLIC), "detention", "2020")
    assert Person.objects.count() == 34
    with django_assert_max_num_queries(40):
        Client().get("/statistics/")
