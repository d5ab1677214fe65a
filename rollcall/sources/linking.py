"""Names found in a source, linked to the registry across spellings and scripts.

Persons go through `rollcall.names` (Gaukhar = Gaukar, Cyrillic = Latin); organisations and
places through their name and `other_names`, folded (Atajurt = Atazhurt = Ata-Jurt). A
`Linker` is built once per ingest run and learns the records accepted during the run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from rollcall import names
from rollcall.registry.models import Organization, PersonName, Place

PERSON_LINK = 0.85  # names.Match.strong: the same person's name in another spelling
GAZETTEER_LINK = 92.0  # rapidfuzz ratio over folded names
_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


def gazetteer_key(name: str) -> str:
    """Folded, without spaces or punctuation: 'Ata-Jurt', 'Atazhurt' and 'Atajurt' are one key."""
    return _NOT_ALNUM.sub("", names.normalize(name))


@dataclass(frozen=True)
class Link:
    """What a name was linked to: a record id and a score in 0..1 (None when nothing matched)."""

    id: int | None
    score: float
    candidates: tuple[tuple[int, str, float], ...] = ()


class _Gazetteer:
    def __init__(self, rows):
        self.by_key: dict[str, int] = {}
        for pk, name, others in rows:
            for n in [name, *(others or [])]:
                key = gazetteer_key(n)
                if key:
                    self.by_key.setdefault(key, pk)
        self.keys = list(self.by_key)

    def add(self, pk: int, name: str) -> None:
        key = gazetteer_key(name)
        if key and key not in self.by_key:
            self.by_key[key] = pk
            self.keys.append(key)

    def find(self, name: str) -> Link:
        key = gazetteer_key(name)
        if not key:
            return Link(None, 0.0)
        if key in self.by_key:
            return Link(self.by_key[key], 1.0)
        best = process.extractOne(key, self.keys, scorer=fuzz.ratio, score_cutoff=GAZETTEER_LINK)
        if best is None:
            return Link(None, 0.0)
        return Link(self.by_key[best[0]], best[1] / 100)


class Linker:
    """Links person, organisation and place names to existing records, built once per run."""

    def __init__(self):
        self.persons = names.NameIndex()
        live = PersonName.objects.filter(person__deleted_at__isnull=True, person__merged_into__isnull=True)
        for person_id, text in live.values_list("person_id", "text").iterator(chunk_size=5000):
            self.persons.add(person_id, text)
        self.organizations = _Gazetteer(Organization.objects.values_list("id", "name", "other_names"))
        self.places = _Gazetteer(Place.objects.values_list("id", "name", "other_names"))
        self._cache: dict[tuple[str, str], Link] = {}

    def person(self, name: str) -> Link:
        key = ("person", name)
        if key not in self._cache:
            found = self.persons.search(name, limit=3) if len(self.persons) else []
            candidates = tuple((int(pid), text, round(float(score), 3)) for pid, text, score in found)
            best = candidates[0] if candidates else None
            if best and best[2] >= PERSON_LINK:
                self._cache[key] = Link(best[0], best[2], candidates)
            else:
                self._cache[key] = Link(None, best[2] if best else 0.0, candidates)
        return self._cache[key]

    def organization(self, name: str) -> Link:
        key = ("organization", name)
        if key not in self._cache:
            self._cache[key] = self.organizations.find(name)
        return self._cache[key]

    def place(self, name: str) -> Link:
        key = ("place", name)
        if key not in self._cache:
            self._cache[key] = self.places.find(name)
        return self._cache[key]

    def learn(self, kind: str, pk: int, name: str) -> None:
        """A record accepted during the run: later documents link to it."""
        if kind == "person":
            self.persons.add(pk, name)
        elif kind == "organization":
            self.organizations.add(pk, name)
        elif kind == "place":
            self.places.add(pk, name)
        self._cache = {k: v for k, v in self._cache.items() if k[0] != kind}


def spans(text: str, name: str, limit: int = 20) -> list[tuple[int, int]]:
    """Where `name` occurs in `text` as whole words; the surname alone when the full name is absent."""
    found = _find(text, name, limit)
    if not found and " " in name.strip():
        found = _find(text, name.split()[-1], limit)
    return found


def _find(text: str, needle: str, limit: int) -> list[tuple[int, int]]:
    r"""Whole-word occurrences, as `(?<!\w)needle(?!\w)` finds them; str.find does the
    scanning (a regular expression with a lookbehind tries every position of the text)."""
    if not needle.strip():
        return []
    out = []
    n, at = len(needle), text.find(needle)
    while at >= 0 and len(out) < limit:
        end = at + n
        if not (at and _word(text[at - 1])) and not (end < len(text) and _word(text[end])):
            out.append((at, end))
            at = text.find(needle, end)
        else:
            at = text.find(needle, at + 1)
    return out


def _word(ch: str) -> bool:
    return _WORD_CHAR.match(ch) is not None


_WORD_CHAR = re.compile(r"\w")


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


def locate(text: str, sentence: str) -> str:
    """The passage of `text` that `sentence` was taken from, as it stands in `text`.

    Extraction and hand-written quotes may differ from the stored text in quote marks and
    spacing; the returned passage is the text's own, so `quote in source.text` holds. Returns
    `sentence` unchanged when it cannot be found.
    """
    sentence = sentence.strip()
    if not sentence or sentence in text:
        return sentence
    flat = text.translate(_QUOTES)
    target = sentence.translate(_QUOTES)
    i = flat.find(target)
    if i >= 0:
        return text[i:i + len(target)]
    words = [re.escape(w) for w in target.split()]
    if not words:
        return sentence
    m = re.search(r"\s+".join(words), flat)
    return text[m.start():m.end()] if m else sentence
