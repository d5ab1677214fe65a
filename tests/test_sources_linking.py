"""Linking names in a source to the registry across spellings and scripts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rollcall.registry.models import Organization, Person, PersonName, Place
from rollcall.sources import linking as spans_module
from rollcall.sources.ingesting import ingest
from rollcall.sources.linking import Linker, gazetteer_key, locate, spans
from rollcall.sources.models import Mention, Proposal, Source

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).parent / "data" / "ingest" / "seeds"
XI_VISIT = SEEDS / "002_8dca6d976db183b7.txt"


@pytest.mark.parametrize("spelling", ["Atajurt", "Atazhurt", "Ata-Jurt", "ATA-JURT"])
def test_atajurt_is_one_organisation_in_every_spelling(spelling):
    org = Organization.objects.create(name="Atajurt Eriktileri", kind="ngo", other_names=["Atazhurt"])
    assert Linker().organization(spelling).id == org.pk


def test_a_different_organisation_with_a_shared_word_is_not_linked():
    Organization.objects.create(name="Atajurt Eriktileri", kind="ngo", other_names=["Atazhurt"])
    assert Linker().organization("Nagyz Atazhurt").id is None
    assert gazetteer_key("Ata-Jurt") == gazetteer_key("Atazhurt")


def test_gaukar_is_linked_to_gaukhar():
    person = Person.objects.create()
    PersonName.objects.create(person=person, text="Gaukhar Kurmanaliyeva")
    link = Linker().person("Gaukar Kurmanaliyeva")
    assert link.id == person.pk and link.score >= 0.85


def test_a_name_in_cyrillic_is_linked_to_the_latin_record():
    person = Person.objects.create()
    PersonName.objects.create(person=person, text="Serikzhan Bilash")
    assert Linker().person("Серікжан Біләш").id == person.pk


def test_an_unknown_name_is_not_linked():
    person = Person.objects.create()
    PersonName.objects.create(person=person, text="Serikzhan Bilash")
    assert Linker().person("Beibut Atamkulov").id is None


def test_mentions_of_known_records_are_linked_and_unknown_names_are_proposed():
    kunbolat = Person.objects.create()
    PersonName.objects.create(person=kunbolat, text="Baybolat Kunbolat")
    almaty = Place.objects.create(name="Almaty", kind="city", other_names=["Алматы"])
    ingest([XI_VISIT])
    src = Source.objects.get()
    mentions = Mention.objects.filter(source=src)
    assert mentions.filter(person=kunbolat).exists() and mentions.filter(place=almaty).exists()
    for m in mentions:
        assert src.text[m.start:m.end] == m.text
    names = set(Proposal.objects.filter(kind="person").values_list("payload__name", flat=True))
    assert "Bakhyt Zharykbasova" in names and "Baibolat Kunbolat" not in names


def test_spans_fall_back_to_the_surname_when_the_full_name_is_absent():
    text = "Karibai said so. Later Karibai added more."
    assert spans(text, "Mukhtar Karibai") == [(0, 7), (23, 30)]


def test_a_quote_with_other_quote_marks_is_found_as_the_text_has_it():
    text = "Bakhyt Zharykbasova's husband, Baibolat Kunbolat, was arrested."
    assert locate(text, "Bakhyt Zharykbasova’s husband, Baibolat Kunbolat, was arrested.") == text
    assert locate(text, "nowhere to be found") == "nowhere to be found"


@pytest.mark.django_db(False)
@given(st.text(alphabet="ab _-.éК1\n", max_size=40), st.text(alphabet="ab _-.éК1", min_size=1, max_size=4))
def test_spans_are_where_a_whole_word_regular_expression_finds_the_name(text, name):
    expected = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)][:20]
    assert spans_module._find(text, name, 20) == (expected if name.strip() else [])
