"""Follow-ups: petitions without an answer for N days, oldest first, for staff."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from rollcall.access import sensitivity as sens
from rollcall.interventions.models import Intervention
from tests import factories as make

pytestmark = pytest.mark.django_db


def petition(person, days_ago: int, answered: bool = False, level: int = sens.RESTRICTED, **fields):
    today = timezone.localdate()
    return Intervention.objects.create(
        person=person, authority_text=f"Authority {days_ago}", sent_on=today - dt.timedelta(days=days_ago),
        answered_on=today if answered else None, sensitivity=level, **fields)


def client_for(users, role):
    client = Client()
    client.force_login(users[role])
    return client


def test_unanswered_petitions_older_than_n_days_come_oldest_first(users):
    p = make.person("Kalida Akytkhan", sens.RESTRICTED)
    petition(p, 10)
    petition(p, 400)
    petition(p, 90)
    petition(p, 500, answered=True)
    page = client_for(users, "volunteer").get("/follow-ups/", {"days": 30}).content.decode()
    assert "Authority 10<" not in page and "Authority 500" not in page
    assert page.index("Authority 400") < page.index("Authority 90")


def test_confidential_petitions_are_only_listed_for_cleared_roles(users):
    p = make.person("Kalida Akytkhan", sens.RESTRICTED)
    petition(p, 100, level=sens.CONFIDENTIAL)
    assert "Authority 100" not in client_for(users, "volunteer").get("/follow-ups/").content.decode()
    assert "Authority 100" in client_for(users, "caseworker").get("/follow-ups/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in():
    assert Client().get("/follow-ups/").status_code == 302


def test_the_query_count_does_not_grow_with_petitions(users, django_assert_max_num_queries):
    client = client_for(users, "caseworker")
    petition(make.person("A", sens.RESTRICTED), 100)
    with django_assert_max_num_queries(15) as few:
        client.get("/follow-ups/")
    for i in range(20):
        petition(make.person(f"P{i}", sens.RESTRICTED), 100 + i)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/follow-ups/")
