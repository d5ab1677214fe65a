"""One Latin form for a name written in Cyrillic, Arabic or Chinese script.

- Cyrillic (Kazakh and Russian): ICU's ``Kazakh-Latin/BGN`` transform, which knows
  ә ғ қ ң ө ұ ү һ і and the Russian letters, then diacritics dropped
  (Серікжан Біләшұлы -> Serikzhan Bilashuly). ICU ``Any-Latin`` is not used: it mangles ә қ ұ ң.
- Arabic script (Uyghur Ereb Yéziqi and the Kazakh Arabic alphabet used in Xinjiang): our own
  letter table below.
- Chinese: traditional -> simplified (ICU), then the transcription table in
  ``data/han_transcription.yaml`` (古丽 -> gul, 克 -> k, 江 -> zhan ...), pypinyin's first
  dictionary reading for characters it does not list. Given name and father's name, written
  with ``·``, become two words in the same order.

Latin input is returned with its spacing tidied and nothing else changed; folding of Latin
variants is ``fold.py``'s job.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import icu
import yaml
from pypinyin.pinyin_dict import pinyin_dict

from rollcall.names.scripts import split_runs

_SEPARATORS = re.compile(r"[\s·•・‧∙⋅.,;/_\-]+")

# Uyghur (UEY) and Kazakh Arabic letters. The hamza carrier ئ and the Kazakh front-vowel mark
# ٴ only say "a vowel starts here" / "the word is front-vowelled": they are dropped.
ARABIC_LETTERS: dict[str, str] = {
    "ا": "a",
    "ە": "e",
    "ې": "e",
    "ى": "i",
    "ي": "y",
    "و": "o",
    "ۇ": "u",
    "ۆ": "o",
    "ۈ": "u",
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ج": "zh",
    "چ": "ch",
    "خ": "kh",
    "د": "d",
    "ر": "r",
    "ز": "z",
    "ژ": "zh",
    "س": "s",
    "ش": "sh",
    "غ": "gh",
    "ع": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ک": "k",
    "گ": "g",
    "ڭ": "ng",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ھ": "h",
    "ه": "h",
    "ح": "h",
    "ۋ": "w",
    "ئ": "",
    "ٴ": "",
    "ء": "",
    "أ": "a",
    "إ": "i",
    "آ": "a",
    "ة": "a",
    "ث": "s",
    "ذ": "z",
    "ص": "s",
    "ض": "z",
    "ط": "t",
    "ظ": "z",
    "ی": "y",
    "ۉ": "o",
    "ۅ": "o",
}

_PINYIN_INITIALS = (
    ("zh", "zh"),
    ("ch", "ch"),
    ("sh", "sh"),
    ("j", "zh"),
    ("q", "ch"),
    ("x", "s"),
    ("c", "ts"),
    ("h", "kh"),
)
_VOWELS = frozenset("aeiouy")


@lru_cache(maxsize=1)
def _icu_cyrillic() -> icu.Transliterator:
    return icu.Transliterator.createInstance("Kazakh-Latin/BGN")


@lru_cache(maxsize=1)
def _icu_simplified() -> icu.Transliterator:
    return icu.Transliterator.createInstance("Traditional-Simplified")


@lru_cache(maxsize=1)
def _han_table() -> tuple[dict[str, str], dict[str, tuple[str, str]], set[str], int]:
    text = (
        resources.files("rollcall.names")
        .joinpath("data/han_transcription.yaml")
        .read_text(encoding="utf-8")
    )
    data = yaml.safe_load(text)
    morphemes = {str(k): str(v) for k, v in data["morphemes"].items()}
    chars: dict[str, tuple[str, str]] = {}
    word_end: set[str] = set()
    for char, reading in data["chars"].items():
        if isinstance(reading, list):
            chars[str(char)] = (str(reading[0]), str(reading[1]))
            if len(reading) > 2 and reading[2] == "end":
                word_end.add(str(char))
        else:
            chars[str(char)] = (str(reading), str(reading))
    longest = max(len(m) for m in morphemes)
    return morphemes, chars, word_end, longest


def strip_marks(text: str) -> str:
    """Drop combining marks and the modifier letters ICU uses for soft and hard signs."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = [c for c in decomposed if not unicodedata.combining(c) and c not in "ʹʺʼ'’`"]
    return unicodedata.normalize("NFC", "".join(kept))


