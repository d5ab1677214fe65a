"""Merges are reversible: unmerge restores every row of every affected table exactly."""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rollcall.access.actor import Actor
from rollcall.access.models import AuditEntry, Revision
from rollcall.interventions.models import Intervention
from rollcall.linkage.merging import MergeError, merge_persons, person_references, unmerge_record
from rollcall.linkage.models import DuplicateCandidate, ImportRow
from rollcall.registry.models import Act, Batch, Person, PersonName, Relationship
from rollcall.sources.models import EvidenceLink, Mention, Source

REVIEWER = Actor("caseworker", "caseworker", None)
TABLES = [Person, PersonName, Act, Relationship, Intervention, EvidenceLink, Mention, Source, ImportRow]


def snapshot() -> dict:
    out = {}
    for model in TABLES:
        rows = model._base_manager.order_by("pk")
        out[model._meta.label] = [{f.attname: getattr(r, f.attname) for f in model._meta.concrete_fields}
                                  for r in rows]
    out["photos"] = sorted(Person.photos.through.objects.values_list("person_id", "attachment_id"))
    return out


def make_person(name: str, **fields) -> Person:
    person = Person.objects.create(**fields)
    PersonName.objects.create(person=person, text=name)
    return person


def test_a_merge_moves_names_acts_and_links_and_hides_the_other(db):
    keep = make_person("Serikzhan Bilash", sex="male")
    other = make_person("Серікжан Біләш", sex="male")
    Act.objects.create(person=other, type="detention", date="2020-03")
    wife = make_person("Leila Adilzhan")
    Relationship.objects.create(subject=wife, kind="spouse_of", object=other)
    record = merge_persons(keep, other, REVIEWER)
    other.refresh_from_db()
    assert other.merged_into == keep
    assert sorted(n.text for n in keep.names.all()) == ["Serikzhan Bilash", "Серікжан Біләш"]
    assert keep.acts.count() == 1 and other.names.count() == 0
    assert Relationship.objects.get().object == keep
    assert set(record.moved) == {"registry.personname.person", "registry.act.person", "registry.relationship.object"}
    assert AuditEntry.objects.filter(action="merge", object_id=str(keep.pk)).exists()
    assert Revision.objects.filter(action="merge", target="registry.person", object_id=str(other.pk)).exists()
    # The access layer does not hide merged persons yet (see the report): filter them explicitly.
    assert list(Person.objects.filter(merged_into__isnull=True, pk__in=[keep.pk, other.pk])) == [keep]


def test_unmerge_restores_both_persons_and_reopens_the_candidate(db):
    keep = make_person("Gaukhar Kurmanaliyeva", sex="female")
    other = make_person("Gaukar Kurmanaliyeva", sex="female")
    Act.objects.create(person=other, type="detention", date="2018")
    candidate = DuplicateCandidate.objects.create(person_a=keep, person_b=other, score=0.97)
    before = snapshot()
    record = merge_persons(keep, other, REVIEWER, candidate)
    candidate.refresh_from_db()
    assert candidate.state == "merged" and candidate.decided_by == "caseworker"
    unmerge_record(record, REVIEWER)
    assert snapshot() == before
    candidate.refresh_from_db()
    assert candidate.state == "open"
    assert AuditEntry.objects.filter(action="unmerge", target="registry.person", object_id=str(keep.pk)).count() == 1
    with pytest.raises(MergeError, match="already undone"):
        unmerge_record(record, REVIEWER)


def test_it_refuses_to_merge_a_person_into_themselves_or_twice(db):
    a, b, c = make_person("A Aa"), make_person("B Bb"), make_person("C Cc")
    with pytest.raises(MergeError):
        merge_persons(a, a, REVIEWER)
    merge_persons(a, b, REVIEWER)
    with pytest.raises(MergeError, match="already merged"):
        merge_persons(c, b, REVIEWER)


def test_an_earlier_merge_cannot_be_undone_before_a_later_one_on_the_same_person(db):
    a, b, c = make_person("A Aa"), make_person("B Bb"), make_person("C Cc")
    first = merge_persons(b, a, REVIEWER)
    merge_persons(c, b, REVIEWER)
    with pytest.raises(MergeError, match="undo merge"):
        unmerge_record(first, REVIEWER)


