"""The search page: names across scripts, filters with counts, pagination, bounded queries."""

from __future__ import annotations

import random

import pytest
from django.test import Client

from rollcall.access import sensitivity as sens
from rollcall.names import synthetic
from rollcall.registry.models import Act, Organization, Person, PersonName, Place
from tests import factories as make

pytestmark = pytest.mark.django_db


def test_a_latin_and_a_cyrillic_spelling_find_the_same_person():
    p = make.person("Қалида Ақытқан", sens.PUBLIC)
    for query in ("Kalida Akytkhan", "Калида Акытхан"):
        page = Client().get("/search/", {"q": query}).content.decode()
        assert f'href="/persons/{p.pk}/"' in page, query


def test_the_public_never_finds_restricted_persons():
    make.person("Erlan Demo", sens.RESTRICTED)
    page = Client().get("/search/", {"q": "Erlan Demo"}).content.decode()
    assert ">Erlan Demo</a>" not in page and "0 persons found" in page


def test_filters_show_counts_per_value_and_narrow_the_results():
    a = make.person("Aigul One", sens.PUBLIC, ethnicity="kazakh")
    make.person("Bakyt Two", sens.PUBLIC, ethnicity="uyghur")
    make.person("Dana Three", sens.PUBLIC, ethnicity="kazakh")
    make.act(a, "internment", "2018-05")
    page = Client().get("/search/").content.decode()
    assert "3 persons found" in page
    assert 'Kazakh</a> <small>2</small>' in page and 'Uyghur</a> <small>1</small>' in page
    page = Client().get("/search/", {"ethnicity": "kazakh", "status": "interned"}).content.decode()
    assert "1 person found" in page and "Aigul One" in page


def test_region_organisation_source_and_date_range_filters():
    region = Place.objects.create(name="Ili", kind="prefecture")
    village = Place.objects.create(name="Tekes", kind="village", parent=region)
    police = Organization.objects.create(name="Tekes police", kind="police")
    a = make.person("Aigul One", sens.PUBLIC, home_place=village)
    b = make.person("Bakyt Two", sens.PUBLIC)
    Act.objects.create(person=a, type="detention", date="2017-11", perpetrator=police, sensitivity=sens.PUBLIC)
    make.act(b, "detention", "2019-02")
    src = make.source("News", sens.PUBLIC)
    from rollcall.sources.models import EvidenceLink
    EvidenceLink.objects.create(source=src, person=b, sensitivity=sens.PUBLIC)

    def names(**params):
        page = Client().get("/search/", params).content.decode()
        return {n for n in ("Aigul One", "Bakyt Two") if f">{n}</a>" in page}

    assert names(region=region.pk) == {"Aigul One"}
    assert names(organization=police.pk) == {"Aigul One"}
    assert names(source=src.pk) == {"Bakyt Two"}
    assert names(**{"from": 2018}) == {"Bakyt Two"}
    assert names(**{"from": 2017, "to": 2017}) == {"Aigul One"}


def test_results_paginate():
    for i in range(30):
        make.person(f"Person Number{i:02d}", sens.PUBLIC)
    page = Client().get("/search/").content.decode()
    assert "Page 1 of 2" in page and "page=2" in page
    assert "Person Number29" in Client().get("/search/", {"page": 2}).content.decode()


def _generate(count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    statuses = ["detained", "interned", "released", "missing"]
    people = Person.objects.bulk_create([
        Person(sensitivity=sens.PUBLIC if i % 3 else sens.RESTRICTED, ethnicity=rng.choice(["kazakh", "uyghur"]),
               citizenship=rng.choice(["china", "kazakhstan"]), status=rng.choice(statuses))
        for i in range(count)])
    names = synthetic.generate(count, seed)
    PersonName.objects.bulk_create([PersonName(person=p, text=n.name, folded=n.name.lower(), script="latin",
                                               sensitivity=p.sensitivity) for p, n in zip(people, names, strict=True)])


@pytest.mark.parametrize("params", [{}, {"ethnicity": "kazakh", "page": "3"}, {"status": "released", "from": "2018"}])
def test_the_page_is_one_bounded_set_of_queries_at_thousands_of_persons(params, django_assert_max_num_queries):
    _generate(50)
    client = Client()
    with django_assert_max_num_queries(20) as small:
        client.get("/search/", params)
    _generate(3000, seed=8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/search/", params)
    assert response.status_code == 200


def test_a_name_search_is_bounded_too(django_assert_max_num_queries):
    _generate(2000)
    make.person("Kalida Akytkhan", sens.PUBLIC)
    with django_assert_max_num_queries(25):
        page = Client().get("/search/", {"q": "Kalida Akytkhan"}).content.decode()
    assert "Kalida Akytkhan" in page


def test_facets_count_in_one_pass_and_hide_where_protected_persons_live(users):
    from rollcall.access import policy
    from rollcall.web.search import facet_counts, filtered

    village = Place.objects.create(name="Kyzylkiya", kind="village", sensitivity=sens.PUBLIC)
    make.person("Open Person", sens.PUBLIC, home_place=village, ethnicity="kazakh")
    make.person("Hidden Home", sens.PUBLIC, home_place=village, ethnicity="kazakh", identity_protected=True)
    make.person("Restricted Person", sens.RESTRICTED, home_place=village, ethnicity="uyghur")
    public = policy.PUBLIC
    per_facet, per_place = facet_counts(filtered({}, public)[0], public)
    assert per_facet["ethnicity"] == {"kazakh": 2} and per_place == {village.pk: 1}
    caseworker = policy.viewer_for(users["caseworker"])
    per_facet, per_place = facet_counts(filtered({}, caseworker)[0], caseworker)
    assert per_facet["ethnicity"] == {"kazakh": 2, "uyghur": 1} and per_place == {village.pk: 3}


def test_a_name_search_counts_the_facets_of_the_persons_it_found(users):
    village = Place.objects.create(name="Kyzylkiya", kind="village", sensitivity=sens.PUBLIC)
    make.person("Aigul Serikova", sens.PUBLIC, ethnicity="kazakh", home_place=village)
    make.person("Aigul Serikova", sens.PUBLIC, ethnicity="uyghur", home_place=village, identity_protected=True)
    make.person("Aigul Serikova", sens.RESTRICTED, ethnicity="kazakh", citizenship="china")
    make.person("Bakyt Other", sens.PUBLIC, ethnicity="uyghur", home_place=village)
    page = Client().get("/search/", {"q": "Aigul Serikova"}).content.decode()
    assert "1 person found" in page and 'Kazakh</a> <small>1</small>' in page and "Uyghur</a>" not in page
    assert 'Kyzylkiya</a> <small>1</small>' in page
    staff = Client()
    staff.force_login(users["caseworker"])
    page = staff.get("/search/", {"q": "Aigul Serikova"}).content.decode()
    assert "3 persons found" in page
    assert 'Kazakh</a> <small>2</small>' in page and 'Uyghur</a> <small>1</small>' in page
    assert 'Kyzylkiya</a> <small>2</small>' in page and "China</a> <small>1</small>" in page
    page = staff.get("/search/", {"q": "Aigul Serikova", "ethnicity": "kazakh"}).content.decode()
    assert "2 persons found" in page and 'Kazakh</a> <small>2</small>' in page and "Uyghur</a>" not in page


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_counts_are_grouped_as_floatformat_groups_them(language):
    from django.template.defaultfilters import floatformat
    from django.utils import translation

    from rollcall.web.search import grouped

    with translation.override(language):
        for n in (0, 7, 999, 1000, 12345, 101495, 1234567):
            assert grouped(n) == floatformat(n, "g"), n
