"""Staff sign in with a password and an authenticator code; failures are throttled."""

from __future__ import annotations

import pyotp
import pytest
from django.test import Client

from rollcall.access.models import AuditEntry, TOTPDevice, User

pytestmark = pytest.mark.django_db


def password_step(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def signed_in_as(client: Client) -> str | None:
    user = client.get("/").wsgi_request.user
    return user.get_username() if user.is_authenticated else None


def test_a_password_alone_does_not_sign_staff_in(users):
    client = Client()
    response = password_step(client, "caseworker", "pw-caseworker")
    assert response.status_code == 302 and response.url == "/accounts/two-factor/"
    assert signed_in_as(client) is None


def test_enrolment_shows_a_qr_code_then_a_valid_code_signs_in(users):
    client = Client()
    password_step(client, "caseworker", "pw-caseworker")
    page = client.get("/accounts/two-factor/").content.decode()
    assert "data:image/svg+xml" in page and "totp-secret" in page
    secret = TOTPDevice.objects.get(user=users["caseworker"]).secret
    assert client.post("/accounts/two-factor/", {"code": "000000"}).status_code == 200
    assert signed_in_as(client) is None
    response = client.post("/accounts/two-factor/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert signed_in_as(client) == "caseworker"
    assert TOTPDevice.objects.get(user=users["caseworker"]).confirmed_at is not None
    assert AuditEntry.objects.filter(action="login", actor="caseworker").exists()


def test_a_code_works_only_once(users):
    secret = pyotp.random_base32()
    TOTPDevice.objects.create(user=users["researcher"], secret=secret, confirmed_at="2026-01-01T00:00Z")
    code = pyotp.TOTP(secret).now()
    first = Client()
    password_step(first, "researcher", "pw-researcher")
    first.post("/accounts/two-factor/", {"code": code})
    assert signed_in_as(first) == "researcher"
    second = Client()
    password_step(second, "researcher", "pw-researcher")
    page = second.post("/accounts/two-factor/", {"code": code}).content.decode()
    assert signed_in_as(second) is None and "not valid" in page


def test_the_code_step_needs_the_password_step_first():
    assert Client().get("/accounts/two-factor/").url == "/accounts/login/"


def test_the_secret_is_encrypted_at_rest(users):
    from django.db import connection

    client = Client()
    password_step(client, "volunteer", "pw-volunteer")
    client.get("/accounts/two-factor/")
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM access_totpdevice")
        assert cursor.fetchone()[0].startswith("enc1:")


def test_repeated_failures_lock_sign_in_even_with_the_right_password(users):
    client = Client()
    for _ in range(5):
        page = password_step(client, "administrator", "wrong").content.decode()
        assert "Too many" not in page
    page = password_step(client, "administrator", "pw-administrator").content.decode()
    assert "Too many failed sign-ins" in page
    assert signed_in_as(client) is None


def test_a_public_account_signs_in_with_a_password(db):
    User.objects.create_user("reader", password="pw-reader", role="public")
    client = Client()
    assert password_step(client, "reader", "pw-reader").status_code == 302
    assert signed_in_as(client) == "reader"


def test_two_factor_can_be_turned_off_for_a_deployment(users, settings):
    settings.ROLLCALL_TWO_FACTOR = False
    client = Client()
    password_step(client, "volunteer", "pw-volunteer")
    assert signed_in_as(client) == "volunteer"


def test_the_admin_sign_in_goes_through_the_two_steps():
    response = Client().get("/admin/login/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
