"""The review queue: proposals accepted or rejected become records, restricted, with evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from rollcall.access.actor import Actor, acting_as
from rollcall.access.models import Revision
from rollcall.registry.models import Act, Person
from rollcall.sources import proposals
from rollcall.sources.ingesting import Options, ingest
from rollcall.sources.models import Claim, EvidenceLink, Mention, Proposal, Source

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).parent / "data" / "ingest" / "seeds"
EURASIANET = SEEDS / "004_7735045e0559ebaa.txt"
XI_VISIT = SEEDS / "002_8dca6d976db183b7.txt"


def test_ingesting_queues_proposals_without_creating_records():
    ingest([EURASIANET])
    assert set(Proposal.objects.values_list("kind", flat=True)) >= {"person", "claim"}
    assert set(Proposal.objects.values_list("state", flat=True)) == {"proposed"}
    assert not Person.objects.exists() and not Claim.objects.exists()


def test_an_accepted_claim_becomes_a_claim_with_its_attribution_and_source():
    ingest([EURASIANET])
    proposal = Proposal.objects.get(kind="claim", payload__subject="requests_received")
    with acting_as(Actor("reviewer", "caseworker")):
        claim = Claim.objects.get(pk=proposals.accept(proposal))
    assert (claim.value, claim.qualifier, claim.quantity_text) == (1000, "more_than", "more than a thousand")
    assert claim.said_by_text == "Beibut Atamkulov" and claim.source == proposal.source
    assert claim.sentence in claim.source.text and claim.sensitivity == 1
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decided_by, proposal.record_id) == ("accepted", "reviewer", claim.pk)
    assert Revision.objects.filter(target="sources.proposal", object_id=str(proposal.pk), action="update").exists()


def test_a_claim_by_a_known_person_is_attributed_to_that_person():
    atamkulov = Person.objects.create()
    atamkulov.names.create(text="Beibut Atamkulov")
    ingest([EURASIANET])
    proposal = Proposal.objects.get(kind="claim", payload__subject="requests_received")
    claim = Claim.objects.get(pk=proposals.accept(proposal))
    assert claim.said_by_person == atamkulov


def test_an_accepted_event_becomes_an_act_with_the_sentence_as_evidence():
    ingest([XI_VISIT])
    proposal = Proposal.objects.filter(kind="act", payload__person_name="Baibolat Kunbolat",
                                       payload__type="sentence").first()
    act = Act.objects.get(pk=proposals.accept(proposal))
    link = EvidenceLink.objects.get(act=act)
    assert act.person.primary_name == "Baibolat Kunbolat" and (act.term, act.term_days) == ("15 days", 15)
    assert link.source == proposal.source and link.quote in link.source.text and "15 days" in link.quote
    assert act.sensitivity == 1 and act.person.sensitivity == 1
    assert Proposal.objects.get(kind="person", payload__name="Baibolat Kunbolat").state == "accepted"


def test_an_accepted_person_gets_the_mentions_of_their_name():
    ingest([XI_VISIT])
    proposal = Proposal.objects.get(kind="person", payload__name="Bakhyt Zharykbasova")
    person = Person.objects.get(pk=proposals.accept(proposal))
    assert Mention.objects.filter(person=person).exists()
    assert person.names.get().seen_in == proposal.source


def test_a_rejected_proposal_creates_nothing_and_cannot_be_accepted_later():
    ingest([EURASIANET])
    proposal = Proposal.objects.filter(kind="person").first()
    proposals.reject(proposal)
    assert proposal.state == "rejected" and not Person.objects.exists()
    with pytest.raises(proposals.ProposalError):
        proposals.accept(proposal)


def test_accept_takes_only_proposals_at_or_above_the_confidence_given():
    ingest([EURASIANET], Options(accept=0.9))
    accepted = Proposal.objects.filter(state="accepted")
    assert accepted.exists()
    assert all(p.confidence >= 0.9 for p in accepted if "linked_to_existing" not in p.payload)
    assert Proposal.objects.filter(state="proposed", confidence__lt=0.9).exists()
    assert Claim.objects.filter(source=Source.objects.get()).exists()


def test_event_types_map_to_act_types_from_the_vocabulary():
    assert proposals.act_type("arrest") == "arrest"
    assert proposals.act_type("death") == "death_in_custody"
    assert proposals.act_type("petition") is None
