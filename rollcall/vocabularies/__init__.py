"""Controlled vocabularies, kept as data files with labels in English, Russian and Kazakh.

Pure Python: no Django import, so the ingest and names packages can use it too.

    >>> from rollcall import vocabularies
    >>> vocabularies.get("act_types")["arrest"].label("ru")
    'Арест'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"
LANGUAGES = ("en", "ru", "kk")


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary: a stable code, its labels, and any extra attributes."""

    code: str
    labels: dict[str, str]
    attrs: dict[str, Any] = field(default_factory=dict)

    def label(self, language: str = "en") -> str:
        return self.labels.get(language[:2]) or self.labels["en"]

    def __getitem__(self, key: str) -> Any:
        return self.attrs[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.attrs.get(key, default)


class Vocabulary:
    """An ordered set of terms loaded from `data/<name>.yaml`."""

    def __init__(self, name: str, description: str, terms: list[Term]):
        self.name = name
        self.description = description
        self._terms = {t.code: t for t in terms}

    def __getitem__(self, code: str) -> Term:
        return self._terms[code]

    def __contains__(self, code: object) -> bool:
        return code in self._terms

    def __iter__(self) -> Iterator[Term]:
        return iter(self._terms.values())

    def __len__(self) -> int:
        return len(self._terms)

    def codes(self) -> list[str]:
        return list(self._terms)

    def choices(self, language: str = "en") -> list[tuple[str, str]]:
        """(code, label) pairs, as Django model fields and forms want them."""
        return [(t.code, t.label(language)) for t in self]

    def require(self, code: str) -> Term:
        """The term for `code`, or ValueError naming the vocabulary and the allowed codes."""
        try:
            return self._terms[code]
        except KeyError:
            allowed = ", ".join(self._terms)
            raise ValueError(f"unknown {self.name} {code!r} (allowed: {allowed})") from None


def _parse(name: str, raw: dict[str, Any]) -> Vocabulary:
    terms = []
    for code, entry in raw["terms"].items():
        stray = [k for k, v in entry.items() if v is None and " " in str(k)]
        if stray:
            # An unquoted comma inside a flow mapping ({en: a, b}) splits a label in two.
            raise ValueError(f"{name}.yaml: term {code!r}: quote labels that contain commas ({stray[0]!r})")
        labels = {lang: entry.pop(lang) for lang in LANGUAGES if lang in entry}
        if set(labels) != set(LANGUAGES):
            raise ValueError(f"{name}.yaml: term {code!r} lacks a label in {set(LANGUAGES) - set(labels)}")
        terms.append(Term(code=str(code), labels=labels, attrs=entry))
    return Vocabulary(name, raw.get("description", ""), terms)


@cache
def get(name: str) -> Vocabulary:
    path = DATA / f"{name}.yaml"
    if not path.exists():
        raise LookupError(f"no vocabulary named {name!r}")
    with path.open(encoding="utf-8") as f:
        return _parse(name, yaml.safe_load(f))


def names() -> list[str]:
    return sorted(p.stem for p in DATA.glob("*.yaml"))
