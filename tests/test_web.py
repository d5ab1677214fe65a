"""Public pages and the health check."""

import os

import pytest
from django.test import Client

from rollcall.access import sensitivity as sens
from tests import factories as make

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_public_persons_only():
    make.person("Gulfiya Kazybek", sens.PUBLIC)
    make.person("Erlan Demo", sens.RESTRICTED)
    page = Client().get("/").content.decode()
    assert "Gulfiya Kazybek" in page and "Erlan Demo" not in page


def test_a_person_page_shows_the_timeline_with_uncertain_dates_marked():
    p = make.person("Kalida Akytkhan", sens.PUBLIC)
    make.act(p, "detention", "2018-21", date_text="in spring, after Nauryz")
    make.act(p, "release", "2019-06-03")
    page = Client().get(f"/persons/{p.pk}/").content.decode()
    assert "Kalida Akytkhan" in page and "Released" in page
    assert 'class="when uncertain" title="2018-21">spring 2018<' in page and "in spring, after Nauryz" in page
    assert 'class="when" title="2019-06-03">June 3, 2019<' in page


def test_a_hidden_person_is_not_found_for_the_public():
    p = make.person("Erlan Demo", sens.RESTRICTED)
    assert Client().get(f"/persons/{p.pk}/").status_code == 404


def test_pages_load_nothing_from_other_sites():
    make.person("Gulfiya Kazybek", sens.PUBLIC)
    page = Client().get("/").content.decode()
    assert "http://" not in page and "https://" not in page and "//cdn" not in page


def test_healthz_answers_ok():
    data = Client().get("/healthz").json()
    expected = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    assert data == {"status": "ok", "database": expected}


def test_sign_in_shows_the_role(users, settings):
    settings.ROLLCALL_TWO_FACTOR = False  # the two steps have their own tests
    client = Client()
    response = client.post("/accounts/login/", {"username": "caseworker", "password": "pw-caseworker"})
    assert response.status_code == 302
    assert "caseworker" in client.get("/").content.decode()
