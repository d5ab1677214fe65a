"""Sources and what they support: attachments, evidence links, mentions and claims."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from rollcall import vocabularies
from rollcall.access import sensitivity as sens
from rollcall.access.records import Record
from rollcall.registry.fields import VocabularyField, derive_bounds, edtf_fields

V = vocabularies.get


class Attachment(Record):
    """An original file, kept unchanged, named by the SHA-256 of its bytes."""

    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField()
    media_type = models.CharField(max_length=100, blank=True)
    filename = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.filename or 'file'} ({self.sha256[:12]})"


class Source(Record):
    """A testimony, article, statement, document or leaked record, with its provenance."""

    FIELD_SENSITIVITY = {"witness": sens.CONFIDENTIAL, "consent_note": sens.CONFIDENTIAL}

    kind = VocabularyField(vocabulary="source_kinds")
    title = models.CharField(max_length=500, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    language = models.CharField(max_length=10, blank=True)
    published, published_text, published_earliest, published_latest = edtf_fields("published")
    captured_at = models.DateTimeField(default=timezone.now)
    captured_by = models.CharField(max_length=150)
    original = models.ForeignKey(Attachment, null=True, blank=True, on_delete=models.PROTECT, related_name="sources")
    sha256 = models.CharField(max_length=64, blank=True, db_index=True, help_text="SHA-256 of the original bytes")
    locator = models.CharField(max_length=500, blank=True, help_text="where in the original: a WARC record's URI")
    text = models.TextField(blank=True)
    witness = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="testimonies")
    consent_given = models.BooleanField(default=False, help_text="the witness consented to the recorded use")
    consent_note = models.TextField(blank=True)
    near_duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="near_duplicates")
    capture = models.ForeignKey(Attachment, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                help_text="a WARC of the capture (SHA-256 digests), when the original is not one")

    class Meta:
        ordering = ["-published_earliest", "id"]

    def save(self, *args, **kwargs):
        derive_bounds(self, "published")
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.title or f"Source {self.pk}"


class Claim(Record):
    """A figure someone put forward, with what it counts, when, who said it and where."""

    QUALIFIERS = [(q, q) for q in ("exact", "more_than", "at_least", "less_than", "at_most", "about", "range")]

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="claims")
    subject = VocabularyField(vocabulary="claim_subjects")
    value = models.FloatField(help_text="the figure as a number (for a range, its low end)")
    qualifier = models.CharField(max_length=20, choices=QUALIFIERS, default="exact")
    high = models.FloatField(null=True, blank=True, help_text="a range's high end")
    unit = models.CharField(max_length=20, default="people", help_text="people, requests, percent, …")
    quantity_text = models.CharField(max_length=200, help_text="the figure as written: 'more than a thousand'")
    what = models.CharField(max_length=300, blank=True, help_text="what is counted, in the source's words")
    as_of, as_of_text, as_of_earliest, as_of_latest = edtf_fields("as of")
    said_by_person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="claims")
    said_by_organization = models.ForeignKey("registry.Organization", null=True, blank=True,
                                             on_delete=models.PROTECT, related_name="claims")
    said_by_text = models.CharField(max_length=300, blank=True)
    sentence = models.TextField()
    repeats = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="repeated_by",
                                help_text="the same figure already recorded from an earlier copy of the story")

    class Meta:
        ordering = ["subject", "as_of_earliest", "id"]

    def save(self, *args, **kwargs):
        derive_bounds(self, "as_of")
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.quantity_text} {self.what}".strip()


class EvidenceLink(Record):
    """This source supports that act, person or claim, with a grade."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="evidence")
    act = models.ForeignKey("registry.Act", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="evidence")
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    grade = VocabularyField(vocabulary="evidence_grades", default="single_source")
    quote = models.TextField(blank=True, help_text="the passage that supports it")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(act__isnull=False) | models.Q(person__isnull=False) | models.Q(claim__isnull=False),
                name="evidence_supports_something",
            )
        ]


class Mention(Record):
    """A span of a source's text that names someone or something, and what it was linked to."""

    KINDS = [(k, k) for k in ("person", "organization", "place", "facility", "date", "figure")]

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="mentions")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=500)
    kind = models.CharField(max_length=20, choices=KINDS)
    role = models.CharField(max_length=30, blank=True)
    person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="mentions")
    organization = models.ForeignKey("registry.Organization", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="mentions")
    place = models.ForeignKey("registry.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="mentions")
    confidence = models.FloatField(default=0.0)
    confirmed = models.BooleanField(default=False, help_text="a person confirmed the link")

    class Meta:
        ordering = ["source", "start"]


class Signature(models.Model):
    """A source's MinHash signature and facts, kept so that near-duplicates are found across runs.

    Not a Record: it is derived data, rebuilt from the source's text (after a datasketch upgrade
    `scheme` tells which signatures are stale).
    """

    source = models.OneToOneField(Source, on_delete=models.CASCADE, related_name="signature")
    minhash = models.BinaryField(help_text="the MinHash hash values, uint64, as bytes")
    facts = models.JSONField(default=list, blank=True, help_text="names, dates and figures: the second signal")
    scheme = models.CharField(max_length=40, help_text="hashing scheme and size the signature was made with")

    def __str__(self) -> str:
        return f"signature of source {self.source_id}"


class Proposal(Record):
    """Something extraction found that waits for a person's review: a new person, an act, a claim.

    `payload` holds what was found (names, sentence, figures); accepting it creates the record
    (`record_id` then names it), rejecting it keeps it as decided. Staged with its ingest batch.
    """

    STATES = [("proposed", "proposed"), ("accepted", "accepted"), ("rejected", "rejected")]

    kind = VocabularyField(vocabulary="proposal_kinds", max_length=20)
    payload = models.JSONField(default=dict)
    confidence = models.FloatField(default=0.0)
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="proposals")
    state = models.CharField(max_length=20, choices=STATES, default="proposed")
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    record_id = models.PositiveBigIntegerField(null=True, blank=True,
                                               help_text="the record created or linked when accepted")

    class Meta:
        ordering = ["state", "-confidence", "id"]
        indexes = [models.Index(fields=["state", "kind"])]

    def __str__(self) -> str:
        label = self.payload.get("name") or self.payload.get("quantity_text") or self.payload.get("type") or ""
        return f"{self.kind}: {label} ({self.state})"
