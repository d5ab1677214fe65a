"""The person page: names in all scripts, status, timeline, ties, evidence, petitions, history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from rollcall.access import sensitivity as sens
from rollcall.access.models import AuditEntry
from rollcall.interventions.models import Intervention
from rollcall.registry.models import PersonName, Relationship
from rollcall.sources.models import EvidenceLink
from tests import factories as make

pytestmark = pytest.mark.django_db


def client_for(users, role: str | None) -> Client:
    client = Client()
    if role:
        client.force_login(users[role])
    return client


@pytest.fixture
def case():
    p = make.person("Kalida Akytkhan", sens.PUBLIC, phone="+7 700 111", ethnicity="kazakh")
    PersonName.objects.create(person=p, text="Қалида Ақытқан", kind="transliteration", sensitivity=sens.PUBLIC)
    PersonName.objects.create(person=p, text="卡丽达", kind="chinese_official", sensitivity=sens.RESTRICTED)
    make.act(p, "internment", "2018-21", date_text="in spring, after Nauryz")
    make.act(p, "sentence", "2019-08", level=sens.CONFIDENTIAL, description="ten years")
    son = make.person("Erbol Akytkhan", sens.RESTRICTED)
    Relationship.objects.create(subject=son, kind="child_of", object=p, sensitivity=sens.RESTRICTED)
    src = make.source("Article about Kalida", sens.PUBLIC)
    EvidenceLink.objects.create(source=src, person=p, grade="single_source", quote="Kalida was taken",
                                sensitivity=sens.PUBLIC)
    Intervention.objects.create(person=p, authority_text="Ministry of Foreign Affairs", reference="MFA-77",
                                sent_on=dt.date(2020, 1, 10), follow_up_on=dt.date(2020, 3, 1),
                                sensitivity=sens.PUBLIC)
    return p


def test_the_public_sees_public_names_and_acts_only(case):
    page = client_for(None, None).get(f"/persons/{case.pk}/").content.decode()
    assert "Kalida Akytkhan" in page and "Қалида Ақытқан" in page and "spring 2018" in page
    for secret in ("卡丽达", "ten years", "+7 700 111", "Erbol", "MFA-77", "Edit history"):
        assert secret not in page
    assert "Article about Kalida" in page and "Ministry of Foreign Affairs" in page


def test_the_status_is_derived_and_uncertain_dates_are_marked(case):
    page = client_for(None, None).get(f"/persons/{case.pk}/").content.decode()
    assert "Interned in a camp" in page  # the public does not see the confidential sentence
    assert 'class="when uncertain" title="2018-21"' in page and "uncertain date" in page


def test_a_volunteer_sees_restricted_but_not_confidential_data(case, users):
    page = client_for(users, "volunteer").get(f"/persons/{case.pk}/").content.decode()
    assert "卡丽达" in page and "Erbol Akytkhan" in page and "MFA-77" in page
    assert "+7 700 111" not in page and "ten years" not in page and "Edit history" not in page


def test_a_case_worker_sees_everything_and_the_view_is_audited(case, users):
    page = client_for(users, "caseworker").get(f"/persons/{case.pk}/").content.decode()
    assert "+7 700 111" in page and "ten years" in page and "Imprisoned" in page
    assert "Edit history" in page and "follow-up is due" in page
    assert AuditEntry.objects.filter(action="view", target="registry.person", object_id=str(case.pk)).exists()


def test_a_researcher_reads_history_without_confidential_field_names(case, users):
    page = client_for(users, "researcher").get(f"/persons/{case.pk}/").content.decode()
    assert "Edit history" in page and "+7 700 111" not in page
    history = page.split("Edit history")[1]
    assert "phone" not in history and "address" not in history


def test_an_identity_protected_person_shows_no_names_to_the_public(users):
    p = make.person("Secret Witness", sens.PUBLIC, identity_protected=True)
    page = client_for(None, None).get(f"/persons/{p.pk}/").content.decode()
    assert "Secret Witness" not in page and f"Protected person #{p.pk}" in page


def test_the_page_costs_the_same_number_of_queries_with_more_acts(case, users, django_assert_max_num_queries):
    client = client_for(users, "caseworker")
    client.get(f"/persons/{case.pk}/")
    with django_assert_max_num_queries(30) as few:
        client.get(f"/persons/{case.pk}/")
    for i in range(15):
        make.act(case, "transfer", f"2019-0{1 + i % 9}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/persons/{case.pk}/")


def test_a_photo_is_served_only_to_those_who_may_see_it(users):
    from rollcall.sources import files
    from rollcall.sources.models import Attachment

    p = make.person("Kalida Akytkhan", sens.PUBLIC)
    original = make.photo("PNG")
    digest = files.store(original)
    photo = Attachment.objects.create(sha256=digest, size=len(original), media_type="image/png",
                                      sensitivity=sens.RESTRICTED)
    p.photos.add(photo)
    assert client_for(None, None).get(f"/files/{photo.pk}/").status_code == 404
    assert f"/files/{photo.pk}/" not in client_for(None, None).get(f"/persons/{p.pk}/").content.decode()
    response = client_for(users, "volunteer").get(f"/files/{photo.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert f"/files/{photo.pk}/" in client_for(users, "volunteer").get(f"/persons/{p.pk}/").content.decode()


def test_a_photo_is_handed_out_without_gps_or_camera_and_the_original_only_on_request(users):
    from rollcall.sources import files
    from rollcall.sources.models import Attachment

    p = make.person("Kalida Akytkhan", sens.PUBLIC)
    original = make.photo("JPEG")
    photo = Attachment.objects.create(sha256=files.store(original), size=len(original), media_type="image/jpeg",
                                      sensitivity=sens.PUBLIC)
    p.photos.add(photo)
    for role in (None, "volunteer", "caseworker"):
        served = client_for(users, role).get(f"/files/{photo.pk}/").content
        assert served != original and b"Canon" not in served and b"SERIAL-0423" not in served, role
    # Only a role that may have originals gets the bytes as captured, and only when it asks.
    assert client_for(users, "volunteer").get(f"/files/{photo.pk}/?original=1").content != original
    assert client_for(None, None).get(f"/files/{photo.pk}/?original=1").content != original
    assert not AuditEntry.objects.filter(action="view_original").exists()
    assert client_for(users, "caseworker").get(f"/files/{photo.pk}/?original=1").content == original
    seen = AuditEntry.objects.get(action="view_original")
    assert seen.object_id == str(photo.pk) and "caseworker" in seen.actor
