"""schemathesis against the OpenAPI description: no input makes the API fail with a server error."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from rollcall.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def test_connection_kept():
    """Calls go straight to the WSGI application, whose request signals close the database
    connection that holds the test's transaction (harmless on SQLite's in-memory test database,
    fatal on PostgreSQL); Django's own test client disconnects them the same way."""
    from django.core import signals
    from django.db import close_old_connections

    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(autouse=True)
def records(db):
    from rollcall.access import sensitivity as sens
    from tests import factories as make

    p = make.person("Baibolat Kunbolat", sens.PUBLIC)
    make.act(p, "protest_arrest", "2022-09-10")
    make.claim(make.source("An article", sens.PUBLIC))


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_makes_the_api_fail(case):
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path} -> {response.status_code}"
    case.validate_response(response, checks=[schemathesis.checks.not_a_server_error])
