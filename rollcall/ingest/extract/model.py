"""The language-neutral picture of a document that claims, events and attribution work on."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Mention:
    """A span naming a person, organisation or place; `name` is the resolved full name."""

    kind: str  # "person", "org", "place"
    name: str
    start: int
    end: int
    text: str = ""


@dataclass
class Sentence:
    text: str
    start: int
    end: int
    paragraph: int
    mentions: list[Mention] = field(default_factory=list)

    def of(self, kind: str) -> list[Mention]:
        return [m for m in self.mentions if m.kind == kind]


@dataclass
class Analysis:
    """What the language-specific step found: sentences with mentions, and persons with roles."""

    text: str
    language: str
    sentences: list[Sentence]
    persons: dict[str, str]  # full name -> role
    organizations: list[str]
    places: list[str]
