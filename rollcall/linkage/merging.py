"""Reversible merges of two persons: a person's decision in review, undone exactly by unmerge.

merge_persons(keep, other, actor) re-points every row that refers to `other` (names, acts,
relationships, evidence, mentions, interventions, sources as witness, claims, import rows) to
`keep`, adds other's photos to keep, and sets other.merged_into = keep. Both persons stay in
the table. The Merge record lists exactly which rows of which table moved, so unmerge_record()
moves exactly those rows back. Rows are moved with UPDATE (their own updated_at stays as it
was, so unmerge restores every row exactly); each moved row still gets a history version
(action merge / unmerge) and the merge itself an audit entry.
"""

from __future__ import annotations

from django.db import models, transaction
from django.utils import timezone

from rollcall.access import audit, history
from rollcall.access.actor import Actor, acting_as
from rollcall.access.records import Record
from rollcall.linkage.models import DuplicateCandidate, Merge
from rollcall.registry.models import Person
from rollcall.registry.signals import refresh_status

NOT_MOVED = {"linkage.duplicatecandidate", "linkage.merge", "registry.person"}


class MergeError(Exception):
    pass


def person_references() -> list[tuple[type[models.Model], models.ForeignKey]]:
    """Every foreign key that points at a person and moves with a merge."""
    out = []
    for rel in Person._meta.related_objects:
        if rel.many_to_many or rel.related_model._meta.label_lower in NOT_MOVED:
            continue
        out.append((rel.related_model, rel.field))
    return sorted(out, key=lambda mf: (mf[0]._meta.label_lower, mf[1].name))


def _move(model: type[models.Model], fk: models.ForeignKey, ids: list[int], frm: int, to: int, action: str) -> None:
    manager = model._base_manager
    manager.filter(pk__in=ids).update(**{fk.attname: to})
    if issubclass(model, Record):
        for row in manager.filter(pk__in=ids).order_by("pk"):
            history.write_revision(row, action, {fk.attname: [frm, to]}, history.state_of(row))


def _set_merged_into(person: Person, value: int | None, action: str) -> None:
    before = person.merged_into_id
    Person.all_objects.filter(pk=person.pk).update(merged_into=value)
    person.merged_into_id = value
    history.write_revision(person, action, {"merged_into_id": [before, value]}, history.state_of(person))


def merge_persons(keep: Person, other: Person, actor: Actor,
                  candidate: DuplicateCandidate | None = None) -> Merge:
    if keep.pk == other.pk:
        raise MergeError("a person cannot be merged into themselves")
    with acting_as(actor), transaction.atomic():
        keep = Person.all_objects.select_for_update().get(pk=keep.pk)
        other = Person.all_objects.select_for_update().get(pk=other.pk)
        for p in (keep, other):
            if p.merged_into_id is not None:
                raise MergeError(f"person {p.pk} was already merged into {p.merged_into_id}")
            if p.deleted_at is not None:
                raise MergeError(f"person {p.pk} is deleted")
        moved: dict[str, list[int]] = {}
        for model, fk in person_references():
            ids = sorted(model._base_manager.filter(**{fk.attname: other.pk}).values_list("pk", flat=True))
            if ids:
                moved[f"{model._meta.label_lower}.{fk.name}"] = ids
                _move(model, fk, ids, other.pk, keep.pk, "merge")
        present = set(keep.photos.values_list("pk", flat=True))
        photos = sorted(set(other.photos.values_list("pk", flat=True)) - present)
        keep.photos.add(*photos)
        _set_merged_into(other, keep.pk, "merge")
        refresh_status(keep)
        refresh_status(other)
        record = Merge.objects.create(keep=keep, other=other, candidate=candidate, moved=moved, photos=photos,
                                      merged_by=actor.name)
        if candidate is not None:
            candidate.state, candidate.decided_by, candidate.decided_at = "merged", actor.name, timezone.now()
            candidate.save(update_fields=["state", "decided_by", "decided_at"])
        audit.record("merge", "registry.person", keep.pk,
                     {"other": other.pk, "merge": record.pk, "moved": {k: len(v) for k, v in moved.items()},
                      "photos": len(photos)}, actor=actor)
    return record


def unmerge_record(record: Merge, actor: Actor) -> Merge:
    with acting_as(actor), transaction.atomic():
        record = Merge.objects.select_for_update().get(pk=record.pk)
        if record.undone_at is not None:
            raise MergeError(f"merge {record.pk} was already undone")
        later = Merge.objects.filter(other_id=record.keep_id, undone_at__isnull=True).first()
        if later is not None:
            raise MergeError(f"person {record.keep_id} was merged into {later.keep_id} since: undo merge {later.pk} first")
        references = {f"{m._meta.label_lower}.{fk.name}": (m, fk) for m, fk in person_references()}
        for key, ids in record.moved.items():
            if key not in references:
                raise MergeError(f"merge {record.pk} moved rows of {key}, which no longer refers to persons")
            model, fk = references[key]
            still = list(model._base_manager.filter(pk__in=ids, **{fk.attname: record.keep_id})
                         .values_list("pk", flat=True))
            _move(model, fk, still, record.keep_id, record.other_id, "unmerge")
        keep, other = record.keep, record.other
        keep.photos.remove(*record.photos)
        _set_merged_into(other, None, "unmerge")
        refresh_status(keep)
        refresh_status(other)
        record.undone_by, record.undone_at = actor.name, timezone.now()
        record.save(update_fields=["undone_by", "undone_at"])
        if record.candidate_id is not None:
            DuplicateCandidate.objects.filter(pk=record.candidate_id).update(state="open", decided_by="",
                                                                            decided_at=None)
        audit.record("unmerge", "registry.person", record.keep_id,
                     {"other": record.other_id, "merge": record.pk}, actor=actor)
    return record


def reject_candidate(candidate: DuplicateCandidate | int, actor: Actor) -> DuplicateCandidate:
    """Record a person's decision that an open pair are two different persons (audited).

    The pair stays stored as rejected, so later dedupe runs keep the decision. Who may see the
    two persons is the caller's check (the review page's).
    """
    pk = candidate.pk if isinstance(candidate, DuplicateCandidate) else candidate
    with acting_as(actor), transaction.atomic():
        found = DuplicateCandidate.objects.select_for_update().filter(pk=pk).first()
        if found is None:
            raise MergeError(f"no duplicate candidate {pk}")
        if found.state != "open":
            raise MergeError(f"candidate {pk} was already decided ({found.state})")
        found.state, found.decided_by, found.decided_at = "rejected", actor.name, timezone.now()
        found.save(update_fields=["state", "decided_by", "decided_at"])
        audit.record("reject", "linkage.duplicatecandidate", found.pk,
                     {"person_a": found.person_a_id, "person_b": found.person_b_id}, actor=actor)
    return found


# The names the brief gives the two services.
merge = merge_persons
unmerge = unmerge_record
