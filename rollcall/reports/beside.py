"""Figures from the world beside ours: every claim about a quantity next to our own count of it."""

from __future__ import annotations

from dataclasses import dataclass

from rollcall import vocabularies
from rollcall.access import policy
from rollcall.reports import rules, statistics
from rollcall.sources.models import Claim


@dataclass(frozen=True)
class Ledger:
    subject: str
    label: str
    claims: list[Claim]
    ours: int | None
    rule: rules.Rule | None


def ours(subject: str, viewer: policy.Viewer) -> tuple[int | None, rules.Rule | None]:
    """Our count for the quantity a claim subject names, and the rule behind it; None if we keep none."""
    spec = vocabularies.get("claim_subjects").require(subject).get("ours")
    if not spec:
        return None, None
    rule = rules.get(spec["rule"])
    figure = statistics.compute(rule, viewer)
    wanted = spec.get("groups")
    if wanted is None:
        return figure.total, rule
    keys = {tuple(k) for k in wanted}
    return sum(g.count for g in figure.groups if tuple(g.key) in keys), rule


def ledger(subject: str, viewer: policy.Viewer, language: str = "en") -> Ledger:
    term = vocabularies.get("claim_subjects").require(subject)
    claims = list(policy.visible(Claim.objects.filter(subject=subject, repeats__isnull=True), viewer)
                  .select_related("source", "said_by_person", "said_by_organization")
                  .order_by("as_of_earliest", "pk"))
    count, rule = ours(subject, viewer)
    return Ledger(subject, term.label(language), claims, count, rule)


def all_ledgers(viewer: policy.Viewer, language: str = "en") -> list[Ledger]:
    subjects = policy.visible(Claim.objects.all(), viewer).values_list("subject", flat=True).distinct()
    return [ledger(s, viewer, language) for s in sorted(set(subjects))]
