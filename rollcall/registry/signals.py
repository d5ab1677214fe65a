"""Keeps each person's derived status in step with their acts."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from rollcall.registry.models import Act, Person
from rollcall.registry.status import ActView, derive


def refresh_status(person: Person) -> str:
    acts = Act.objects.filter(person=person).order_by("id")
    status = derive(ActView(a.type, a.date_earliest, a.date_latest, a.pk) for a in acts)
    if person.status != status:
        Person.all_objects.filter(pk=person.pk).update(status=status)
        person.status = status
    return status


@receiver(post_save, sender=Act)
@receiver(post_delete, sender=Act)
def _act_changed(sender, instance: Act, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    person = Person.all_objects.filter(pk=instance.person_id).first()
    if person is not None:
        refresh_status(person)
