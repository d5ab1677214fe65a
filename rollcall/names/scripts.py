"""Which writing system a name is written in.

Only letters count: spaces, digits, punctuation and the Chinese name separator ``·``
are ignored, so ``赛尔克坚·比拉什`` is ``han`` and ``Serikzhan (Серикжан)`` is ``mixed``.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Literal

Script = Literal["latin", "cyrillic", "han", "arabic", "mixed", "unknown"]

# (first code point, last code point, script), sorted.
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, "latin"),
    (0x0061, 0x007A, "latin"),
    (0x00C0, 0x024F, "latin"),  # Latin-1 letters, Latin Extended-A/B (ä ö ü ş ğ ı ...)
    (0x0250, 0x02AF, "latin"),  # IPA extensions (ə)
    (0x0400, 0x052F, "cyrillic"),  # Cyrillic and Cyrillic Supplement (ә ғ қ ң ө ұ ү һ і)
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x08A0, 0x08FF, "arabic"),
    (0x1E00, 0x1EFF, "latin"),  # Latin Extended Additional
    (0x2E80, 0x2FDF, "han"),  # radicals
    (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"),
    (0xF900, 0xFAFF, "han"),
    (0xFB50, 0xFDFF, "arabic"),  # presentation forms A
    (0xFE70, 0xFEFF, "arabic"),  # presentation forms B
    (0x20000, 0x3134F, "han"),
)


@lru_cache(maxsize=4096)
def char_script(char: str) -> str | None:
    """The script of one character, or None when it is not a letter we know."""
    cp = ord(char)
    for first, last, script in _RANGES:
        if cp < first:
            break
        if cp <= last:
            if script == "arabic" and not unicodedata.category(char).startswith("L"):
                return None  # Arabic punctuation, digits, tatweel and harakat
            return script
    return None


def scripts_in(text: str) -> set[str]:
    """All scripts whose letters occur in ``text``."""
    found: set[str] = set()
    for char in text:
        if char.isascii() and not char.isalpha():
            continue
        script = char_script(char)
        if script is not None:
            found.add(script)
    return found


def detect_script(text: str) -> Script:
    """``latin``, ``cyrillic``, ``han`` or ``arabic``; ``mixed`` for several; else ``unknown``."""
    found = scripts_in(text)
    if not found:
        return "unknown"
    if len(found) > 1:
        return "mixed"
    return found.pop()  # type: ignore[return-value]


def split_runs(text: str) -> list[tuple[str, str | None]]:
    """Cut ``text`` into runs of one script; separators join the run before them."""
    runs: list[tuple[str, str | None]] = []
    current: list[str] = []
    current_script: str | None = None
    for char in text:
        script = None if (char.isascii() and not char.isalpha()) else char_script(char)
        if script is not None and current_script is not None and script != current_script:
            runs.append(("".join(current), current_script))
            current = []
        if script is not None:
            current_script = script
        current.append(char)
    if current:
        runs.append(("".join(current), current_script))
    return runs
