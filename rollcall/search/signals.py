from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from rollcall.registry.models import PersonName
from rollcall.search.indexing import index_name


@receiver(post_save, sender=PersonName)
def _name_saved(sender, instance: PersonName, raw: bool = False, **kwargs) -> None:
    if not raw:
        index_name(instance)
