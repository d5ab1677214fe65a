"""WARC files with SHA-256 digests (warcio writes SHA-1 unless told otherwise), and reading back.

    >>> with open("capture.warc.gz", "wb") as f:
    ...     write_warc(f, [Capture("https://example.org/a", b"<html>...</html>")])
    >>> verify_warc(open("capture.warc.gz", "rb").read())   # [] when every digest matches
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

from .document import Document, ReadError


class SHA256WARCWriter(WARCWriter):
    """A WARCWriter whose block and payload digests are SHA-256."""

    @staticmethod
    def _create_digester():
        return Digester("sha256")


@dataclass
class Capture:
    """One captured HTTP response: its target URI, body bytes and headers."""

    uri: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: str = "200 OK"
    headers: list[tuple[str, str]] = field(default_factory=list)
    warc_date: str | None = None  # ISO 8601; warcio uses now when None


def write_warc(out: BinaryIO, captures: Iterable[Capture], *, gzip: bool = True) -> int:
    """Write one response record per capture to `out`; returns the number written."""
    writer = SHA256WARCWriter(out, gzip=gzip)
    n = 0
    for c in captures:
        http = StatusAndHeaders(
            c.status, [("Content-Type", c.content_type), *c.headers], protocol="HTTP/1.1"
        )
        warc_headers = {"WARC-Date": c.warc_date} if c.warc_date else None
        record = writer.create_warc_record(
            c.uri, "response", payload=io.BytesIO(c.body), length=len(c.body),
            http_headers=http, warc_headers_dict=warc_headers,
        )
        writer.write_record(record)
        n += 1
    return n


def write_resource(out: BinaryIO, uri: str, body: bytes, content_type: str, *, warc_date: str | None = None,
                   gzip: bool = True) -> None:
    """One `resource` record: a capture not fetched over HTTP (a local file), SHA-256 digests.

    warcio parses HTTP headers only for http(s) response records, so a file:// capture is a
    resource record whose block is the file's bytes exactly.
    """
    writer = SHA256WARCWriter(out, gzip=gzip)
    warc_headers = {"WARC-Date": warc_date} if warc_date else None
    record = writer.create_warc_record(uri, "resource", payload=io.BytesIO(body), length=len(body),
                                       warc_content_type=content_type, warc_headers_dict=warc_headers)
    writer.write_record(record)


@dataclass
class Record:
    """A response record read back: target URI, HTTP content type, body and digest check."""

    uri: str
    content_type: str
    body: bytes
    digest: str | None
    problems: list[str]


def iter_records(data: bytes, name: str = "archive") -> list[Record]:
    """Response (and resource) records of a WARC (gzipped or not), digests checked; ReadError if damaged."""
    out: list[Record] = []
    seen = 0
    try:
        for rec in ArchiveIterator(io.BytesIO(data), check_digests=True):
            seen += 1
            if rec.rec_type not in ("response", "resource"):
                continue
            body = rec.content_stream().read()
            ctype = (rec.http_headers.get_header("Content-Type") if rec.http_headers else None) or ""
            if rec.rec_type == "resource":
                ctype = rec.rec_headers.get_header("Content-Type") or ""
            problems = list(rec.digest_checker.problems) if rec.digest_checker else []
            out.append(Record(
                uri=rec.rec_headers.get_header("WARC-Target-URI") or "",
                content_type=ctype.split(";")[0].strip().lower(),
                body=body,
                digest=rec.rec_headers.get_header("WARC-Payload-Digest"),
                problems=problems,
            ))
            if getattr(rec.raw_stream, "limit", 0) > 0:
                raise ReadError(f"{name}: truncated WARC (record for {out[-1].uri} is cut short)")
    except ReadError:
        raise
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as e:
        msg = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise ReadError(f"{name}: truncated or damaged WARC ({msg[:120]})") from None
    except Exception as e:  # zlib.error and friends from a cut gzip member
        raise ReadError(f"{name}: truncated or damaged WARC ({type(e).__name__})") from None
    if not seen:
        raise ReadError(f"{name}: truncated or damaged WARC (no complete record)")
    return out


def verify_warc(data: bytes, name: str = "archive") -> list[str]:
    """Problems found in the digests of every response record; empty when all match."""
    return [f"{r.uri}: {p}" for r in iter_records(data, name) for p in r.problems]


def read_documents(data: bytes, name: str = "archive") -> list[Document]:
    """One Document per HTML or text response of a WARC, keeping its target URI."""
    from .decode import decode
    from .read import read_html, read_text

    records = iter_records(data, name)
    bad = [p for r in records for p in r.problems]
    if bad:
        raise ReadError(f"{name}: digest mismatch in WARC ({bad[0]})")
    docs = []
    for r in records:
        if r.content_type not in ("text/html", "application/xhtml+xml", "text/plain", ""):
            continue
        if not r.body.strip():
            continue
        text = decode(r.body, f"{name} {r.uri}")
        if r.content_type == "text/plain":
            doc = read_text(text, file=name, url=r.uri)
        else:
            try:
                doc = read_html(text, file=name, url=r.uri)
            except ReadError:
                continue  # a page with no main text (a redirect, an empty shell) is not a document
        doc.url = r.uri
        doc.meta["warc_payload_digest"] = r.digest or ""
        docs.append(doc)
    if not docs:
        raise ReadError(f"{name}: WARC holds no HTML or text response")
    return docs
