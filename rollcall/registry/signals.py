"""Keeps each person's derived status in step with their acts, and the access layer's reading
of withdrawn batches in step with the batches."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from rollcall.access import policy
from rollcall.access import sensitivity as sens
from rollcall.registry.models import Act, Batch, Person
from rollcall.registry.status import ActView, derive

STATUS_FIELDS = {"status": sens.CONFIDENTIAL, "status_restricted": sens.RESTRICTED, "status_public": sens.PUBLIC}


def statuses(acts: list[Act]) -> dict[str, str]:
    """The status as each clearance may know it: derived only from the acts it may see."""
    return {
        field: derive(ActView(a.type, a.date_earliest, a.date_latest, a.pk) for a in acts if a.sensitivity <= level)
        for field, level in STATUS_FIELDS.items()
    }


def refresh_status(person: Person) -> str:
    derived = statuses(list(Act.objects.filter(person=person).order_by("id")))
    changed = {k: v for k, v in derived.items() if getattr(person, k) != v}
    if changed:
        Person.all_objects.filter(pk=person.pk).update(**changed)
        for field, value in changed.items():
            setattr(person, field, value)
    return derived["status"]


@receiver(post_save, sender=Act)
@receiver(post_delete, sender=Act)
def _act_changed(sender, instance: Act, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    person = Person.all_objects.filter(pk=instance.person_id).first()
    if person is not None:
        refresh_status(person)


@receiver(post_save, sender=Batch)
@receiver(post_delete, sender=Batch)
def _batch_changed(sender, instance: Batch, **kwargs) -> None:
    policy.forget_withdrawn()
