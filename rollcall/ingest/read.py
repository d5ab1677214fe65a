"""Bytes and a file name in, Documents out: plain text, HTML and WARC archives.

    >>> docs = read_bytes(b"Title\\n\\nSome text about Almaty ...", "page.txt")

Every failure is a ReadError with a one-line message; nothing else escapes for bad input.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import boilerplate, language
from .decode import decode
from .document import Document, ReadError

MAX_BYTES = 20 * 1024 * 1024
_MAGIC = {
    b"%PDF": "PDF", b"\x89PNG": "PNG image", b"\xff\xd8\xff": "JPEG image", b"GIF8": "GIF image",
    b"PK\x03\x04": "ZIP archive", b"\x1f\x8b": "gzip data", b"\x7fELF": "executable",
    b"MZ": "executable", b"Rar!": "RAR archive", b"7z\xbc\xaf": "7z archive",
    b"\xd0\xcf\x11\xe0": "Office document",
}
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december")
_DATE_LINE = re.compile(
    rf"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,\s*)?({_MONTHS})\s+(\d{{1,2}}),\s*(\d{{4}})$",
    re.IGNORECASE,
)
_DATE_LINE_DMY = re.compile(rf"^(\d{{1,2}})\s+({_MONTHS})\s+(\d{{4}})$", re.IGNORECASE)
_ISO_LINE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_BYLINE = re.compile(r"^(?:by\s+)?([A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2})$")
_DATELINE_OUTLET = re.compile(r"^[A-Z][A-Z .\-]+(?:,\s*[A-Z][a-z]+)?\s*\(([A-Za-z/&]{2,12})\)\s*[—–-]")


def read_path(path: str | Path, *, max_bytes: int = MAX_BYTES) -> list[Document]:
    """Documents in the file at `path` (one, or one per HTML response of a WARC)."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as e:
        raise ReadError(f"{p.name}: cannot open ({e.strerror or e})") from None
    if size > max_bytes:
        raise ReadError(f"{p.name}: file too large ({size / 1e6:.1f} MB, limit {max_bytes / 1e6:.0f} MB)")
    return read_bytes(p.read_bytes(), p.name, max_bytes=max_bytes)


def read_bytes(data: bytes, filename: str, *, max_bytes: int = MAX_BYTES) -> list[Document]:
    """Documents in `data`, the content of a file called `filename`."""
    name = Path(filename).name
    lower = name.lower()
    if len(data) > max_bytes:
        raise ReadError(f"{name}: file too large ({len(data) / 1e6:.1f} MB, limit {max_bytes / 1e6:.0f} MB)")
    if not data.strip():
        raise ReadError(f"{name}: empty file")
    if lower.endswith((".warc", ".warc.gz", ".arc.gz")):
        from .warc import read_documents

        return read_documents(data, name)
    kind = _binary_kind(data)
    if kind:
        raise ReadError(f"{name}: binary data ({kind}), not a text or HTML page")
    text = decode(data, name)
    if not text.strip():
        raise ReadError(f"{name}: no text (only whitespace or a byte order mark)")
    if lower.endswith((".html", ".htm", ".xhtml")) or _looks_like_html(text):
        return [read_html(text, file=name)]
    document = read_text(text, file=name)
    if not document.text.strip():
        raise ReadError(f"{name}: no text left once navigation and boilerplate lines are dropped")
    return [document]


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 with a byte order mark: text
    if b"\x00" in head:
        return "contains NUL bytes"
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return "control characters" if controls > len(head) * 0.05 else None


def _looks_like_html(text: str) -> bool:
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def read_text(text: str, *, file: str | None = None, url: str | None = None) -> Document:
    """A flat text page: boilerplate dropped, title, date, author and outlet taken when present."""
    body = boilerplate.clean(text)
    lines = body.split("\n")
    published = None
    for i, line in enumerate(lines[:6]):
        iso = _parse_date_line(line)
        if iso:
            published = iso
            lines[i] = ""
            break
    title = next((x for x in lines if x.strip()), None)
    if title and (len(title.split()) > 30 or title.rstrip().endswith((".", ":"))):
        title = None
    author = None
    nonblank = [i for i, x in enumerate(lines) if x.strip()]
    candidates = nonblank[1:3] + nonblank[-1:] if len(nonblank) > 3 else []
    for i in candidates:
        m = _BYLINE.match(lines[i].strip())
        if m and not _is_heading_word(m.group(1)):
            author = m.group(1)
            lines[i] = ""
            break
    outlet = None
    for line in lines[:8]:
        m = _DATELINE_OUTLET.match(line)
        if m:
            outlet = m.group(1)
            break
    clean_text = re.sub(r"\n{2,}", "\n\n", "\n".join(lines)).strip()
    return Document(
        text=clean_text, title=title, outlet=outlet, author=author, published=published,
        language=language.detect(clean_text), url=url, file=file,
    )


def _is_heading_word(words: str) -> bool:
    from .extract.gazetteer import is_known_non_person

    return is_known_non_person(words)


def _parse_date_line(line: str) -> str | None:
    line = line.strip()
    months = _MONTHS.split("|")
    m = _DATE_LINE.match(line)
    if m:
        return f"{int(m.group(3)):04d}-{months.index(m.group(1).lower()) + 1:02d}-{int(m.group(2)):02d}"
    m = _DATE_LINE_DMY.match(line)
    if m:
        return f"{int(m.group(3)):04d}-{months.index(m.group(2).lower()) + 1:02d}-{int(m.group(1)):02d}"
    m = _ISO_LINE.match(line)
    return line if m else None


def read_html(html: str, *, file: str | None = None, url: str | None = None) -> Document:
    """The main text and metadata of an HTML page (trafilatura, comments left out)."""
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            html, url=url, include_comments=False, with_metadata=True, include_tables=False
        )
    except Exception as e:  # trafilatura raises many kinds on broken markup
        raise ReadError(f"{file or 'page'}: HTML could not be parsed ({type(e).__name__})") from None
    if result is None or not (getattr(result, "text", None) or "").strip():
        raise ReadError(f"{file or 'page'}: no main text found in the HTML")
    meta = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    doc = read_text(meta.get("text") or "", file=file, url=url or meta.get("url"))
    doc.media_type = "text/html"
    doc.title = meta.get("title") or doc.title
    doc.author = meta.get("author") or doc.author
    doc.outlet = meta.get("sitename") or meta.get("hostname") or doc.outlet
    date = meta.get("date")
    if date and re.match(r"^\d{4}-\d{2}-\d{2}$", date):
        doc.published = date
    return doc
