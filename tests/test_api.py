"""The JSON API: anonymous callers get public data, staff use tokens, OpenAPI is published."""

import pytest
from django.test import Client

from rollcall.access import sensitivity as sens
from rollcall.access.models import ApiToken
from tests import factories as make

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    public = make.person("Baibolat Kunbolat", sens.PUBLIC, phone="+7 700 000 0000")
    make.act(public, "protest_arrest", "2022-09-10", term="15 days", term_days=15)
    hidden = make.person("Erlan Demo", sens.RESTRICTED)
    make.act(hidden, "disappearance", "2018-21")
    src = make.source("Kazakhstan offers more clues", sens.PUBLIC)
    make.claim(src)
    return public, hidden


def bearer(user) -> dict:
    _, key = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_anonymous_callers_see_public_persons_only(records):
    public, hidden = records
    data = Client().get("/api/v1/persons").json()
    assert data["count"] == 1
    person = data["items"][0]
    assert person["name"] == "Baibolat Kunbolat" and "phone" not in person
    assert Client().get(f"/api/v1/persons/{hidden.pk}").status_code == 404


def test_a_person_comes_with_names_and_acts(records):
    public, _ = records
    data = Client().get(f"/api/v1/persons/{public.pk}").json()
    assert [n["script"] for n in data["names"]] == ["latin"]
    assert data["acts"][0]["type"] == "protest_arrest" and data["acts"][0]["term_days"] == 15


def test_a_staff_token_sees_restricted_records(records, users):
    data = Client().get("/api/v1/persons", **bearer(users["volunteer"])).json()
    assert data["count"] == 2
    assert all("phone" not in p for p in data["items"])
    data = Client().get("/api/v1/persons", **bearer(users["caseworker"])).json()
    assert "+7 700 000 0000" in [p.get("phone") for p in data["items"]]


@pytest.mark.parametrize("header", ["Bearer wrong", "Token abc", "Bearer "])
def test_a_bad_token_is_refused_not_treated_as_anonymous(records, header):
    assert Client().get("/api/v1/persons", HTTP_AUTHORIZATION=header).status_code == 401


def test_a_revoked_token_is_refused(records, users):
    from django.utils import timezone

    token, key = ApiToken.issue(users["caseworker"])
    token.revoked_at = timezone.now()
    token.save()
    assert Client().get("/api/v1/persons", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_acts_sources_and_claims_are_listed(records):
    client = Client()
    assert client.get("/api/v1/acts").json()["count"] == 1
    sources = client.get("/api/v1/sources").json()
    assert sources["count"] == 1 and "text" not in sources["items"][0]
    source_id = sources["items"][0]["id"]
    assert client.get(f"/api/v1/sources/{source_id}").json()["text"] == "text"
    claims = client.get("/api/v1/claims?subject=requests_received").json()
    assert claims["items"][0]["quantity_text"] == "more than a thousand"


def test_pagination_limits_and_offsets(db):
    for i in range(7):
        make.person(f"Person {i}", sens.PUBLIC)
    page = Client().get("/api/v1/persons?limit=3&offset=3").json()
    assert page["count"] == 7 and [p["name"] for p in page["items"]] == ["Person 3", "Person 4", "Person 5"]


def test_the_openapi_description_is_published():
    spec = Client().get("/api/v1/openapi.json").json()
    assert spec["info"]["title"] == "Rollcall API"
    for path in ("/api/v1/persons", "/api/v1/persons/{person_id}", "/api/v1/acts", "/api/v1/sources",
                 "/api/v1/claims"):
        assert path in spec["paths"]


def test_the_token_command_issues_a_working_token(records, users, run_cli):
    status, out, _ = run_cli("token", "researcher", "--json")
    assert status == 0
    import json

    key = json.loads(out)["token"]
    assert Client().get("/api/v1/persons", HTTP_AUTHORIZATION=f"Bearer {key}").json()["count"] == 2
    status, _, err = run_cli("token", "nobody")
    assert status == 2 and "no active user named 'nobody'" in err


def test_search_finds_across_scripts_and_respects_clearance(records, users):
    data = Client().get("/api/v1/search/persons", {"q": "Байболат Кунболат"}).json()
    assert data["results"][0]["name"] == "Baibolat Kunbolat"
    assert Client().get("/api/v1/search/persons", {"q": "Erlan Demo"}).json()["results"] == []
    staff = Client().get("/api/v1/search/persons", {"q": "Erlan Demo"}, **bearer(users["volunteer"])).json()
    assert staff["results"][0]["name"] == "Erlan Demo"


@pytest.mark.parametrize("url", ["/api/v1/sources?kind=%00", "/api/v1/persons?ethnicity=a%00b",
                                 "/api/v1/search/persons?q=%00", "/search/?q=Bilash%00", "/search/?%00=1"])
def test_a_nul_in_a_parameter_is_bad_input_not_a_server_error(client, url):
    """PostgreSQL refuses text with NUL: the request must be refused before it gets there."""
    response = client.get(url)
    assert response.status_code == 400
    assert b"NUL" in response.content
