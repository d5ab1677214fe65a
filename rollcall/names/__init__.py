"""Names in any script, compared as one: pure Python, no Django.

Public API
----------

``detect_script(text) -> 'latin' | 'cyrillic' | 'han' | 'arabic' | 'mixed' | 'unknown'``
    Which writing system a name's letters are in (spaces and punctuation ignored).

``to_latin(name) -> str``
    The name in Latin letters: Kazakh/Russian Cyrillic through ICU ``Kazakh-Latin/BGN``,
    Uyghur/Kazakh Arabic script through our own letter table, Chinese through a table of
    transcription rules (``data/han_transcription.yaml``) over pypinyin's dictionary readings.
    ``to_latin("Серікжан Біләшұлы") == "Serikzhan Bilashuly"``.

``normalize(name) -> str``
    The folded comparison form: Latin, lower case, variants merged (zh/j, kh/q/h, y/i, f/p,
    w/u, ä/ə->a, doubled letters; ng kept). ``normalize("Серикжан Билаш") == "serikjan bilash"``.

``split_parts(name) -> NameParts``
    Given name(s), patronymic (-uly, -kyzy, -ovich, -ovna), surname (-ov, -ova, -ev, -eva),
    each with its folded root; ``.gender`` from the suffixes ('f', 'm' or None).

``name_keys(name) -> list[str]``
    Several independent blocking keys (word roots, skeletons, alias labels, word pairs).

``compare(a, b) -> Match``
    Order-insensitive similarity that allows partial names: ``Match.score`` in 0..1,
    ``Match.reasons`` in words, ``Match.strong`` for score >= 0.85.

``NameIndex()``
    ``add(id, name)``; ``search(query, limit=10) -> [(id, name, score)]`` best first:
    candidates from shared keys and the nearest spellings by Jaro-Winkler (found exactly by
    ``nearest.NearestStrings``), rescored with ``compare``; ``pool(query)`` lists the names it
    rescores.

``prepare(name) -> PreparedName`` and ``compare_prepared(a, b)`` are the cached forms for callers
that compare one name many times (the Django search and duplicate layers).
"""

from __future__ import annotations

from rollcall.names.compare import Match, compare, compare_prepared
from rollcall.names.fold import fold
from rollcall.names.index import NameIndex
from rollcall.names.keys import name_keys
from rollcall.names.parts import NameParts, split_parts
from rollcall.names.prepare import PreparedName, prepare
from rollcall.names.scripts import detect_script
from rollcall.names.transliterate import to_latin


def normalize(name: str) -> str:
    """The folded comparison form of a name in any script."""
    return fold(to_latin(name))


__all__ = [
    "Match",
    "NameIndex",
    "NameParts",
    "PreparedName",
    "compare",
    "compare_prepared",
    "detect_script",
    "name_keys",
    "normalize",
    "prepare",
    "split_parts",
    "to_latin",
]