def cyrillic_to_latin(text: str) -> str:
    latin = _icu_cyrillic().transliterate(text).replace("·", "")
    return strip_marks(latin)


def arabic_to_latin(text: str) -> str:
    out: list[str] = []
    for char in unicodedata.normalize("NFKC", text):
        if char in ARABIC_LETTERS:
            out.append(ARABIC_LETTERS[char])
        elif unicodedata.combining(char) or char == "\u0640":  # harakat, tatweel
            continue
        elif char.isspace():
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


def _pinyin_reading(char: str) -> str:
    """A character's first dictionary reading, as Kazakh-style Latin; context never matters."""
    readings = pinyin_dict.get(ord(char))
    if not readings:
        return ""
    syllable = strip_marks(readings.split(",")[0]).replace("ü", "u").replace("v", "u")
    if syllable.startswith("yi"):
        syllable = "i" + syllable[2:]
    elif syllable.startswith("wu"):
        syllable = "u" + syllable[2:]
    for pinyin_initial, latin in _PINYIN_INITIALS:
        if syllable.startswith(pinyin_initial):
            return latin + syllable[len(pinyin_initial) :]
    return syllable


def _han_word(word: str) -> str:
    morphemes, chars, word_end, longest = _han_table()
    pieces: list[tuple[str, str]] = []
    last = word[-1]
    i = 0
    while i < len(word):
        for size in range(min(longest, len(word) - i), 0, -1):
            chunk = word[i : i + size]
            if size > 1 and chunk in morphemes:
                pieces.append((morphemes[chunk], morphemes[chunk]))
                break
            if size == 1:
                if chunk in morphemes:
                    pieces.append((morphemes[chunk], morphemes[chunk]))
                elif chunk in chars:
                    pieces.append(chars[chunk])
                else:
                    reading = _pinyin_reading(chunk)
                    pieces.append((reading, reading))
        i += size
    out: list[str] = []
    for n, (reading, coda) in enumerate(pieces):
        following = pieces[n + 1][0] if n + 1 < len(pieces) else ""
        before_consonant = bool(following) and following[0] not in _VOWELS
        at_end = n == len(pieces) - 1 and last in word_end
        out.append(coda if before_consonant or at_end else reading)
    return "".join(out)


def han_to_latin(text: str) -> str:
    simplified = _icu_simplified().transliterate(text)
    words = [w for w in _SEPARATORS.split(simplified) if w]
    return " ".join(_han_word(w) for w in words)


def han_to_pinyin(text: str) -> str:
    """Plain Mandarin pinyin, one word per name part (for Han Chinese names: 张晓 -> zhangxiao)."""
    simplified = _icu_simplified().transliterate(text)
    words = [w for w in _SEPARATORS.split(simplified) if w]
    out = []
    for word in words:
        syllables = []
        for char in word:
            readings = pinyin_dict.get(ord(char))
            syllables.append(strip_marks(readings.split(",")[0]) if readings else char)
        out.append("".join(syllables))
    return " ".join(out)


_CONVERTERS = {"cyrillic": cyrillic_to_latin, "arabic": arabic_to_latin, "han": han_to_latin}


@lru_cache(maxsize=65536)
def to_latin(name: str) -> str:
    """The name in Latin letters, words separated by single spaces, case kept where it exists.

    >>> to_latin("Серікжан Біләшұлы")
    'Serikzhan Bilashuly'
    >>> to_latin("赛尔克坚·比拉什")
    'Sayrkzhan Bilash'
    """
    parts: list[str] = []
    for run, script in split_runs(unicodedata.normalize("NFC", name)):
        converter = _CONVERTERS.get(script or "")
        if converter is None:
            parts.append(run)
        else:
            converted = converter(run)
            parts.append(converted.title() if script in ("han", "arabic") else converted)
            parts.append(" ")
    text = "".join(parts).replace("·", " ").replace("•", " ")
    return " ".join(text.split())
