"""The source page: text with mentions highlighted and linked, claims, near-duplicates, provenance."""

from __future__ import annotations

import pytest
from django.test import Client

from rollcall.access import sensitivity as sens
from rollcall.sources.models import Mention, Source
from tests import factories as make

pytestmark = pytest.mark.django_db
TEXT = "Kalida Akytkhan was detained in Tekes. Officials said more than a thousand requests came."


@pytest.fixture
def article():
    src = make.source("Detained in Tekes", sens.PUBLIC, text=TEXT, sha256="ab" * 32)
    Source.objects.filter(pk=src.pk).update(captured_by="ingest:anna")
    kalida = make.person("Kalida Akytkhan", sens.PUBLIC)
    hidden = make.person("Secret Person", sens.RESTRICTED)
    Mention.objects.create(source=src, start=0, end=15, text="Kalida Akytkhan", kind="person", person=kalida,
                           sensitivity=sens.PUBLIC)
    Mention.objects.create(source=src, start=32, end=37, text="Tekes", kind="place", person=hidden,
                           sensitivity=sens.PUBLIC)
    make.claim(src, sentence="Officials said more than a thousand requests came.")
    copy = make.source("Detained in Tekes (copy)", sens.PUBLIC, text=TEXT, near_duplicate_of=src)
    return src, kalida, hidden, copy


def test_mentions_are_highlighted_and_linked_to_visible_records(article):
    src, kalida, hidden, copy = article
    page = Client().get(f"/sources/{src.pk}/").content.decode()
    assert f'<mark class="person" title="Kalida Akytkhan"><a href="/persons/{kalida.pk}/">Kalida Akytkhan</a></mark>' in page
    assert '<mark class="place">Tekes</mark>' in page and f"/persons/{hidden.pk}/" not in page


def test_provenance_claims_and_near_duplicates_are_shown(article):
    src, _, _, copy = article
    page = Client().get(f"/sources/{src.pk}/").content.decode()
    assert "ab" * 32 in page and "ingest:anna" in page
    assert "more than a thousand" in page and "/claims/requests_received/" in page
    assert f"/sources/{copy.pk}/" in page


def test_a_testimony_hides_the_witness_and_consent_note_below_confidential(users):
    witness = make.person("Witness Name", sens.RESTRICTED)
    src = make.source("Visit", sens.RESTRICTED, witness=witness, consent_given=True, consent_note="only for the UN")
    Source.objects.filter(pk=src.pk).update(kind="testimony")
    for role, sees in (("volunteer", False), ("researcher", False), ("caseworker", True)):
        client = Client()
        client.force_login(users[role])
        page = client.get(f"/sources/{src.pk}/").content.decode()
        assert ("only for the UN" in page) is sees and ("Witness Name" in page) is sees, role
    assert Client().get(f"/sources/{src.pk}/").status_code == 404


def test_the_query_count_does_not_grow_with_mentions(article, django_assert_max_num_queries):
    src = article[0]
    with django_assert_max_num_queries(20) as few:
        Client().get(f"/sources/{src.pk}/")
    for i in range(20):
        p = make.person(f"Person {i}", sens.PUBLIC)
        Mention.objects.create(source=src, start=40 + i, end=41 + i, text="x", kind="person", person=p,
                               sensitivity=sens.PUBLIC)
    with django_assert_max_num_queries(len(few.captured_queries)):
        Client().get(f"/sources/{src.pk}/")
