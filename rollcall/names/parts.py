"""Which word of a name is the given name, the father's name, the family name.

Kazakh and Uyghur names come in several layouts:

- ``Serikzhan Bilash``: given name, then the father's name used as a surname;
- ``Serikzhan Bilashuly`` / ``Серікжан Біләшұлы``: the father's name with -uly ("son of")
  or -kyzy ("daughter of");
- ``Kurmanaliyeva Gaukhar Serikovna``: a Russian-style passport, surname with -ov/-ova/-ev/-eva,
  sometimes a patronymic in -ovich/-ovna, often surname first;
- ``赛尔克坚·比拉什``: Chinese documents write given name · father's name.

Suffixes are stripped to a root (Bilashuly, Bilashev, Bilash -> bilash) and the gender they carry
is kept as a feature. Roots are what the comparison and the keys use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from rollcall.names.fold import fold_word
from rollcall.names.scripts import detect_script
from rollcall.names.transliterate import to_latin

Gender = Literal["f", "m"]

# Folded suffixes (see fold.py: y -> i, q/kh -> k), longest first, with the gender they carry.
PATRONYMIC_SUFFIXES: tuple[tuple[str, Gender], ...] = (
    ("ovna", "f"),
    ("evna", "f"),
    ("ichna", "f"),
    ("ovich", "m"),
    ("evich", "m"),
    ("kizi", "f"),
    ("ogli", "m"),
    ("oglu", "m"),
    ("uli", "m"),
    ("ulu", "m"),
)
SURNAME_SUFFIXES: tuple[tuple[str, Gender], ...] = (
    ("ieva", "f"),
    ("iova", "f"),
    ("eva", "f"),
    ("ova", "f"),
    ("skaia", "f"),
    ("iev", "m"),
    ("iov", "m"),
    ("ev", "m"),
    ("ov", "m"),
    ("skii", "m"),
    ("ski", "m"),
)
# Words that stand apart but belong to the word before: "Bilash uly", "Bilash kyzy".
_DETACHED = {"uli": "m", "ulu": "m", "kizi": "f", "ogli": "m", "oglu": "m"}
_MIN_ROOT = 3


@dataclass(frozen=True)
class NamePart:
    text: str  # as written, in Latin letters
    folded: str  # fold_word(text)
    root: str  # folded, suffix stripped
    role: Literal["given", "patronymic", "surname", "unknown"]
    gender: Gender | None = None


@dataclass(frozen=True)
class NameParts:
    """A name cut into parts, in the order written."""

    original: str
    latin: str
    script: str
    parts: tuple[NamePart, ...] = field(default_factory=tuple)

    @property
    def given(self) -> list[str]:
        return [p.text for p in self.parts if p.role == "given"]

    @property
    def patronymic(self) -> str | None:
        return next((p.text for p in self.parts if p.role == "patronymic"), None)

    @property
    def surname(self) -> str | None:
        return next((p.text for p in self.parts if p.role == "surname"), None)

    @property
    def roots(self) -> list[str]:
        return [p.root for p in self.parts]

    @property
    def gender(self) -> Gender | None:
        """The gender the suffixes say, or None when they say nothing or disagree."""
        found = {p.gender for p in self.parts if p.gender}
        return found.pop() if len(found) == 1 else None  # type: ignore[return-value]


def strip_suffix(folded: str) -> tuple[str, str | None, Gender | None]:
    """(root, kind, gender) for one folded word; kind is 'patronymic', 'surname' or None."""
    for kind, suffixes in (("patronymic", PATRONYMIC_SUFFIXES), ("surname", SURNAME_SUFFIXES)):
        for suffix, gender in suffixes:
            if folded.endswith(suffix) and len(folded) - len(suffix) >= _MIN_ROOT:
                return folded[: -len(suffix)], kind, gender
    return folded, None, None


def _words(latin: str) -> list[str]:
    for sep in '-·.,;/()[]"':
        latin = latin.replace(sep, " ")
    return [w for w in latin.split() if fold_word(w)]


def split_parts(name: str) -> NameParts:
    """Cut a name in any script into given name, patronymic and surname parts."""
    script = detect_script(name)
    latin = to_latin(name)
    words = _words(latin)
    chinese_order = script == "han" or "·" in name or "•" in name

    raw: list[list] = []  # [text, folded, root, kind, gender]
    for word in words:
        folded = fold_word(word)
        if folded in _DETACHED and raw:
            raw[-1][3], raw[-1][4] = "patronymic", _DETACHED[folded]
            raw[-1][0] = f"{raw[-1][0]} {word}"
            continue
        root, kind, gender = strip_suffix(folded)
        raw.append([word, folded, root, kind, gender])

    untyped = [r for r in raw if r[3] is None]
    if untyped and len(raw) > 1:
        if chinese_order and len(raw) == 2 and raw[1][3] is None:
            raw[1][3] = "patronymic"  # given name · father's name
        elif not any(r[3] == "surname" for r in raw) and len(untyped) > 1:
            untyped[-1][3] = "surname"  # Serikzhan Bilash: the father's name as surname
    for r in raw:
        if r[3] is None:
            r[3] = "given" if len(raw) > 1 or r is raw[0] else "unknown"

    parts = tuple(
        NamePart(text=t, folded=f, root=root, role=kind, gender=g) for t, f, root, kind, g in raw
    )
    return NameParts(original=name, latin=latin, script=script, parts=parts)