def test_every_table_that_points_at_a_person_is_covered():
    labels = {f"{m._meta.label_lower}.{f.name}" for m, f in person_references()}
    assert {"registry.personname.person", "registry.act.person", "registry.relationship.subject",
            "registry.relationship.object", "sources.evidencelink.person", "sources.mention.person",
            "interventions.intervention.person", "interventions.intervention.applicant",
            "sources.source.witness", "linkage.importrow.person"} <= labels


world = st.fixed_dictionaries({
    "names": st.lists(st.lists(st.sampled_from(["Serikzhan Bilash", "Серікжан Біләш", "Gaukhar", "赛尔克坚"]),
                               max_size=3), min_size=3, max_size=4),
    "acts": st.lists(st.tuples(st.integers(0, 3), st.sampled_from(["detention", "release", "sentence"])),
                     max_size=5),
    "ties": st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=4),
    "petitions": st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=3),
    "evidence": st.lists(st.integers(0, 3), max_size=3),
    "mentions": st.lists(st.integers(0, 3), max_size=3),
    "rows": st.lists(st.integers(0, 3), max_size=2),
    "keep": st.integers(0, 3),
    "other": st.integers(0, 3),
})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=world)
def test_merge_then_unmerge_restores_every_row_of_every_affected_table(db, spec):
    with transaction.atomic():
        n = len(spec["names"])
        persons = []
        for names in spec["names"]:
            p = Person.objects.create()
            for text in names:
                PersonName.objects.create(person=p, text=text)
            persons.append(p)
        pick = lambda i: persons[i % n]  # noqa: E731
        source = Source.objects.create(title="testimony", kind="testimony", text="...", witness=pick(0))
        batch = Batch.objects.create(label="l", kind="import", created_by="t")
        for i, kind in spec["acts"]:
            act = Act.objects.create(person=pick(i), type=kind, date="2019")
            EvidenceLink.objects.create(source=source, act=act)
        for i, j in spec["ties"]:
            Relationship.objects.create(subject=pick(i), kind="spouse_of", object=pick(j))
        for i, j in spec["petitions"]:
            Intervention.objects.create(person=pick(i), applicant=pick(j))
        for i in spec["evidence"]:
            EvidenceLink.objects.create(source=source, person=pick(i))
        for i in spec["mentions"]:
            Mention.objects.create(source=source, person=pick(i), text="x", start=0, end=1, kind="person")
        for k, i in enumerate(spec["rows"]):
            ImportRow.objects.create(batch=batch, row=k + 2, decision="new", person=pick(i))
        keep, other = pick(spec["keep"]), pick(spec["other"])
        if keep.pk != other.pk:
            before = snapshot()
            record = merge_persons(keep, other, REVIEWER)
            assert not Person.objects.get(pk=other.pk).names.exists()
            unmerge_record(record, REVIEWER)
            assert snapshot() == before
        transaction.set_rollback(True)


def test_not_the_same_person_is_recorded_audited_and_kept_on_the_next_dedupe(db):
    from rollcall.linkage.dedupe import find_duplicates
    from rollcall.linkage.merging import reject_candidate

    for text in ("Serikzhan Bilash", "Serikjan Bilash"):
        PersonName.objects.create(person=Person.objects.create(birth_date="1974"), text=text)
    candidate = find_duplicates(0.5).candidates[0]
    worker = Actor("caseworker", "caseworker")
    rejected = reject_candidate(candidate.pk, worker)
    assert (rejected.state, rejected.decided_by) == ("rejected", "caseworker")
    entry = AuditEntry.objects.filter(action="reject").get()
    assert entry.object_id == str(candidate.pk)
    with pytest.raises(MergeError, match="already decided"):
        reject_candidate(candidate, worker)
    assert find_duplicates(0.5).new == 0
    assert DuplicateCandidate.objects.get(pk=candidate.pk).state == "rejected"
