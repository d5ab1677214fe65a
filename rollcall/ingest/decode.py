"""Bytes to text: UTF-8 first, then an encoding the bytes themselves declare or reveal."""

from __future__ import annotations

import re

from .document import ReadError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def decode(data: bytes, name: str = "file") -> str:
    """The text of `data`, or ReadError naming the first bad byte when no encoding fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReadError(f"{name}: broken UTF-16 text") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        first_bad = e.start
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        enc = declared.group(1).decode("ascii").lower()
        if enc not in ("utf-8", "utf8"):
            try:
                return data.decode(enc)
            except (LookupError, UnicodeDecodeError):
                pass
    for guess in (_as_cp1251, _as_cp1252):
        text = guess(data)
        if text is not None:
            return text
    raise ReadError(f"{name}: invalid UTF-8 at byte {first_bad} and no other encoding detected")


def _non_ascii(text: str) -> list[str]:
    return [c for c in text if ord(c) > 127]


def _as_cp1251(data: bytes) -> str | None:
    """Russian or Kazakh text in Windows-1251: nearly all non-ASCII letters are Cyrillic."""
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        return None
    high = _non_ascii(text)
    if len(high) < 20:
        return None
    cyr = len(_CYRILLIC.findall(text))
    return text if cyr / len(high) > 0.9 else None


def _as_cp1252(data: bytes) -> str | None:
    """Western text in Windows-1252: a few accented letters or typographic quotes, no noise."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    high = _non_ascii(text)
    if not high or len(high) > 0.02 * len(text):
        return None
    ok = sum(1 for c in high if c.isalpha() or c in "‘’“”–—…•€£«»°§")
    return text if ok / len(high) > 0.95 else None
