"""Writes made from the web interface. Each runs in one transaction; history and audit entries
are written by the model signals, with the signed-in user as the actor (ActorMiddleware)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from rollcall.access import history, policy
from rollcall.access import sensitivity as sens
from rollcall.interventions.models import Intervention
from rollcall.registry.models import Act, Organization, Person, PersonName, Place, Relationship
from rollcall.sources import files
from rollcall.sources.models import Attachment, EvidenceLink, Source


class IntakeError(ValueError):
    pass


@dataclass
class Upload:
    filename: str
    media_type: str
    data: bytes

    @property
    def is_photo(self) -> bool:
        return self.media_type.startswith("image/")


@dataclass
class ActInput:
    type: str
    date: str = ""
    date_text: str = ""
    place: str = ""
    description: str = ""


@dataclass
class Visit:
    """One visit at the intake desk, as the form gave it (already validated)."""

    names: list[str]
    sensitivity: int = sens.RESTRICTED
    identity_protected: bool = False
    sex: str = "unknown"
    birth_date: str = ""
    birth_date_text: str = ""
    home_place: str = ""
    ethnicity: str = ""
    citizenship: str = ""
    occupation: str = ""
    acts: list[ActInput] = field(default_factory=list)
    applicant_name: str = ""
    applicant_relation: str = ""
    applicant_phone: str = ""
    applicant_address: str = ""
    account: str = ""
    consent_given: bool = False
    consent_note: str = ""
    uploads: list[Upload] = field(default_factory=list)


def _place(text: str, level: int) -> Place | None:
    text = " ".join(text.split())
    if not text:
        return None
    found = Place.objects.filter(name__iexact=text).first()
    if found is not None:
        return found
    return Place.objects.create(name=text, kind="village", sensitivity=max(level, sens.RESTRICTED))


def _attachment(upload: Upload, level: int) -> Attachment:
    digest = files.store(upload.data)
    found = Attachment.all_objects.filter(sha256=digest).first()
    if found is not None:
        if found.sensitivity < level:
            found.sensitivity = level
            found.save(update_fields=["sensitivity", "updated_at"])
        return found
    return Attachment.objects.create(sha256=digest, size=len(upload.data), media_type=upload.media_type,
                                     filename=upload.filename[:300], sensitivity=level)


def _add_names(person: Person, names: list[str], level: int, first_kind: str) -> None:
    known = {n.casefold() for n in PersonName.all_objects.filter(person=person).values_list("text", flat=True)}
    for i, text in enumerate(names):
        if text.casefold() in known:
            continue
        known.add(text.casefold())
        PersonName.objects.create(person=person, text=text, sensitivity=level,
                                  kind=first_kind if i == 0 else "alias")


def record_visit(visit: Visit, viewer: policy.Viewer, existing: Person | None = None) -> Person:
    """Record a visit: the missing person (or new facts on an existing one), the applicant and
    their tie, the acts, the account as a testimony, photos and documents. All or nothing."""
    if not viewer.may("intake"):
        raise IntakeError("this role may not record cases")
    if existing is not None and not policy.visible(Person.objects.filter(pk=existing.pk), viewer).exists():
        raise IntakeError("no such person")
    level = visit.sensitivity
    identity_level = sens.CONFIDENTIAL if visit.identity_protected else level
    with transaction.atomic(), history.batched():
        if existing is None:
            person = Person.objects.create(
                sensitivity=level, identity_protected=visit.identity_protected, sex=visit.sex,
                birth_date=visit.birth_date, birth_date_text=visit.birth_date_text,
                home_place=_place(visit.home_place, identity_level), ethnicity=visit.ethnicity,
                citizenship=visit.citizenship, occupation=visit.occupation)
            _add_names(person, visit.names, level, "legal")
        else:
            person = existing
            _add_names(person, visit.names, max(level, person.sensitivity), "alias")
        acts = []
        for a in visit.acts:
            place = _place(a.place, max(level, sens.RESTRICTED)) if a.place else None
            acts.append(Act.objects.create(person=person, type=a.type, date=a.date, date_text=a.date_text,
                                           place=place, description=a.description,
                                           sensitivity=max(level, person.sensitivity)))
        applicant = None
        if visit.applicant_name:
            applicant = Person.objects.create(sensitivity=max(level, sens.RESTRICTED), phone=visit.applicant_phone,
                                              address=visit.applicant_address)
            _add_names(applicant, [visit.applicant_name], applicant.sensitivity, "legal")
            Relationship.objects.create(subject=applicant, kind="applicant_for", object=person,
                                        sensitivity=applicant.sensitivity)
            if visit.applicant_relation:
                Relationship.objects.create(subject=applicant, kind=visit.applicant_relation, object=person,
                                            sensitivity=applicant.sensitivity)
        testimony = Source.objects.create(
            kind="testimony", title=f"Intake visit {timezone.localdate().isoformat()}",
            text=visit.account, witness=applicant, consent_given=visit.consent_given,
            consent_note=visit.consent_note, captured_by=viewer.name, language="",
            sensitivity=max(level, sens.RESTRICTED))
        EvidenceLink.objects.create(source=testimony, person=person, grade="direct",
                                    sensitivity=testimony.sensitivity)
        for act in acts:
            EvidenceLink.objects.create(source=testimony, act=act, grade="direct", sensitivity=testimony.sensitivity)
        for upload in visit.uploads:
            if upload.is_photo:
                person.photos.add(_attachment(upload, max(identity_level, sens.RESTRICTED)))
            else:
                attachment = _attachment(upload, max(level, sens.RESTRICTED))
                document = Source.objects.create(
                    kind="document", title=upload.filename[:500], original=attachment, sha256=attachment.sha256,
                    captured_by=viewer.name, witness=applicant, consent_given=visit.consent_given,
                    sensitivity=attachment.sensitivity)
                EvidenceLink.objects.create(source=document, person=person, grade="direct",
                                            sensitivity=document.sensitivity)
    return person


@dataclass
class PetitionInput:
    """A petition sent on a person's behalf, as the form gave it (already validated)."""

    kind: str
    authority: str
    sent_edtf: str
    sent_words: str
    reference: str = ""
    follow_up_on: dt.date | None = None
    family_consent: bool = False
    notes: str = ""
    sensitivity: int = sens.RESTRICTED


