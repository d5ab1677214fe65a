"""The six elements the UN Working Group on Enforced or Involuntary Disappearances requires."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rollcall.access import policy
from rollcall.interventions.models import Intervention
from rollcall.registry.models import Act, Person

DISAPPEARING = ("disappearance", "detention", "internment", "arrest")
URGENT_DAYS = 90  # a disappearance under three months old goes to the urgent procedure


@dataclass(frozen=True)
class Element:
    code: str
    title: str
    value: str
    ok: bool
    hint: str = ""


@dataclass
class WgeidCheck:
    person: Person
    act: Act | None
    elements: list[Element] = field(default_factory=list)
    consent: bool = False
    urgent: bool = False

    @property
    def missing(self) -> list[Element]:
        return [e for e in self.elements if not e.ok]

    @property
    def ready(self) -> bool:
        return not self.missing and self.consent


def _disappearance(person: Person, viewer: policy.Viewer) -> Act | None:
    acts = policy.visible(Act.objects.filter(person=person, type__in=DISAPPEARING), viewer)
    return acts.order_by("date_earliest", "pk").select_related("place", "facility", "perpetrator").first()


def check(person: Person, viewer: policy.Viewer, today: dt.date | None = None) -> WgeidCheck:
    today = today or dt.date.today()
    act = _disappearance(person, viewer)
    petitions = list(policy.visible(Intervention.objects.filter(person=person), viewer)
                     .select_related("applicant", "sent_by_organization", "authority"))
    result = WgeidCheck(person, act)
    name = policy.display_name(person, viewer)
    identity = name if policy.can_see_field(person, "names", viewer) else ""
    born = person.birth_date if policy.can_see_field(person, "birth_date", viewer) else ""
    result.elements.append(Element(
        "identity", "Identity of the disappeared person", ", ".join(x for x in (identity, born and f"born {born}") if x),
        bool(identity), "record at least one name the viewer may see"))
    precise = bool(act and act.date_earliest and act.date_latest
                   and (act.date_latest - act.date_earliest).days <= 31)
    result.elements.append(Element(
        "date", "Date of arrest, abduction or disappearance (at least month and year)",
        (f"{act.date} ({act.date_text})" if act and act.date_text else (act.date if act else "")), precise,
        "record a disappearance or detention with at least the month"))
    place = (act.facility or act.place) if act else None
    result.elements.append(Element(
        "place", "Place of arrest or abduction, or where last seen", str(place) if place else "", place is not None,
        "record where it happened or where the person was last seen"))
    responsible = (act.perpetrator.name if act and act.perpetrator_id else (act.perpetrator_text if act else ""))
    result.elements.append(Element(
        "responsible", "Forces believed responsible", responsible or "", bool(responsible),
        "record the authorities or forces believed responsible"))
    sent = [p for p in petitions if p.sent_on]
    steps = "; ".join(f"{p.get_kind_display()} to {p.authority or p.authority_text} on {p.sent_on}" for p in sent)
    result.elements.append(Element(
        "steps", "Steps taken by the family to find the person", steps, bool(sent),
        "record the petitions and inquiries the family made"))
    submitter = next((p.sent_by_organization or p.applicant for p in petitions
                      if p.sent_by_organization_id or p.applicant_id), None)
    submitter_name = (policy.display_name(submitter, viewer) if isinstance(submitter, Person)
                      else (str(submitter) if submitter else ""))
    result.elements.append(Element(
        "submitter", "Who submits the case", submitter_name, bool(submitter),
        "record the relative or organisation submitting the case"))
    result.consent = any(p.family_consent for p in petitions)
    result.urgent = bool(act and act.date_latest and (today - act.date_latest).days < URGENT_DAYS
                         and act.date_latest <= today)
    return result
