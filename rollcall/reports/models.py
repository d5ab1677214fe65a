"""Counting rules: the written, versioned definitions behind every published figure."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class CountingRule(models.Model):
    code = models.SlugField(max_length=80)
    version = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=300)
    text = models.TextField(help_text="the rule in words, shown beside the figure")
    definition = models.JSONField(default=dict, help_text="the rule as data, evaluated by reports")
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="one_rule_version")]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"
