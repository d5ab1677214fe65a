"""Blocking keys: short strings that two spellings of one name are likely to share.

A name gets several independent keys, so that a spelling which breaks one key still shares
another (one key alone found only 88 % of the best matches in an earlier trial):

==========  ===============================================  ====================
prefix      what                                             Serikzhan Bilash
==========  ===============================================  ====================
``r:``      each word's folded root                          r:serikjan, r:bilash
``k:``      each word's consonant skeleton                   k:slkjn, k:bls
``a:``      each word's alias group label                    a:bilash
``p:``      each pair of words: first 3 letters of the roots  p:bil+ser
``q:``      each pair of words: first 3 skeleton letters      q:bls+slk
``z:``      each pair of words: whole skeletons               z:bls+slkjn
``s:``      each pair of words: last 3 letters of the roots   s:ash+jan
==========  ===============================================  ====================

A word in an alias group makes its pair keys twice: with its own root and with the group label.
Pair keys are sorted, so word order does not matter, and they are selective: a common given
name alone matches thousands, a pair a handful. Keys are plain strings: the Django layer stores
them in a table (name id, key) and looks candidates up with ``key IN (...)``.
"""

from __future__ import annotations

from itertools import combinations

from rollcall.names.fold import skeleton
from rollcall.names.prepare import PreparedName, Token, prepare

MAX_WORDS_FOR_PAIRS = 5


def _word_keys(token: Token) -> list[str]:
    keys = []
    if len(token.root) >= 2:
        keys.append("r:" + token.root)
    if len(token.skel) >= 2:
        keys.append("k:" + token.skel)
    if token.alias:
        keys.append("a:" + token.alias)
    return keys


def _pair_keys(a: Token, b: Token) -> list[str]:
    x, y = sorted((a.root[:3], b.root[:3]))
    s, t = sorted((a.skel[:3], b.skel[:3]))
    u, v = sorted((a.skel, b.skel))
    m, n = sorted((a.root[-3:], b.root[-3:]))
    return [f"p:{x}+{y}", f"q:{s}+{t}", f"z:{u}+{v}", f"s:{m}+{n}"]


def token_keys(tokens: tuple[Token, ...]) -> list[str]:
    keys: list[str] = []
    for token in tokens:
        keys.extend(_word_keys(token))
    for a, b in combinations(tokens[:MAX_WORDS_FOR_PAIRS], 2):
        keys.extend(_pair_keys(a, b))
        # A word in an alias group also pairs under its group label (Reila -> rakile).
        a_alias = a._replace(root=a.alias, skel=skeleton(a.alias)) if a.alias else a
        b_alias = b._replace(root=b.alias, skel=skeleton(b.alias)) if b.alias else b
        if a_alias is not a or b_alias is not b:
            keys.extend(_pair_keys(a_alias, b_alias))
    return keys


def prepared_keys(name: PreparedName) -> list[str]:
    keys = token_keys(name.tokens)
    if name.pinyin:
        keys.extend(token_keys(name.pinyin))
    return list(dict.fromkeys(keys))


def name_keys(name: str) -> list[str]:
    """All blocking keys of a name in any script, without duplicates."""
    return prepared_keys(prepare(name))
