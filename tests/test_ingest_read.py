from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rollcall.ingest.document import ReadError
from rollcall.ingest.read import read_bytes, read_path
from rollcall.ingest.warc import Capture, write_warc

SEEDS = Path(__file__).parent / "data" / "ingest" / "seeds"




def test_it_drops_navigation_newsletter_and_repeated_lines():
    doc = read_path(SEEDS / "001_27f66737e6e26249.txt")[0]
    assert "Accessibility links" not in doc.text
    assert "Subscribe" not in doc.text and "click here" not in doc.text
    assert doc.text.count("Dozens of ethnic Kazakhs from China have been picketing") == 1
    assert "Karibai said" in doc.text


def test_it_drops_blog_footers_and_keeps_the_article():
    doc = read_path(SEEDS / "002_8dca6d976db183b7.txt")[0]
    assert "Previous Post" not in doc.text and "Leave a Reply" not in doc.text
    assert "UNBELIZEABLUE" not in doc.text
    assert "Temur Umarov" in doc.text


def test_it_takes_date_title_and_author_of_a_blog_page():
    doc = read_path(SEEDS / "003_e69bcda9203f00a2.txt")[0]
    assert doc.published == "2020-10-31"
    assert doc.author == "Paul Goble"
    assert doc.title.startswith("Kazakhstan Rejects Reports")
    assert doc.language == "en"


def test_it_reads_html_main_text_and_metadata():
    html = (
        "<html><head><title>T</title><meta name='author' content='Jane Doe'>"
        "<meta property='article:published_time' content='2019-05-29'></head><body>"
        "<nav>Home | About</nav><article><h1>Camps in Xinjiang</h1><p>"
        + "Relatives in Almaty protested outside the consulate again. " * 10
        + "</p></article></body></html>"
    )
    doc = read_bytes(html.encode(), "page.html")[0]
    assert "Relatives in Almaty" in doc.text
    assert doc.published == "2019-05-29" and doc.author == "Jane Doe"


def test_it_reads_each_html_response_of_a_warc_with_its_uri():
    buf = io.BytesIO()
    body = b"<html><body><article><p>" + b"Activists in Almaty held a picket. " * 20 + b"</p></article></body></html>"
    write_warc(buf, [Capture("https://example.org/a", body), Capture("https://example.org/b", body)])
    docs = read_bytes(buf.getvalue(), "cap.warc.gz")
    assert [d.url for d in docs] == ["https://example.org/a", "https://example.org/b"]


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"", "empty.txt", "empty file"),
        (b"%PDF-1.4 binary", "x.txt", "binary data"),
        (b"\x00\x01\x02" * 100, "x.txt", "binary data"),
        (b"abc \x98\x81\xc3\x28 text" * 30, "bad.txt", "invalid UTF-8"),
        (b"x" * 2000, "big.txt", "too large"),
    ],
)
def test_it_rejects_bad_input_with_one_line(data, name, message):
    with pytest.raises(ReadError) as e:
        read_bytes(data, name, max_bytes=1000)
    assert message in str(e.value) and "\n" not in str(e.value)


def test_it_rejects_a_truncated_warc():
    buf = io.BytesIO()
    write_warc(buf, [Capture("https://example.org/a", b"<html><body><p>" + b"text " * 500 + b"</p></body></html>")])
    with pytest.raises(ReadError, match="truncated"):
        read_bytes(buf.getvalue()[:-200], "cut.warc.gz")


def test_it_reads_windows_1251_russian():
    text = "Активисты провели пикет у консульства Китая в Алматы. " * 5
    doc = read_bytes(text.encode("cp1251"), "ru.txt")[0]
    assert doc.language == "ru" and "пикет" in doc.text


def test_it_tells_kazakh_from_russian():
    from rollcall.ingest.language import detect

    assert detect("Қазақстан азаматтары Шыңжаңдағы туыстары туралы өтініш берді және күтуде.") == "kk"
    assert detect("Граждане Казахстана подали обращение о родственниках в Синьцзяне.") == "ru"


FILENAMES = ["page.txt", "page.html", "capture.warc", "capture.warc.gz", "noext"]


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=2000), name=st.sampled_from(FILENAMES))
def test_any_bytes_give_documents_or_one_clear_error(data, name):
    try:
        documents = read_bytes(data, name)
    except ReadError as exc:
        message = str(exc)
        assert message and "\n" not in message and "Traceback" not in message
        return
    for doc in documents:
        assert isinstance(doc.text, str) and doc.text.strip()


@settings(max_examples=40, deadline=None)
@given(cut=st.integers(min_value=1, max_value=400), gz=st.booleans())
def test_a_warc_cut_anywhere_gives_documents_or_one_clear_error(cut, gz):
    out = io.BytesIO()
    write_warc(out, [Capture(uri="https://example.org/a", body=b"<html><body><p>" + b"Almaty " * 80 + b"</p></body></html>",
                             content_type="text/html")], gzip=gz)
    data = out.getvalue()
    try:
        read_bytes(data[: max(1, len(data) - cut)], "cut.warc.gz" if gz else "cut.warc")
    except ReadError as exc:
        assert "\n" not in str(exc)
