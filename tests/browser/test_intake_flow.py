"""A volunteer records a case with the interface in Kazakh, then finds the person by a Latin and a
Cyrillic spelling and sees the timeline. Keyboard only on the intake form."""

from __future__ import annotations

import pytest

from rollcall.registry.models import Person
from tests.browser.conftest import set_language, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_intake_in_kazakh_then_find_the_person_in_latin_and_cyrillic(page, users, shoot):
    sign_in(page, "volunteer", "pw-volunteer")
    set_language(page, "kk")
    page.goto(page.base + "/intake/")
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.locator("h1").inner_text() == "Қабылдау: келуді тіркеу"

    # keyboard only: focus the first name and go on with Tab
    page.focus("#id_name_1")
    page.keyboard.type("Қалида Ақытқан")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_name_2"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")  # the focus is visible
    page.keyboard.type("Kalida Akytkhan")
    page.focus("#id_birth_date")
    page.keyboard.type("1975")
    page.focus("#id_ethnicity")
    page.keyboard.press("End")  # a select moves with the keyboard too
    page.select_option("#id_ethnicity", "kazakh")
    page.focus("#id_acts-0-type")
    page.select_option("#id_acts-0-type", "internment")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_acts-0-when"
    page.keyboard.type("2018 жылдың көктемінде")
    page.focus("#id_acts-1-type")
    page.select_option("#id_acts-1-type", "sentence")
    page.focus("#id_acts-1-when")
    page.keyboard.type("2019 жылы тамызда")
    page.focus("#id_applicant_name")
    page.keyboard.type("Ербол Ақытқан")
    page.focus("#id_consent_given")
    page.keyboard.press("Space")
    page.focus("#save")
    page.keyboard.press("Enter")
    page.wait_for_url("**/persons/*/")
    person = Person.objects.get(names__text="Kalida Akytkhan")

    timeline = page.locator("#timeline")
    assert "2018 жылдың көктемі" in timeline.inner_text()  # spring 2018, in Kazakh, marked uncertain
    assert timeline.locator(".uncertain-mark").count() == 2
    assert "Түрмеде" in page.locator(".status").inner_text()  # imprisoned, derived from the acts
    shoot(page, "person-kk")

    for query in ("Kalida Akytkhan", "Калида Акытхан"):
        page.goto(page.base + "/search/")
        page.fill("#q", query)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        link = page.locator(f'#results a[href="/persons/{person.pk}/"]')
        assert link.count() == 1, query
    link.click()
    page.wait_for_url(f"**/persons/{person.pk}/")
    assert "Лагерьге қамау" in page.locator("#timeline").inner_text()


def test_the_live_check_offers_the_existing_person_while_typing(page, users):
    from rollcall.access import sensitivity as sens
    from tests import factories as make

    existing = make.person("Kalida Akytkhan", sens.RESTRICTED)
    sign_in(page, "volunteer", "pw-volunteer")
    page.goto(page.base + "/intake/")
    page.fill("#id_name_1", "Калида Акытхан")
    page.wait_for_selector("#matches:not([hidden])")
    page.locator(f"#match-{existing.pk}").check()
    assert page.locator("input[name=match]").input_value() == str(existing.pk)
    page.select_option("#id_acts-0-type", "release")
    page.fill("#id_acts-0-when", "March 2020")
    page.locator("#save").click()
    page.wait_for_url(f"**/persons/{existing.pk}/")
    assert Person.objects.count() == 1 and existing.acts.get().date == "2020-03"
