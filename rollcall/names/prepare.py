"""A name turned once into everything the comparison and the keys need.

``prepare(name)`` transliterates, splits into parts, folds, strips suffixes and looks up
aliases, and caches nothing itself: callers that compare one name many times (the index, the
Django layer's stored keys) keep the ``PreparedName`` and reuse it.
"""

from __future__ import annotations

from typing import NamedTuple

from rollcall.names.aliases import canonical
from rollcall.names.fold import fold, fold_word, skeleton
from rollcall.names.parts import Gender, NameParts, split_parts
from rollcall.names.transliterate import han_to_pinyin


class Token(NamedTuple):
    text: str  # the word in Latin letters, as written
    root: str  # folded, suffix stripped
    skel: str  # consonant skeleton of the root
    alias: str | None  # alias group label, if any
    role: str


class PreparedName(NamedTuple):
    name: str
    folded: str  # normalize(name): folded words, in the order written
    tokens: tuple[Token, ...]
    gender: Gender | None
    script: str
    # Han names also get their plain Mandarin reading (张晓 -> Zhang Xiao) as a second form.
    pinyin: tuple[Token, ...] | None = None


def _tokens(parts: NameParts) -> tuple[Token, ...]:
    return tuple(
        Token(p.text, p.root, skeleton(p.root), canonical(p.root), p.role)
        for p in parts.parts
        if p.root
    )


def prepare(name: str) -> PreparedName:
    parts = split_parts(name)
    tokens = _tokens(parts)
    pinyin = None
    if parts.script == "han":
        pinyin_tokens = tuple(
            Token(w, fold_word(w), skeleton(fold_word(w)), None, "unknown")
            for w in han_to_pinyin(name).split()
            if fold_word(w)
        )
        pinyin = pinyin_tokens or None
    folded = fold(parts.latin)
    return PreparedName(name, folded, tokens, parts.gender, parts.script, pinyin)
