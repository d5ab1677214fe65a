"""A case worker signs in through the real form (password, then the authenticator code), then
records a petition and the authority's answer by keyboard. Screenshots of the petition forms in
Kazakh and Russian are written to tests/screenshots/."""

from __future__ import annotations

import datetime as dt

import pyotp
import pytest
from django.utils import timezone

from rollcall.access import sensitivity as sens
from rollcall.access.models import TOTPDevice
from rollcall.interventions.models import Intervention
from tests import factories as make
from tests.browser.conftest import set_language, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the test's own authenticator


def focused(page) -> str:
    return page.evaluate("document.activeElement.id")


@pytest.fixture
def waiting(users):
    detainee = make.person("Kalida Akytkhan", sens.RESTRICTED)
    return Intervention.objects.create(person=detainee, authority_text="Consulate in Urumqi", sent_on_edtf="2018-21",
                                       sent_on_text="spring 2018", sensitivity=sens.RESTRICTED)


def test_a_case_worker_signs_in_with_password_and_code_then_records_the_answer_by_keyboard(
        page, users, waiting, shoot, settings):
    settings.ROLLCALL_TWO_FACTOR = True
    TOTPDevice.objects.create(user=users["caseworker"], secret=SECRET, confirmed_at=timezone.now())

    # the password step, by keyboard
    page.goto(page.base + "/accounts/login/?next=/follow-ups/")
    page.focus("#id_username")
    page.keyboard.type("caseworker")
    page.keyboard.press("Tab")
    assert focused(page) == "id_password"
    page.keyboard.type("pw-caseworker")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/accounts/two-factor/")
    assert page.locator("header .who").count() == 0  # not signed in yet: the password alone is not enough

    # the code step: the code field has the focus already
    assert focused(page) == "id_code"
    page.keyboard.type(pyotp.TOTP(SECRET).now())
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url("**/follow-ups/")
    assert "caseworker" in page.locator("header .who").inner_text()

    set_language(page, "kk")
    row = page.locator(f"#petition-{waiting.pk}")
    assert "2018 жылдың көктемі" in row.inner_text()  # sent "spring 2018", in the reader's words
    link = row.locator("a.answer-link")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # straight from the follow-up to its answer form
    assert page.url.endswith(f"/petitions/{waiting.pk}/answer/")
    assert page.locator("h1").inner_text() == "Жауапты тіркеу"

    # the date field has the focus; words it cannot read give a message in Kazakh, focus stays there
    assert focused(page) == "id_answered"
    page.keyboard.type("қар ерігенде")
    page.keyboard.press("Tab")
    assert focused(page) == "id_answer"
    page.keyboard.type("Адам кәсіптік оқуда жүр.")
    page.keyboard.press("Tab")
    assert focused(page) == "id_outcome"
    page.keyboard.press("Tab")
    assert focused(page) == "save"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    error = page.locator("#id_answered_error")
    assert "күнді түсіну мүмкін болмады" in error.inner_text()
    assert focused(page) == "id_answered"
    assert page.locator("#id_answered").get_attribute("aria-invalid") == "true"
    shoot(page, "petition-answer-error-kk")

    page.keyboard.press("Control+A")
    page.keyboard.type("2019 жылы күзде")
    page.focus("#save")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(f"**/persons/{waiting.person_id}/#petitions")
    row = page.locator(f"#petition-{waiting.pk}")
    assert "Адам кәсіптік оқуда жүр." in row.inner_text() and "2019 жылдың күзі" in row.inner_text()
    assert "Жауап тіркелді." in page.locator(".messages").inner_text()
    waiting.refresh_from_db()
    assert (waiting.answered_on_edtf, waiting.answered_on, waiting.outcome) == ("2019-23", dt.date(2019, 11, 30),
                                                                               "answered")
    page.goto(page.base + "/follow-ups/?days=0")
    assert page.locator(f"#petition-{waiting.pk}").count() == 0  # the follow-up is closed


@pytest.mark.parametrize("language, heading, sent", [("ru", "Записать обращение", "весной 2019"),
                                                     ("kk", "Өтінішті тіркеу", "2019 жылдың көктемі")])
def test_the_petition_form_by_keyboard_in_russian_and_kazakh(page, users, waiting, shoot, language, heading, sent):
    sign_in(page, "caseworker", "pw-caseworker")
    set_language(page, language)
    page.goto(page.base + f"/persons/{waiting.person_id}/")
    page.locator("#new-petition").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == heading
    assert focused(page) == "id_kind"
    order = []
    for _ in range(5):
        page.keyboard.press("Tab")
        order.append(focused(page))
    assert order == ["id_authority", "id_sent", "id_reference", "id_follow_up", "id_family_consent"]
    page.focus("#id_authority")
    page.keyboard.type("Министерство иностранных дел Республики Казахстан")
    page.keyboard.press("Tab")
    page.keyboard.type(sent)
    page.keyboard.press("Tab")
    page.keyboard.type("МИД-2019-7")
    shoot(page, f"petition-form-{language}")
    page.focus("#save")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    saved = Intervention.objects.exclude(pk=waiting.pk).get()
    assert (saved.sent_on_edtf, saved.sent_on_text, saved.reference) == ("2019-21", sent, "МИД-2019-7")
    assert page.locator(f"#petition-{saved.pk}").count() == 1

    page.goto(page.base + f"/petitions/{saved.pk}/answer/")
    shoot(page, f"petition-answer-{language}")
    assert page.locator("label[for=id_answered]").count() == 1 and page.locator("label[for=id_answer]").count() == 1
