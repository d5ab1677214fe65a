"""Counting rules: written, versioned definitions of every published figure, kept as data.

Each rule is a YAML file in rules/ with a code, a version, a title and the rule in words in
English, Russian and Kazakh, and the rule as data (what is counted, filters, grouping).
A published rule is never edited in place: a change is a new file version, and the database
keeps every version ever published (reports.CountingRule).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(__file__).parent / "rules"
COUNTS = {"persons", "acts", "interventions"}
GROUPS = {
    "persons": {"status", "ethnicity", "citizenship", "region", "first_act_year"},
    "acts": {"year", "type"},
    "interventions": {"year_sent", "answered"},
}


@dataclass(frozen=True)
class Rule:
    code: str
    version: int
    title: dict[str, str]
    text: dict[str, str]
    counts: str
    group_by: tuple[str, ...]
    filter: dict[str, Any] = field(default_factory=dict)
    exclude: dict[str, Any] = field(default_factory=dict)
    first_act: tuple[str, ...] = ()

    def title_in(self, lang: str) -> str:
        return self.title.get(lang[:2]) or self.title["en"]

    def text_in(self, lang: str) -> str:
        return (self.text.get(lang[:2]) or self.text["en"]).strip()

    @property
    def definition(self) -> dict[str, Any]:
        return {"counts": self.counts, "group_by": list(self.group_by), "filter": self.filter,
                "exclude": self.exclude, "first_act": list(self.first_act)}


def parse(raw: dict[str, Any], where: str) -> Rule:
    counts = raw.get("counts")
    if counts not in COUNTS:
        raise ValueError(f"{where}: counts must be one of {sorted(COUNTS)}, not {counts!r}")
    group_by = raw.get("group_by") or []
    group_by = tuple([group_by] if isinstance(group_by, str) else group_by)
    unknown = set(group_by) - GROUPS[counts]
    if unknown:
        raise ValueError(f"{where}: cannot group {counts} by {', '.join(sorted(unknown))}")
    for lang in ("en", "ru", "kk"):
        if lang not in raw.get("title", {}) or lang not in raw.get("text", {}):
            raise ValueError(f"{where}: title and text need en, ru and kk")
    return Rule(code=raw["code"], version=int(raw["version"]), title=raw["title"], text=raw["text"],
                counts=counts, group_by=group_by, filter=raw.get("filter") or {},
                exclude=raw.get("exclude") or {}, first_act=tuple(raw.get("first_act") or ()))


@cache
def all_rules() -> dict[str, Rule]:
    rules = {}
    for path in sorted(RULES_DIR.glob("*.yaml")):
        rule = parse(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
        rules[rule.code] = rule
    return rules


def get(code: str) -> Rule:
    try:
        return all_rules()[code]
    except KeyError:
        raise LookupError(f"no counting rule {code!r} (known: {', '.join(all_rules())})") from None


def publish() -> int:
    """Store every rule version not yet in the database; returns how many were added."""
    from rollcall.reports.models import CountingRule

    added = 0
    for rule in all_rules().values():
        _, created = CountingRule.objects.get_or_create(
            code=rule.code, version=rule.version,
            defaults={"title": rule.title_in("en"), "text": rule.text_in("en"), "definition": rule.definition},
        )
        added += created
    return added
