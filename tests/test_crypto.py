"""Confidential fields are encrypted at rest, in history too, and the key can be rotated."""

import pytest
from django.db import connection

from rollcall.access import crypto, history
from rollcall.access import keys as rotation
from rollcall.access import sensitivity as sens
from rollcall.registry.models import Person
from tests import factories as make

pytestmark = pytest.mark.django_db


def raw_phone(person: Person) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM registry_person WHERE id = %s", [person.pk])
        return cursor.fetchone()[0]


def test_a_phone_number_is_stored_encrypted_and_read_back_plain():
    p = make.person("Bakhyt Zharykbasova", sens.PUBLIC, phone="+7 700 123 4567")
    stored = raw_phone(p)
    assert stored.startswith(crypto.PREFIX) and "700" not in stored
    assert Person.objects.get(pk=p.pk).phone == "+7 700 123 4567"


def test_history_holds_no_plaintext_of_encrypted_fields():
    p = make.person("Bakhyt Zharykbasova", sens.PUBLIC, phone="+7 700 111 1111")
    p.phone = "+7 700 222 2222"
    p.save()
    last = history.versions(p).last()
    assert "700" not in str(last.state) and "700" not in str(last.changes)
    assert [history.reveal(v) for v in last.changes["phone"]] == ["+7 700 111 1111", "+7 700 222 2222"]


def test_rotation_reencrypts_everything_and_old_keys_can_then_be_dropped(run_cli):
    p = make.person("Witness", sens.RESTRICTED, phone="555-0101", address="Almaty")
    p.phone = "555-0102"
    p.save()
    before = raw_phone(p)
    status, out, err = run_cli("keys", "rotate", "--json")
    assert status == 0, err
    assert raw_phone(p) != before
    assert len(crypto._read_keys()) == 2
    status, _, _ = run_cli("keys", "drop-old")
    assert status == 0 and len(crypto._read_keys()) == 1
    crypto._fernet.cache_clear()
    fresh = Person.objects.get(pk=p.pk)
    assert (fresh.phone, fresh.address) == ("555-0102", "Almaty")
    assert history.reveal(history.versions(p).last().changes["phone"][1]) == "555-0102"


def test_a_wrong_key_is_a_clear_error(monkeypatch):
    p = make.person("Witness", sens.RESTRICTED, phone="555-0101")
    monkeypatch.setenv("ROLLCALL_FIELD_KEYS", crypto.Fernet.generate_key().decode())
    with pytest.raises(crypto.KeyError_, match="cannot be decrypted"):
        Person.objects.get(pk=p.pk)


def test_plain_values_from_before_encryption_still_read(monkeypatch):
    assert crypto.decrypt("+7 700 000 0000") == "+7 700 000 0000"
    assert rotation._rotate_json({"a": [1, {"$enc": crypto.encrypt("x")}]})["a"][1]["$enc"].startswith(crypto.PREFIX)


def test_inside_a_bulk_write_the_keys_are_read_once_and_a_rotation_is_seen_after_it():
    with crypto.keys_held():
        held = crypto.fernet()
        crypto.add_key()
        assert crypto.fernet() is held
        token = crypto.encrypt("Almaty")[len(crypto.PREFIX):]
    newest = crypto.Fernet(crypto._read_keys()[0].encode())
    with pytest.raises(crypto.InvalidToken):
        newest.decrypt(token.encode())  # written under the key held, not the new one
    token = crypto.encrypt("Almaty")[len(crypto.PREFIX):]
    assert newest.decrypt(token.encode()) == b"Almaty"  # the rotation is seen at once
