from __future__ import annotations

import io

from rollcall.ingest.warc import Capture, iter_records, verify_warc, write_warc


def _warc(gzip: bool) -> bytes:
    buf = io.BytesIO()
    write_warc(buf, [Capture("https://example.org/a", b"<html><body>Hello Almaty</body></html>")], gzip=gzip)
    return buf.getvalue()


def test_it_writes_sha256_digests():
    rec = iter_records(_warc(True))[0]
    assert rec.digest.startswith("sha256:") and rec.problems == []
    assert verify_warc(_warc(True)) == []


def test_it_detects_a_changed_byte():
    raw = _warc(False)
    i = raw.index(b"Hello")
    changed = raw[:i] + b"J" + raw[i + 1:]
    assert verify_warc(changed)
