"""Deployment checks, security headers, and hostile text shown as text."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.test import Client

from rollcall.access import sensitivity as sens
from tests import factories as make


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {**os.environ, "ROLLCALL_DATA": str(tmp_path), "ROLLCALL_HTTPS": "1", "ROLLCALL_DEBUG": "0",
           "ROLLCALL_ALLOWED_HOSTS": "rollcall.example.org", "DJANGO_SETTINGS_MODULE": "rollcall.settings"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_every_page_carries_a_policy_that_allows_nothing_from_other_sites():
    response = Client().get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "http" not in policy and "*" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "geolocation=()" in response.headers["Permissions-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
])
def test_hostile_text_in_records_is_shown_as_text(hostile):
    p = make.person(hostile, sens.PUBLIC, description=hostile)
    for url in ("/", f"/persons/{p.pk}/"):
        page = Client().get(url).content.decode()
        assert hostile not in page
        assert "&lt;" in page
