"""An anonymous visitor cannot reach a confidential field by any page or URL; the main pages in
each language, with screenshots written to tests/screenshots/."""

from __future__ import annotations

import datetime as dt

import pytest

from rollcall.access import sensitivity as sens
from rollcall.interventions.models import Intervention
from rollcall.registry.models import PersonName, Relationship
from rollcall.sources.models import Mention
from tests import factories as make
from tests.browser.conftest import set_language, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRETS = ("+7 701 555 12 12", "Almaty, Abay 10", "SECRET-SENTENCE", "Hidden Witness", "Protected Name",
           "CONF-REF-9", "restricted article", "Secret Relative")


@pytest.fixture
def world():
    kalida = make.person("Kalida Akytkhan", sens.PUBLIC, phone=SECRETS[0], address=SECRETS[1], ethnicity="kazakh",
                         citizenship="china")
    PersonName.objects.create(person=kalida, text="Қалида Ақытқан", kind="transliteration", sensitivity=sens.PUBLIC)
    make.act(kalida, "internment", "2018-21", date_text="in spring, after Nauryz")
    make.act(kalida, "sentence", "2019-08~", level=sens.CONFIDENTIAL, description=SECRETS[2])
    witness = make.person(SECRETS[3], sens.CONFIDENTIAL)
    protected = make.person(SECRETS[4], sens.PUBLIC, identity_protected=True)
    relative = make.person(SECRETS[7], sens.RESTRICTED)
    Relationship.objects.create(subject=relative, kind="child_of", object=kalida, sensitivity=sens.RESTRICTED)
    Intervention.objects.create(person=kalida, authority_text="UN WGEID", reference=SECRETS[5],
                                sent_on=dt.date(2020, 1, 5), sensitivity=sens.PUBLIC,
                                field_sensitivity={"reference": "confidential"})
    article = make.source("Kalida Akytkhan detained", sens.PUBLIC,
                          text="Kalida Akytkhan was taken in spring 2018. Officials said more than 1000 returned.")
    Mention.objects.create(source=article, start=0, end=15, text="Kalida Akytkhan", kind="person", person=kalida,
                           sensitivity=sens.PUBLIC)
    make.claim(article, subject="people_returned", value=1000, quantity_text="more than 1000", as_of="2019-01")
    make.claim(make.source("Another outlet", sens.PUBLIC), subject="people_returned", value=3000,
               quantity_text="3,000", as_of="2020-06")
    hidden_source = make.source(SECRETS[6], sens.RESTRICTED, witness=witness)
    return {"kalida": kalida, "witness": witness, "protected": protected, "relative": relative,
            "article": article, "hidden_source": hidden_source}


def test_an_anonymous_visitor_cannot_reach_a_confidential_field_by_any_page_or_url(page, world):
    k, w, p, r = world["kalida"], world["witness"], world["protected"], world["relative"]
    urls = ["/", "/search/", "/search/?q=Kalida", "/search/?q=Hidden+Witness", "/search/?q=Protected+Name",
            f"/persons/{k.pk}/", f"/persons/{p.pk}/", f"/sources/{world['article'].pk}/", "/claims/",
            "/claims/people_returned/", f"/api/v1/persons/{k.pk}", "/api/v1/persons", "/api/v1/search/persons?q=Hidden"]
    for url in urls:
        response = page.goto(page.base + url)
        assert response.status == 200, url
        # the visitor's own query is echoed in the search box; everything else must be clean
        typed = page.locator("#q").input_value() if page.locator("#q").count() else ""
        text = page.content().replace(f'value="{typed}"', "") if typed else page.content()
        for secret in SECRETS:
            assert secret not in text, (url, secret)
    for url in (f"/persons/{w.pk}/", f"/persons/{r.pk}/", f"/sources/{world['hidden_source'].pk}/",
                f"/api/v1/persons/{w.pk}", f"/history/person/{k.pk}", f"/api/v1/history/person/{k.pk}",
                "/files/1/"):
        response = page.goto(page.base + url)
        assert response.status in (401, 403, 404), url
    for url in ("/intake/", "/follow-ups/", "/review/"):
        page.goto(page.base + url)
        assert "/accounts/login/" in page.url, url


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_main_pages_in_each_language(page, world, users, shoot, lang):
    k = world["kalida"]
    sign_in(page, "caseworker", "pw-caseworker")
    set_language(page, lang)
    expected = {"en": "Search", "ru": "Поиск", "kk": "Іздеу"}[lang]
    for name, url in (("home", "/"), ("search", "/search/?q=Kalida"), ("person", f"/persons/{k.pk}/"),
                      ("intake", "/intake/"), ("source", f"/sources/{world['article'].pk}/"),
                      ("claims", "/claims/people_returned/"), ("follow-ups", "/follow-ups/?days=0"),
                      ("review", "/review/"), ("statistics", "/statistics/")):
        page.goto(page.base + url)
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("header nav a").first.inner_text() == expected, (lang, name)
        shoot(page, f"{name}-{lang}")
    page.goto(page.base + f"/persons/{k.pk}/")
    petition, script = {"en": ("Petition", "Cyrillic script"), "ru": ("Обращение", "кириллица"),
                        "kk": ("Өтініш", "кирилл жазуы")}[lang]
    body = page.locator("main").inner_text()
    assert f"{petition}: UN WGEID" in body and f"; {script})" in body
    page.goto(page.base + f"/persons/{k.pk}/")
    assert SECRETS[0] in page.content()  # a case worker does see the phone
