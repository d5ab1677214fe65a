"""Petitions and requests to authorities, their answers, and when to follow up."""

from __future__ import annotations

import datetime as dt

from django.db import models

from rollcall import dates
from rollcall.access import sensitivity as sens
from rollcall.access.records import Record
from rollcall.registry.fields import VocabularyField, validate_edtf


def _words_field(verbose: str) -> models.CharField:
    return models.CharField(f"{verbose} as said", max_length=200, blank=True,
                            help_text="the words the case worker wrote, e.g. “spring 2018”")


def _edtf_field(verbose: str) -> models.CharField:
    return models.CharField(f"{verbose} (EDTF)", max_length=40, blank=True, validators=[validate_edtf],
                            help_text="e.g. 2018-21 (spring 2018); when given, the day field is derived from it")


def last_day(edtf: str) -> dt.date | None:
    """The last day an uncertain date can mean (its first, for an interval open at the end).

    Petitions keep this day, so that "waiting N days" is never overstated for "spring 2018"."""
    lo, hi = dates.bounds(edtf)
    return hi or lo


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
    sent_on_edtf = _edtf_field("sent")
    sent_on_text = _words_field("sent")
    reference = models.CharField(max_length=100, blank=True)
    answer = models.TextField(blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answered_on_edtf = _edtf_field("answered")
    answered_on_text = _words_field("answered")
    outcome = VocabularyField(vocabulary="intervention_outcomes", default="pending")
    follow_up_on = models.DateField(null=True, blank=True)
    family_consent = models.BooleanField(default=False, help_text="the family consented to this submission")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["sent_on", "id"]

    def save(self, *args, **kwargs):
        # A date given as EDTF (from words such as "spring 2018") decides the day kept beside it.
        for prefix in ("sent_on", "answered_on"):
            edtf = getattr(self, f"{prefix}_edtf")
            if edtf:
                setattr(self, prefix, last_day(edtf))
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        to = self.authority.name if self.authority_id else self.authority_text
        return f"{self.get_kind_display()} to {to} ({self.sent_on or 'not sent'})"
