"""Sessions and accounts read by compiled statements behave as Django's own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from rollcall.access.sessions import AccountBackend, SessionStore

pytestmark = pytest.mark.django_db


def test_a_saved_session_loads_with_its_values():
    store = SessionStore()
    store["case"] = 42
    store.save()
    assert SessionStore(store.session_key).load() == {"case": 42}


def test_an_unknown_session_is_empty_and_gives_up_its_key():
    store = SessionStore("no-such-session-key-0123456789")
    assert store.load() == {}
    assert store.session_key is None


def test_an_expired_session_is_empty():
    store = SessionStore()
    store["case"] = 42
    store.save()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert SessionStore(store.session_key).load() == {}


def test_the_backend_gives_active_accounts_only(users):
    backend = AccountBackend()
    caseworker = users["caseworker"]
    assert backend.get_user(caseworker.pk) == caseworker
    assert backend.get_user(str(caseworker.pk)) == caseworker
    assert backend.get_user(10**9) is None
    assert backend.get_user("not a number") is None
    caseworker.is_active = False
    caseworker.save()
    assert backend.get_user(caseworker.pk) is None


def test_a_signed_in_client_is_signed_out_when_its_account_is_deactivated(users):
    client = Client()
    client.force_login(users["caseworker"])
    assert client.get("/").wsgi_request.user.get_username() == "caseworker"
    users["caseworker"].is_active = False
    users["caseworker"].save()
    assert not client.get("/").wsgi_request.user.is_authenticated
