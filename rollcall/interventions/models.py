"""Petitions and requests to authorities, their answers, and when to follow up."""

from __future__ import annotations

from django.db import models

from rollcall.access import sensitivity as sens
from rollcall.access.records import Record
from rollcall.registry.fields import VocabularyField


class Intervention(Record):
    FIELD_SENSITIVITY = {"reference": sens.RESTRICTED, "notes": sens.RESTRICTED}

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="interventions",
                               help_text="on whose behalf")
    applicant = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="petitions_sent", help_text="the relative who asks")
    sent_by_organization = models.ForeignKey("registry.Organization", null=True, blank=True,
                                             on_delete=models.PROTECT, related_name="petitions_sent")
    kind = VocabularyField(vocabulary="intervention_kinds", max_length=30, default="petition")
    authority = models.ForeignKey("registry.Organization", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="petitions_received")
    authority_text = models.CharField(max_length=300, blank=True)
    sent_on = models.DateField(null=True, blank=True)
    reference = models.CharField(max_length=100, blank=True)
    answer = models.TextField(blank=True)
    answered_on = models.DateField(null=True, blank=True)
    outcome = VocabularyField(vocabulary="intervention_outcomes", default="pending")
    follow_up_on = models.DateField(null=True, blank=True)
    family_consent = models.BooleanField(default=False, help_text="the family consented to this submission")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        to = self.authority.name if self.authority_id else self.authority_text
        return f"{self.get_kind_display()} to {to} ({self.sent_on or 'not sent'})"
