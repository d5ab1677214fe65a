"""Candidate duplicate pairs for review, merges that can be undone, and the rows of list imports."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class DuplicateCandidate(models.Model):
    """Two persons that may be one, waiting for a person's decision. person_a.pk < person_b.pk."""

    STATES = [("open", "open"), ("merged", "merged"), ("rejected", "rejected")]

    person_a = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(help_text="match probability, 0..1")
    agreements = models.JSONField(default=dict, blank=True, help_text="field -> what agreed or differed")
    state = models.CharField(max_length=10, choices=STATES, default="open")
    found_by = models.CharField(max_length=20, default="dedupe", help_text="dedupe or import")
    found_at = models.DateTimeField(default=timezone.now)
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["state", "-score", "id"]
        constraints = [models.UniqueConstraint(fields=["person_a", "person_b"], name="one_candidate_per_pair")]
        indexes = [models.Index(fields=["state", "score"])]

    def __str__(self) -> str:
        return f"#{self.person_a_id} ~ #{self.person_b_id} ({self.score:.2f}, {self.state})"


class Merge(models.Model):
    """One merge: `other` folded into `keep`. `moved` names exactly which rows were re-pointed.

    moved = {"<app.model>.<field>": [ids], ...}; photos = attachment ids added to keep.
    """

    keep = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    other = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    candidate = models.ForeignKey(DuplicateCandidate, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="merges")
    moved = models.JSONField(default=dict)
    photos = models.JSONField(default=list)
    merged_by = models.CharField(max_length=150)
    merged_at = models.DateTimeField(default=timezone.now)
    undone_by = models.CharField(max_length=150, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        undone = " (undone)" if self.undone_at else ""
        return f"#{self.other_id} into #{self.keep_id}{undone}"


class ImportRow(models.Model):
    """One row of an imported list, as read, and what was decided for it.

    `data` holds the recognised fields as read (text); `extra` the columns no header rule
    recognised, under their own header, so nothing in the file is dropped.
    """

    DECISIONS = [("new", "new person"), ("matched", "matched"), ("ambiguous", "ambiguous, to review")]

    # Looked up by batch through one_import_row_per_line (batch, row): no index of its own.
    batch = models.ForeignKey("registry.Batch", on_delete=models.CASCADE, related_name="+", db_index=False)
    row = models.PositiveIntegerField(help_text="line or sheet row number in the file (header = 1)")
    external_id = models.CharField(max_length=200, blank=True)  # read per batch label, never looked up alone
    document = models.CharField(max_length=100, blank=True, db_index=True,
                                help_text="identity-document number, spaces and dashes removed")
    data = models.JSONField(default=dict)
    extra = models.JSONField(default=dict, blank=True)
    decision = models.CharField(max_length=10, choices=DECISIONS)
    score = models.FloatField(null=True, blank=True)
    person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="import_rows")
    candidates = models.JSONField(default=list, blank=True, help_text="[[person id, score], ...] best first")

    class Meta:
        ordering = ["batch", "row"]
        constraints = [models.UniqueConstraint(fields=["batch", "row"], name="one_import_row_per_line")]

    def __str__(self) -> str:
        return f"row {self.row} of batch {self.batch_id}: {self.decision}"
