"""Petitions from the web: a case worker records a petition on a person's page and, later, the
authority's answer; the follow-up closes; roles without the "petition" capability cannot."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from rollcall.access import sensitivity as sens
from rollcall.access.models import AuditEntry, Revision
from rollcall.interventions.models import Intervention
from rollcall.registry.models import Organization
from tests import factories as make

pytestmark = pytest.mark.django_db

A_PETITION = {"kind": "petition", "authority": "Ministry of Foreign Affairs of Kazakhstan", "sent": "spring 2018",
              "reference": "MFA-2018-41", "follow_up": "", "notes": "", "sensitivity": str(sens.RESTRICTED)}


def client_for(users, role: str | None, language: str | None = None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if role:
        client.force_login(users[role])
    if language:
        client.cookies["django_language"] = language
    return client


def post(client: Client, url: str, data: dict):
    """A form submitted as a browser does: the page first (for the CSRF cookie), then the post."""
    client.get(url)
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


def input_tag(page: str, name: str, element: str = "input") -> str:
    """The opening tag of the form control named `name`."""
    before, after = page.split(f'name="{name}"', 1)
    return "<" + element + before.rsplit("<" + element, 1)[1] + f'name="{name}"' + after.split(">", 1)[0] + ">"


@pytest.fixture
def detainee():
    return make.person("Kalida Akytkhan", sens.RESTRICTED)


def waiting_petition(person, days: int, **fields) -> Intervention:
    fields.setdefault("sensitivity", sens.RESTRICTED)
    return Intervention.objects.create(person=person, authority_text="Consulate in Urumqi",
                                       sent_on=timezone.localdate() - dt.timedelta(days=days), **fields)


def test_a_case_worker_records_a_petition_in_words_and_the_person_page_shows_it(users, detainee):
    client = client_for(users, "caseworker")
    page = client.get(f"/persons/{detainee.pk}/").content.decode()
    assert f'href="/persons/{detainee.pk}/petitions/new/"' in page

    response = post(client, f"/persons/{detainee.pk}/petitions/new/", A_PETITION)
    assert response.status_code == 302 and response["Location"] == f"/persons/{detainee.pk}/#petitions"
    saved = Intervention.objects.get(person=detainee)
    assert (saved.kind, saved.authority_text, saved.reference) == ("petition", A_PETITION["authority"], "MFA-2018-41")
    assert (saved.sent_on_edtf, saved.sent_on_text) == ("2018-21", "spring 2018")
    assert saved.sent_on == dt.date(2018, 5, 31)  # the last day spring 2018 can mean: waiting is never overstated
    assert saved.answered_on is None and saved.outcome == "pending" and saved.sensitivity == sens.RESTRICTED

    page = client.get(f"/persons/{detainee.pk}/").content.decode()
    assert "The petition is recorded." in page
    row = page.split(f'id="petition-{saved.pk}"')[1].split("</tr>")[0]
    assert "spring 2018" in row and "Ministry of Foreign Affairs of Kazakhstan" in row and "MFA-2018-41" in row
    assert f'href="/petitions/{saved.pk}/answer/"' in row


def test_the_petition_is_written_to_history_and_the_audit_trail_with_its_author(users, detainee):
    post(client_for(users, "caseworker"), f"/persons/{detainee.pk}/petitions/new/", A_PETITION)
    saved = Intervention.objects.get(person=detainee)
    revision = Revision.objects.get(target="interventions.intervention", object_id=str(saved.pk))
    assert (revision.action, revision.author, revision.version) == ("create", "caseworker", 1)
    entry = AuditEntry.objects.filter(target="interventions.intervention", object_id=str(saved.pk)).get()
    assert (entry.action, entry.actor) == ("create", "caseworker")
    history = client_for(users, "caseworker").get(f"/persons/{detainee.pk}/").content.decode().split("Edit history")[1]
    assert "Created · petition · version 1" in history


def test_a_known_authority_is_linked_rather_than_typed_again(users, detainee):
    mfa = Organization.objects.create(name="Ministry of Foreign Affairs of Kazakhstan", kind="ministry")
    waiting_petition(make.person("Someone else"), 10, authority=mfa)
    client = client_for(users, "caseworker")
    assert '<option value="Ministry of Foreign Affairs of Kazakhstan">' in client.get(
        f"/persons/{detainee.pk}/petitions/new/").content.decode()  # offered while typing
    post(client, f"/persons/{detainee.pk}/petitions/new/",
         {**A_PETITION, "authority": "ministry of foreign affairs of kazakhstan"})
    saved = Intervention.objects.get(person=detainee)
    assert (saved.authority_id, saved.authority_text) == (mfa.pk, "")


def test_the_answer_closes_the_follow_up(users, detainee):
    petition = waiting_petition(detainee, 120, follow_up_on=timezone.localdate() - dt.timedelta(days=30))
    client = client_for(users, "caseworker")
    follow_ups = client.get("/follow-ups/", {"days": 30}).content.decode()
    assert f'href="/petitions/{petition.pk}/answer/"' in follow_ups  # straight to the answer form
    assert "1 follow-up is due." in client.get(f"/persons/{detainee.pk}/").content.decode()

    today = timezone.localdate()
    response = post(client, f"/petitions/{petition.pk}/answer/",
                    {"answered": f"{today.day} {today:%B} {today.year}",
                     "answer": "The person is receiving vocational training.", "outcome": "answered"})
    assert response.status_code == 302 and response["Location"] == f"/persons/{detainee.pk}/#petitions"
    petition.refresh_from_db()
    assert petition.answered_on == timezone.localdate() and petition.outcome == "answered"
    assert petition.answer == "The person is receiving vocational training."
    page = client.get(f"/persons/{detainee.pk}/").content.decode()
    assert "The answer is recorded." in page and "receiving vocational training" in page
    assert "follow-up is due" not in page
    assert f"petition-{petition.pk}" not in client.get("/follow-ups/", {"days": 0}).content.decode()
    revisions = Revision.objects.filter(target="interventions.intervention", object_id=str(petition.pk))
    assert list(revisions.order_by("version").values_list("action", flat=True)) == ["create", "update"]


def test_an_answer_in_words_keeps_the_words_and_the_last_day_they_can_mean(users, detainee):
    petition = waiting_petition(detainee, 3000)
    post(client_for(users, "caseworker"), f"/petitions/{petition.pk}/answer/",
         {"answered": "autumn 2019", "answer": "Refused.", "outcome": "refused"})
    petition.refresh_from_db()
    assert (petition.answered_on_edtf, petition.answered_on_text, petition.answered_on) == (
        "2019-23", "autumn 2019", dt.date(2019, 11, 30))
    assert petition.outcome == "refused"


def test_the_answer_form_is_filled_with_an_earlier_answer_to_correct_it(users, detainee):
    petition = waiting_petition(detainee, 400, answered_on=dt.date(2024, 2, 1), answer="No such person.")
    form = client_for(users, "caseworker").get(f"/petitions/{petition.pk}/answer/").content.decode()
    assert 'value="2024-02-01"' in form and "No such person.</textarea>" in form


@pytest.mark.parametrize("role", ["volunteer", "researcher"])
def test_a_role_without_the_petition_capability_gets_403_and_sees_no_link(users, detainee, role):
    petition = waiting_petition(detainee, 100)
    client = client_for(users, role)
    for url in (f"/persons/{detainee.pk}/petitions/new/", f"/petitions/{petition.pk}/answer/"):
        assert client.get(url).status_code == 403
    client.get("/")
    token = client.cookies["csrftoken"].value
    assert client.post(f"/persons/{detainee.pk}/petitions/new/", {**A_PETITION, "csrfmiddlewaretoken": token}
                       ).status_code == 403
    assert client.post(f"/petitions/{petition.pk}/answer/", {"answered": "2024", "answer": "x", "outcome": "answered",
                                                            "csrfmiddlewaretoken": token}).status_code == 403
    assert Intervention.objects.filter(person=detainee).count() == 1
    petition.refresh_from_db()
    assert petition.answered_on is None
    for url in (f"/persons/{detainee.pk}/", "/follow-ups/"):
        page = client.get(url).content.decode()
        assert "/petitions/" not in page, url


def test_the_public_is_sent_to_sign_in_and_sees_no_link(users):
    person = make.person("Baibolat Kunbolat", sens.PUBLIC)
    petition = waiting_petition(person, 100, sensitivity=sens.PUBLIC)
    client = client_for(users, None)
    for url in (f"/persons/{person.pk}/petitions/new/", f"/petitions/{petition.pk}/answer/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
    client.get("/")
    response = client.post(f"/petitions/{petition.pk}/answer/", {
        "answered": "2024", "answer": "x", "outcome": "answered", "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.answered_on is None
    page = client.get(f"/persons/{person.pk}/").content.decode()
    assert "Consulate in Urumqi" in page and "/petitions/" not in page


def test_a_post_without_the_csrf_token_is_refused(users, detainee):
    response = client_for(users, "caseworker").post(f"/persons/{detainee.pk}/petitions/new/", A_PETITION)
    assert response.status_code == 403
    assert not Intervention.objects.filter(person=detainee).exists()


def test_a_petition_of_a_confidential_person_is_not_found_by_a_role_not_cleared(users):
    hidden = make.person("Hidden Person", sens.CONFIDENTIAL)
    petition = waiting_petition(hidden, 50, sensitivity=sens.CONFIDENTIAL)
    client = client_for(users, "caseworker")
    assert client.get(f"/petitions/{petition.pk}/answer/").status_code == 200
    assert client.get("/persons/999999/petitions/new/").status_code == 404
    assert client.get("/petitions/999999/answer/").status_code == 404


@pytest.mark.parametrize("language, words", [
    ("en", "Could not read a date"), ("ru", "Не удалось понять дату"), ("kk", "күнді түсіну мүмкін болмады")])
def test_a_date_that_cannot_be_read_is_explained_in_the_form_in_the_readers_language(users, detainee, language, words):
    client = client_for(users, "caseworker", language)
    response = post(client, f"/persons/{detainee.pk}/petitions/new/", {**A_PETITION, "sent": "when the snow melted"})
    assert response.status_code == 200
    page = response.content.decode()
    error = page.split('id="id_sent_error"')[1].split("</ul>")[0]
    assert words in error and "when the snow melted" in error
    sent = input_tag(page, "sent")
    assert 'aria-invalid="true"' in sent and 'value="when the snow melted"' in sent  # kept for correcting
    assert not Intervention.objects.filter(person=detainee).exists()


def test_missing_and_impossible_dates_are_refused_with_a_message(users, detainee):
    client = client_for(users, "caseworker")
    nothing = post(client, f"/persons/{detainee.pk}/petitions/new/", {**A_PETITION, "sent": "", "authority": ""})
    assert nothing.status_code == 200 and nothing.content.decode().count("This field is required.") == 2
    future = post(client, f"/persons/{detainee.pk}/petitions/new/",
                  {**A_PETITION, "sent": str(timezone.localdate().year + 2)})
    assert "This date is in the future." in future.content.decode()
    assert not Intervention.objects.filter(person=detainee).exists()

    petition = waiting_petition(detainee, 30)
    early = post(client, f"/petitions/{petition.pk}/answer/", {"answered": "2015", "answer": "x", "outcome": "answered"})
    assert "The answer cannot come before the petition was sent" in early.content.decode()
    empty = post(client, f"/petitions/{petition.pk}/answer/", {"answered": "2025", "answer": "", "outcome": "answered"})
    assert "This field is required." in empty.content.decode()
    petition.refresh_from_db()
    assert petition.answered_on is None and petition.answer == ""


def test_after_an_error_the_keyboard_lands_on_the_field_to_fix(users, detainee):
    client = client_for(users, "caseworker")
    form = client.get(f"/persons/{detainee.pk}/petitions/new/").content.decode()
    assert form.count("autofocus") == 1 and "autofocus" in input_tag(form, "kind", "select")  # the first field
    assert '<label for="id_authority">' in form and '<label for="id_sent">' in form  # every field has its label
    page = post(client, f"/persons/{detainee.pk}/petitions/new/", {**A_PETITION, "sent": "when the snow melted"})
    html = page.content.decode()
    assert "autofocus" in input_tag(html, "sent") and html.count("autofocus") == 1
    assert 'role="alert"' in html


def test_the_person_page_costs_the_same_number_of_queries_with_more_petitions(users, detainee,
                                                                            django_assert_max_num_queries):
    mfa = Organization.objects.create(name="Ministry of Foreign Affairs of Kazakhstan", kind="ministry")
    client = client_for(users, "caseworker")
    waiting_petition(detainee, 100, authority=mfa)
    client.get(f"/persons/{detainee.pk}/")
    with django_assert_max_num_queries(40) as few:
        client.get(f"/persons/{detainee.pk}/")
    for i in range(12):
        waiting_petition(detainee, 200 + i, authority=mfa if i % 2 else None, sent_on_edtf="2018-21",
                         sent_on_text="spring 2018", answer="No." if i % 3 else "", reference=f"R-{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(f"/persons/{detainee.pk}/").content.decode()
    assert page.count('class="answer-link"') == 13
