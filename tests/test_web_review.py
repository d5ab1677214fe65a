"""The review queue: proposals accepted or rejected, duplicate pairs merged and unmerged, audited."""

from __future__ import annotations

import pytest
from django.test import Client

from rollcall.access import sensitivity as sens
from rollcall.access.models import AuditEntry
from rollcall.linkage.models import DuplicateCandidate, Merge
from rollcall.registry.models import Person
from rollcall.sources.models import Proposal
from tests import factories as make

pytestmark = pytest.mark.django_db


def client_for(users, role):
    client = Client()
    client.force_login(users[role])
    return client


@pytest.mark.parametrize("role, status", [("caseworker", 200), ("administrator", 200), ("volunteer", 403),
                                          ("researcher", 403)])
def test_only_reviewers_reach_the_queue(users, role, status):
    assert client_for(users, role).get("/review/").status_code == status
    assert Client().get("/review/").status_code == 302


def test_a_proposal_is_accepted_or_rejected(users):
    src = make.source("News", sens.RESTRICTED)
    good = Proposal.objects.create(kind="person", payload={"name": "Serik Zhumabay"}, confidence=0.9, source=src)
    bad = Proposal.objects.create(kind="person", payload={"name": "Not A Person"}, confidence=0.2, source=src)
    client = client_for(users, "caseworker")
    page = client.get("/review/").content.decode()
    assert "Serik Zhumabay" in page and "Not A Person" in page
    client.post(f"/review/proposals/{good.pk}/", {"action": "accept"})
    client.post(f"/review/proposals/{bad.pk}/", {"action": "reject"})
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.state == "accepted" and good.decided_by == "caseworker" and bad.state == "rejected"
    assert Person.objects.filter(names__text="Serik Zhumabay").exists()
    assert client_for(users, "volunteer").post(f"/review/proposals/{good.pk}/", {"action": "reject"}).status_code == 403


def test_a_duplicate_pair_is_merged_and_unmerged(users):
    a = make.person("Kalida Akytkhan", sens.RESTRICTED)
    b = make.person("Калида Акытхан", sens.RESTRICTED)
    pair = DuplicateCandidate.objects.create(person_a=a, person_b=b, score=0.97)
    client = client_for(users, "caseworker")
    assert "Калида Акытхан" in client.get("/review/").content.decode()
    client.post(f"/review/duplicates/{pair.pk}/", {"keep": a.pk})
    b.refresh_from_db()
    assert b.merged_into_id == a.pk
    merge = Merge.objects.get()
    client.post(f"/review/merges/{merge.pk}/undo")
    b.refresh_from_db()
    assert b.merged_into_id is None


def test_a_pair_can_be_marked_as_two_persons(users):
    a = make.person("Aigul One", sens.RESTRICTED)
    b = make.person("Aigul Two", sens.RESTRICTED)
    pair = DuplicateCandidate.objects.create(person_a=a, person_b=b, score=0.6)
    client_for(users, "caseworker").post(f"/review/duplicates/{pair.pk}/", {"action": "reject"})
    pair.refresh_from_db()
    assert pair.state == "rejected"
    assert AuditEntry.objects.filter(action="reject", target="linkage.duplicatecandidate").exists()


def test_the_queue_costs_the_same_queries_with_more_items(users, django_assert_max_num_queries):
    src = make.source("News", sens.RESTRICTED)
    client = client_for(users, "caseworker")
    Proposal.objects.create(kind="person", payload={"name": "P0"}, source=src)
    DuplicateCandidate.objects.create(person_a=make.person("A"), person_b=make.person("B"), score=0.8)
    with django_assert_max_num_queries(20) as few:
        client.get("/review/")
    for i in range(20):
        Proposal.objects.create(kind="person", payload={"name": f"P{i + 1}"}, source=src)
        DuplicateCandidate.objects.create(person_a=make.person(f"A{i}"), person_b=make.person(f"B{i}"), score=0.8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/review/")
