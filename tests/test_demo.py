"""The demo data is taken from the seed pages, each act linked to its source."""

import pytest

from rollcall.access import policy
from rollcall.maintenance import demo as demo_data
from rollcall.registry.models import Act, Batch, Person
from rollcall.sources.models import Claim, EvidenceLink, Source

pytestmark = pytest.mark.django_db


def person(name: str) -> Person:
    return Person.objects.get(names__text=name)


def test_kunbolats_arrest_and_fifteen_day_term(demo):
    act = Act.objects.get(person=person("Baibolat Kunbolat"), type="protest_arrest")
    assert act.date == "2022-09-10" and act.term_days == 15
    evidence = EvidenceLink.objects.get(act=act)
    assert "sentenced to 15 days of arrest" in evidence.quote
    assert evidence.quote in evidence.source.text


def test_the_foreign_ministers_thousand_requests(demo):
    claim = Claim.objects.get(subject="requests_received")
    assert (claim.value, claim.qualifier, claim.quantity_text) == (1000, "more_than", "more than a thousand")
    assert claim.said_by_person == person("Beibut Atamkulov")
    assert "more than a thousand requests" in claim.source.text


def test_every_act_is_linked_to_a_source_that_holds_its_quote(demo):
    for act in Act.objects.all():
        links = EvidenceLink.objects.filter(act=act)
        assert links.exists(), act
        for link in links:
            assert link.quote in link.source.text, (act, link.quote)


def test_the_seed_pages_are_ingested_and_their_bytes_stored_unchanged(demo):
    from rollcall.sources import files

    pages = {files.sha256_bytes(p.read_bytes()): p.read_bytes() for p in demo_data.CORPUS.glob("*.txt")}
    news = Source.objects.filter(kind="news_article")
    assert {src.sha256 for src in news} == set(pages)
    for src in news:
        assert files.read(src.sha256) == pages[src.sha256]
        assert src.original.sha256 == src.sha256 and src.batch.kind == "ingest"
        assert src.text and src.capture is not None  # the main text, and a WARC of the capture


def test_some_demo_data_is_hidden_from_the_public(demo):
    visible = policy.visible(Person.objects.all(), policy.PUBLIC).count()
    assert 0 < visible < Person.objects.count()
    assert person("Aigul Demo").identity_protected


def test_statuses_are_derived(demo):
    assert person("Serikzhan Bilash").status == "detained"
    assert person("Erlan Demo").status == "missing"


def test_loading_twice_adds_nothing(demo):
    counts = Person.objects.count(), Batch.objects.count()
    assert demo_data.load() == "already loaded"
    assert (Person.objects.count(), Batch.objects.count()) == counts


def test_the_ingested_pages_mentions_point_to_the_curated_records(demo):
    kunbolat = person("Baibolat Kunbolat")
    src = Source.objects.get(title__startswith="Relatives of missing Kazakhs")
    assert src.mentions.filter(person=kunbolat).exists()
    from rollcall.sources.models import Proposal

    assert not Proposal.objects.filter(source=src, kind="person", state="proposed",
                                       payload__name="Baibolat Kunbolat").exists()