@dataclass
class AnswerInput:
    answered_edtf: str
    answered_words: str
    answer: str
    outcome: str = "answered"


def record_petition(person_id: int, petition: PetitionInput, viewer: policy.Viewer) -> Intervention:
    """Record a petition sent for a person the viewer may see. The authority is linked to a known
    organisation of that name, or kept as text."""
    if not viewer.may("petition"):
        raise IntakeError("this role may not record petitions")
    with transaction.atomic():
        person = policy.visible(Person.objects.filter(pk=person_id), viewer).first()
        if person is None:
            raise IntakeError("no such person")
        authority = policy.visible(Organization.objects.filter(name__iexact=petition.authority), viewer).first()
        return Intervention.objects.create(
            person=person, kind=petition.kind, authority=authority,
            authority_text="" if authority is not None else petition.authority,
            sent_on_edtf=petition.sent_edtf, sent_on_text=petition.sent_words, reference=petition.reference,
            follow_up_on=petition.follow_up_on, family_consent=petition.family_consent, notes=petition.notes,
            sensitivity=petition.sensitivity)


def record_answer(intervention_id: int, answer: AnswerInput, viewer: policy.Viewer) -> Intervention:
    """Record the authority's answer to a petition the viewer may see (or correct it)."""
    if not viewer.may("petition"):
        raise IntakeError("this role may not record petitions")
    with transaction.atomic():
        found = policy.visible(Intervention.objects.select_for_update(of=("self",)).filter(pk=intervention_id), viewer).first()
        if found is None:
            raise IntakeError("no such petition")
        found.answered_on_edtf, found.answered_on_text = answer.answered_edtf, answer.answered_words
        found.answer, found.outcome = answer.answer, answer.outcome
        found.save()
        return found


def merge_duplicate(candidate_id: int, keep_id: int, viewer: policy.Viewer):
    """Merge an open duplicate pair, keeping `keep_id` (reversible with unmerge)."""
    from rollcall.linkage.merging import merge_persons
    from rollcall.linkage.models import DuplicateCandidate

    with transaction.atomic():
        candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate_id, state="open")
        ids = {candidate.person_a_id, candidate.person_b_id}
        if keep_id not in ids or len(_visible_persons(ids, viewer)) != 2:
            raise IntakeError("no such pair")
        other_id = (ids - {keep_id}).pop()
        return merge_persons(Person.all_objects.get(pk=keep_id), Person.all_objects.get(pk=other_id),
                             viewer.as_actor(), candidate)


def reject_duplicate(candidate_id: int, viewer: policy.Viewer) -> None:
    """Record that an open pair the viewer may see are two different persons (audited by
    linkage.merging, which keeps the decision for later dedupe runs)."""
    from rollcall.linkage.merging import reject_candidate
    from rollcall.linkage.models import DuplicateCandidate

    candidate = DuplicateCandidate.objects.get(pk=candidate_id, state="open")
    if len(_visible_persons({candidate.person_a_id, candidate.person_b_id}, viewer)) != 2:
        raise IntakeError("no such pair")
    reject_candidate(candidate, viewer.as_actor())


def unmerge(merge_id: int, viewer: policy.Viewer):
    from rollcall.linkage.merging import unmerge_record
    from rollcall.linkage.models import Merge

    record = Merge.objects.get(pk=merge_id)
    if not policy.visible(Person.all_objects.filter(pk=record.keep_id), viewer).exists():
        raise IntakeError("no such merge")
    return unmerge_record(record, viewer.as_actor())


def _visible_persons(ids: set[int], viewer: policy.Viewer) -> set[int]:
    return set(policy.visible(Person.all_objects.filter(pk__in=ids), viewer).values_list("pk", flat=True))
