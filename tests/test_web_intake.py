"""The intake desk: one visit recorded in one transaction, with the duplicate check."""

from __future__ import annotations

import pytest
from django.test import Client

from rollcall.access import sensitivity as sens
from rollcall.access.models import AuditEntry
from rollcall.registry.models import Act, Person, PersonName, Relationship
from rollcall.sources.models import Attachment, Source
from tests import factories as make

pytestmark = pytest.mark.django_db

PNG = make.photo("PNG")


def client_for(users, role: str) -> Client:
    client = Client()
    client.force_login(users[role])
    return client


def visit(**overrides) -> dict:
    data = {
        "name_1": "Қалида Ақытқан", "name_2": "Kalida Akytkhan", "name_3": "", "sex": "female",
        "birth_date": "1975", "home_place": "Tekes", "ethnicity": "kazakh", "citizenship": "china",
        "occupation": "teacher", "account": "She was taken in spring 2018.", "consent_given": "on",
        "consent_note": "", "sensitivity": str(sens.RESTRICTED), "applicant_name": "Erbol Akytkhan",
        "applicant_relation": "child_of", "applicant_phone": "+7 700 000 00 00", "applicant_address": "",
        "match": "new",
        "acts-TOTAL_FORMS": "3", "acts-INITIAL_FORMS": "0", "acts-MIN_NUM_FORMS": "0", "acts-MAX_NUM_FORMS": "10",
        "acts-0-type": "internment", "acts-0-when": "spring 2018", "acts-0-place": "", "acts-0-description": "",
        "acts-1-type": "sentence", "acts-1-when": "2019 жылы тамызда", "acts-1-place": "", "acts-1-description": "",
        "acts-2-type": "", "acts-2-when": "", "acts-2-place": "", "acts-2-description": "",
    }
    data.update(overrides)
    return data


def test_anonymous_visitors_are_sent_to_sign_in():
    response = Client().get("/intake/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role, status", [("volunteer", 200), ("caseworker", 200), ("administrator", 200),
                                          ("researcher", 403)])
def test_only_roles_that_may_intake_get_the_form(users, role, status):
    assert client_for(users, role).get("/intake/").status_code == status


def test_the_form_labels_every_input_for_keyboard_and_screen_reader_use(users):
    page = client_for(users, "volunteer").get("/intake/").content.decode()
    for field in ("id_name_1", "id_birth_date", "id_acts-0-when", "id_applicant_phone", "id_uploads"):
        assert f'for="{field}"' in page and f'id="{field}"' in page
    assert "tabindex" not in page  # the natural order is the tab order


def test_a_volunteer_records_a_visit_in_one_go(users):
    response = client_for(users, "volunteer").post("/intake/", visit())
    assert response.status_code == 302
    person = Person.objects.get(names__text="Kalida Akytkhan")
    assert response["Location"] == f"/persons/{person.pk}/"
    assert {n.text for n in person.names.all()} == {"Қалида Ақытқан", "Kalida Akytkhan"}
    assert person.sensitivity == sens.RESTRICTED and person.ethnicity == "kazakh"
    assert (person.birth_date, person.birth_date_text) == ("1975", "1975")
    acts = {a.type: a for a in Act.objects.filter(person=person)}
    assert (acts["internment"].date, acts["internment"].date_text) == ("2018-21", "spring 2018")
    assert acts["sentence"].date == "2019-08"
    assert person.status == "imprisoned"
    applicant = Person.objects.get(names__text="Erbol Akytkhan")
    assert applicant.phone == "+7 700 000 00 00"
    assert Relationship.objects.filter(subject=applicant, object=person, kind="child_of").exists()
    testimony = Source.objects.get(kind="testimony", witness=applicant)
    assert testimony.consent_given and testimony.captured_by == "volunteer"
    assert AuditEntry.objects.filter(actor="volunteer", action="create", target="registry.person").count() == 2


def test_words_that_are_no_date_get_a_clear_message_and_nothing_is_saved(users):
    response = client_for(users, "volunteer").post("/intake/", visit(**{"acts-0-when": "last spring"}))
    assert response.status_code == 200
    assert "Could not read a date from “last spring”" in response.content.decode()
    assert not PersonName.objects.filter(text="Kalida Akytkhan").exists()


def test_a_likely_match_under_another_spelling_is_offered_before_saving(users):
    existing = make.person("Kalida Akytkhan", sens.RESTRICTED)
    response = client_for(users, "volunteer").post("/intake/", visit(name_1="Калида Акытхан", name_2="", match=""))
    page = response.content.decode()
    assert response.status_code == 200 and f'value="{existing.pk}"' in page
    assert Person.objects.count() == 1


def test_the_visit_can_be_attached_to_the_existing_person(users):
    existing = make.person("Kalida Akytkhan", sens.RESTRICTED)
    response = client_for(users, "volunteer").post("/intake/", visit(match=str(existing.pk)))
    assert response["Location"] == f"/persons/{existing.pk}/"
    assert Person.objects.filter(names__text="Erbol Akytkhan").count() == 1
    assert set(existing.names.values_list("text", flat=True)) == {"Kalida Akytkhan", "Қалида Ақытқан"}
    assert existing.acts.count() == 2


def test_a_person_the_volunteer_may_not_see_cannot_be_attached_to(users):
    hidden = make.person("Kalida Akytkhan", sens.CONFIDENTIAL)
    response = client_for(users, "volunteer").post("/intake/", visit(match=str(hidden.pk)))
    assert response.status_code == 200 and hidden.acts.count() == 0


def test_the_live_check_finds_matches_across_scripts(users):
    existing = make.person("Kalida Akytkhan", sens.RESTRICTED)
    data = client_for(users, "volunteer").get("/intake/matches", {"q": "Калида Акытхан"}).json()
    assert [m["id"] for m in data["matches"]] == [existing.pk]
    assert Client().get("/intake/matches", {"q": "Kalida"}).status_code == 302


def test_photos_are_stored_as_attachments_and_other_files_are_refused(users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(users, "volunteer")
    bad = SimpleUploadedFile("x.exe", b"MZ\x90\x00binary", content_type="image/png")
    response = client.post("/intake/", visit(uploads=[bad]))
    assert response.status_code == 200 and "is not a photo" in response.content.decode()
    assert not Person.objects.exists()
    photo = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    response = client.post("/intake/", visit(uploads=[photo], identity_protected="on"))
    person = Person.objects.get(names__text="Kalida Akytkhan")
    attachment = person.photos.get()
    assert attachment.media_type == "image/png" and attachment.sensitivity == sens.CONFIDENTIAL
    assert Attachment.objects.count() == 1


def test_too_large_files_are_refused(users, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MAX_UPLOAD_BYTES = 10
    photo = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    response = client_for(users, "volunteer").post("/intake/", visit(uploads=[photo]))
    assert "is too large" in response.content.decode() and not Person.objects.exists()


def test_a_failure_half_way_leaves_nothing_behind(users, monkeypatch):
    from rollcall.web import services

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.EvidenceLink.objects, "create", broken)
    with pytest.raises(RuntimeError):
        client_for(users, "volunteer").post("/intake/", visit())
    assert not Person.objects.exists() and not Act.objects.exists()


def test_the_intake_page_works_in_kazakh(users):
    client = client_for(users, "volunteer")
    client.post("/i18n/setlang/", {"language": "kk", "next": "/intake/"})
    page = client.get("/intake/").content.decode()
    assert 'lang="kk"' in page and "Ұстау" in page
