"""Vocabulary fields: their labels follow the active language (the admin's selects, filters and
get_<field>_display()), while migrations hold only the vocabulary's name, never its choices."""

from __future__ import annotations

import pytest
from django.core import management
from django.test import Client
from django.utils import translation

from rollcall.access import sensitivity as sens
from rollcall.interventions.models import Intervention
from rollcall.registry.fields import VocabularyField
from rollcall.registry.models import Act
from tests import factories as make

LETTER = {"en": "Letter", "ru": "Письмо", "kk": "Хат"}


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_a_label_is_given_in_the_active_language(language):
    petition = Intervention(kind="letter")
    with translation.override(language):
        assert petition.get_kind_display() == LETTER[language]


def test_one_field_gives_each_language_its_label_in_turn():
    """The labels are looked up when shown, not fixed when the model class was built."""
    field = Intervention._meta.get_field("kind")
    labels = []
    for language in ("kk", "en", "ru"):
        with translation.override(language):
            labels.append(str(dict(field.flatchoices)["letter"]))
    assert labels == [LETTER["kk"], LETTER["en"], LETTER["ru"]]


def test_without_an_active_language_labels_are_english():
    with translation.override(None):
        assert Act(type="arrest").get_type_display() == "Arrest"


def test_the_codes_are_still_checked_on_save(db):
    person = make.person("Kalida Akytkhan", sens.RESTRICTED)
    with translation.override("kk"), pytest.raises(ValueError, match="unknown kind 'telegram'"):
        Intervention.objects.create(person=person, kind="telegram")


def test_the_choices_stay_out_of_migrations():
    name, path, args, kwargs = VocabularyField(vocabulary="intervention_kinds").deconstruct()
    assert "choices" not in kwargs and kwargs["vocabulary"] == "intervention_kinds"


@pytest.mark.django_db
def test_models_and_migrations_still_agree():
    try:
        management.call_command("makemigrations", check=True, dry_run=True, verbosity=0)
    except SystemExit as exc:
        pytest.fail(f"makemigrations --check found changes (exit {exc.code})")


@pytest.mark.django_db
@pytest.mark.parametrize("language, pending, letter", [
    ("ru", "Ожидает ответа", "Письмо"), ("kk", "Жауап күтуде", "Хат"), ("en", "Awaiting answer", "Letter")])
def test_the_admin_lists_and_forms_speak_the_readers_language(users, language, pending, letter):
    person = make.person("Kalida Akytkhan", sens.RESTRICTED)
    petition = Intervention.objects.create(person=person, kind="letter", authority_text="Consulate",
                                           sensitivity=sens.RESTRICTED)
    client = Client()
    client.force_login(users["caseworker"])
    client.cookies["django_language"] = language
    changelist = client.get("/admin/interventions/intervention/").content.decode()
    assert f"{letter} to Consulate" in changelist  # the record's name
    assert f">{pending}</a>" in changelist  # the outcome filter
    change = client.get(f"/admin/interventions/intervention/{petition.pk}/change/").content.decode()
    assert f'<option value="letter" selected>{letter}</option>' in change
    assert f'<option value="pending" selected>{pending}</option>' in change
