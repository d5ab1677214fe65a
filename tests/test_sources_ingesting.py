"""Ingesting pages: sources with provenance, originals kept, WARC captures, bad input, re-runs."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from rollcall.access.models import AuditEntry, Revision
from rollcall.ingest.warc import Capture, iter_records, verify_warc, write_warc
from rollcall.registry.models import Batch
from rollcall.sources import files
from rollcall.sources.ingesting import Options, ingest
from rollcall.sources.models import Attachment, Mention, Proposal, Signature, Source

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).parent / "data" / "ingest" / "seeds"
EURASIANET = SEEDS / "004_7735045e0559ebaa.txt"


def html_page(txt: Path) -> bytes:
    paras = [p for p in txt.read_text(encoding="utf-8").split("\n") if p.strip()]
    body = "".join(f"<p>{p}</p>" for p in paras[1:])
    return (f"<html><head><title>{paras[0]}</title></head><body><article><h1>{paras[0]}</h1>{body}"
            "</article></body></html>").encode()


def test_each_page_becomes_a_source_with_its_provenance(tmp_path):
    summary = ingest([EURASIANET], Options(label="Eurasianet, March 2019"))
    assert (summary["ingested"], summary["failed"]) == (1, 0)
    src = Source.objects.get()
    data = EURASIANET.read_bytes()
    assert src.kind == "news_article" and src.language == "en"
    assert src.title == "Kazakhstan offers more clues on plight of Kazakhs in China"
    assert src.sha256 == files.sha256_bytes(data) == src.original.sha256
    assert files.read(src.sha256) == data
    assert src.captured_by and src.captured_at
    assert "more than a thousand requests" in src.text
    assert src.batch.kind == "ingest" and src.batch.label == "Eurasianet, March 2019"
    assert src.batch.summary["ingested"] == 1


def test_a_page_that_is_not_a_warc_gets_a_warc_of_its_capture_with_sha256_digests():
    ingest([EURASIANET])
    src = Source.objects.get()
    warc = files.read(src.capture.sha256)
    assert verify_warc(warc) == []
    record = iter_records(warc)[0]
    assert record.body == EURASIANET.read_bytes()
    assert record.digest.startswith("sha256:")


def test_sources_are_restricted_unless_made_public_by_choice_and_proposals_stay_restricted():
    ingest([EURASIANET])
    assert Source.objects.get().sensitivity == 1
    assert Proposal.objects.exists() and set(Proposal.objects.values_list("sensitivity", flat=True)) == {1}


def test_sources_can_be_marked_public_explicitly():
    ingest([EURASIANET], Options(public_sources=True))
    assert Source.objects.get().sensitivity == 0
    assert set(Proposal.objects.values_list("sensitivity", flat=True)) == {1}


def test_ingesting_the_same_bytes_again_adds_nothing_and_says_so(tmp_path):
    ingest([SEEDS])
    counts = Source.objects.count(), Attachment.objects.count(), Mention.objects.count(), Batch.objects.count()
    again = ingest([SEEDS])
    assert again["ingested"] == 0 and again["skipped"] == 5 and again["batch"] is None
    assert {r["message"] for r in again["results"]} == {"skipped: already ingested"}
    assert (Source.objects.count(), Attachment.objects.count(), Mention.objects.count(),
            Batch.objects.count()) == counts


def test_folders_are_read_recursively_and_only_pages_and_archives_are_taken(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "page.txt").write_bytes(EURASIANET.read_bytes())
    (tmp_path / "a" / "page.html").write_bytes(html_page(SEEDS / "001_27f66737e6e26249.txt"))
    (tmp_path / "a" / "notes.docx").write_bytes(b"PK\x03\x04 not a page")
    summary = ingest([tmp_path])
    assert (summary["files"], summary["ingested"], summary["failed"]) == (2, 2, 0)
    html = Source.objects.get(original__media_type="text/html")
    assert "RFE/RL" in html.text or "Karibai" in html.text


def test_a_warc_is_kept_whole_and_each_record_is_a_source_located_by_its_uri(tmp_path):
    out = io.BytesIO()
    write_warc(out, [Capture("https://example.org/eurasianet", html_page(EURASIANET)),
                     Capture("https://example.org/rferl", html_page(SEEDS / "001_27f66737e6e26249.txt"))])
    archive = tmp_path / "capture.warc.gz"
    archive.write_bytes(out.getvalue())
    summary = ingest([archive])
    assert summary["ingested"] == 2
    sources = list(Source.objects.order_by("locator"))
    assert [s.locator for s in sources] == ["https://example.org/eurasianet", "https://example.org/rferl"]
    assert {s.original.sha256 for s in sources} == {files.sha256_bytes(out.getvalue())}
    assert all(s.capture is None and s.original.media_type == "application/warc" for s in sources)
    assert ingest([archive])["skipped"] == 2


def make_bad_files(folder: Path) -> dict[str, bytes]:
    out = io.BytesIO()
    write_warc(out, [Capture("https://example.org/a", html_page(EURASIANET))], gzip=False)
    bad = {
        "binary.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "empty.txt": b"",
        "huge.html": b"<html><body>" + b"<p>Almaty news. </p>" * (50 * 1024 * 1024 // 20) + b"</body></html>",
        "latin.txt": ("Almaty. " * 20).encode() + b"\x98\x81\x8d\x9d broken \xc3\x28" * 10,
        "cut.warc": out.getvalue()[: len(out.getvalue()) // 2],
    }
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    return bad


@pytest.mark.parametrize("name, words", [
    ("binary.txt", "binary data"), ("empty.txt", "empty file"), ("huge.html", "file too large"),
    ("latin.txt", "invalid UTF-8"), ("cut.warc", "truncated"),
])
def test_bad_input_gets_one_clear_line_and_stores_nothing(tmp_path, name, words):
    make_bad_files(tmp_path)
    summary = ingest([tmp_path / name])
    (result,) = summary["results"]
    assert result["status"] == "failed" and words in result["message"] and "\n" not in result["message"]
    assert not Source.all_objects.exists() and not Attachment.all_objects.exists()


def test_a_batch_with_bad_files_still_ingests_the_good_ones_and_exits_with_status_2(tmp_path, run_cli):
    make_bad_files(tmp_path)
    (tmp_path / "good.txt").write_bytes(EURASIANET.read_bytes())
    status, out, err = run_cli("ingest", tmp_path, "--json")
    summary = json.loads(out)
    assert status == 2
    assert (summary["ingested"], summary["failed"]) == (1, 5)
    assert len(err.strip().splitlines()) == 5
    assert Source.objects.count() == 1


def test_an_interrupted_run_keeps_finished_documents_and_the_next_run_continues():
    def stop_after_two(path, results):
        if Source.objects.count() == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest([SEEDS], on_file=stop_after_two)
    assert Source.objects.count() == 2 and Signature.objects.count() == 2
    assert Batch.objects.get().summary["interrupted"] is True
    again = ingest([SEEDS])
    assert (again["skipped"], again["ingested"]) == (2, 3)
    assert Source.objects.count() == 5


def test_every_stored_source_leaves_history_and_an_audit_entry():
    ingest([EURASIANET])
    src = Source.objects.get()
    assert Revision.objects.filter(target="sources.source", object_id=str(src.pk), action="create").exists()
    assert AuditEntry.objects.filter(action="ingest", object_id=str(src.pk)).exists()


def test_a_gzipped_warc_of_a_text_page_is_read_too(tmp_path):
    out = io.BytesIO()
    write_warc(out, [Capture("https://example.org/t", EURASIANET.read_bytes(), content_type="text/plain")],
               gzip=False)
    (tmp_path / "t.warc.gz").write_bytes(gzip.compress(out.getvalue()))
    assert ingest([tmp_path / "t.warc.gz"])["ingested"] == 1


def varied_pages(folder: Path, n: int) -> list[Path]:
    """n distinct pages from the seed pages (a numbered heading each)."""
    folder.mkdir(exist_ok=True)
    seeds = sorted(SEEDS.glob("*.txt"))
    out = []
    for i in range(n):
        path = folder / f"page-{i:03d}.txt"
        path.write_text(f"Report number {i}\n\n" + seeds[i % len(seeds)].read_text(encoding="utf-8"), encoding="utf-8")
        out.append(path)
    return out


def test_worker_processes_store_what_ingesting_in_one_process_stores(tmp_path):
    from rollcall.sources.capture import Task, prepare
    from rollcall.sources.linking import Linker
    from rollcall.sources.mentions import propose

    pages = varied_pages(tmp_path / "pages", 6)
    summary = ingest([tmp_path / "pages"], Options(workers=2))
    assert (summary["ingested"], summary["failed"]) == (6, 0)
    linker = Linker()
    for path in pages:
        data = path.read_bytes()
        source = Source.objects.get(sha256=files.sha256_bytes(data))
        (here,) = prepare(Task(path, data, source.sha256, tmp_path / "elsewhere")).docs
        mentions, queued = propose(source, here.extracted, linker)
        assert source.text == here.doc.text and source.title == here.doc.title
        assert Mention.objects.filter(source=source).count() == len(mentions) > 0
        assert sorted(Proposal.objects.filter(source=source).values_list("kind", flat=True)) == sorted(
            q["kind"] for q in queued)
        assert files.read(source.sha256) == data and verify_warc(files.read(source.capture.sha256)) == []


def test_records_stored_in_groups_each_have_a_first_revision_and_audit_entries_and_the_chain_holds(tmp_path):
    from rollcall.access import audit

    varied_pages(tmp_path / "pages", 7)
    ingest([tmp_path / "pages"])
    for src in Source.objects.all():
        for target, pk in (("sources.source", src.pk), ("sources.attachment", src.original_id),
                           ("sources.attachment", src.capture_id)):
            revision = Revision.objects.get(target=target, object_id=str(pk))
            assert (revision.version, revision.action) == (1, "create")
            assert AuditEntry.objects.filter(target=target, object_id=str(pk), action="create").count() == 1
        assert Revision.objects.get(target="sources.source", object_id=str(src.pk)).state["text"] == src.text
        assert AuditEntry.objects.filter(action="ingest", object_id=str(src.pk)).count() == 1
    assert audit.verify().ok


def test_an_interrupt_in_the_middle_of_a_group_keeps_the_documents_finished_in_it(tmp_path):
    from rollcall.access import audit

    varied_pages(tmp_path / "pages", 12)

    def stop_after_six(path, results):
        if Source.objects.count() == 6:  # groups of 1, 2, 4, 8: the fourth is open
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest([tmp_path / "pages"], Options(workers=2), on_file=stop_after_six)
    assert Source.objects.count() == Signature.objects.count() == 6
    assert AuditEntry.objects.filter(action="ingest").count() == 6 and audit.verify().ok
    again = ingest([tmp_path / "pages"])
    assert (again["skipped"], again["ingested"]) == (6, 6)


def test_the_same_bytes_in_two_files_of_one_run_are_stored_once(tmp_path):
    (tmp_path / "a.txt").write_bytes(EURASIANET.read_bytes())
    (tmp_path / "b.txt").write_bytes(EURASIANET.read_bytes())
    summary = ingest([tmp_path], Options(workers=2))
    assert (summary["ingested"], summary["skipped"]) == (1, 1)
    assert Source.objects.count() == 1 and Attachment.objects.count() == 2  # the page and its capture


def test_a_stored_source_is_what_its_first_revision_says_field_by_field():
    from rollcall.access import history

    ingest([SEEDS / "003_e69bcda9203f00a2.txt"])  # a page with its date
    src = Source.objects.get()
    revision = Revision.objects.get(target="sources.source", object_id=str(src.pk))
    assert history.state_of(src) == revision.state
    assert (src.published, str(src.published_earliest)) == ("2020-10-31", "2020-10-31")
    assert src.updated_at and src.created_at
    for attachment in (src.original, src.capture):
        assert history.state_of(attachment) == Revision.objects.get(
            target="sources.attachment", object_id=str(attachment.pk)).state
    signature = Signature.objects.get(source=src)
    assert len(bytes(signature.minhash)) == 128 * 8 and signature.facts and signature.scheme


def test_with_accept_a_sources_audit_entries_come_before_those_of_the_records_accepted_from_it():
    from rollcall.access import audit

    ingest([EURASIANET], Options(accept=0.7))
    src = Source.objects.get()
    ingested = AuditEntry.objects.get(action="ingest", object_id=str(src.pk))
    accepted = AuditEntry.objects.filter(target="sources.claim", action="create").order_by("seq").first()
    assert accepted is not None and ingested.seq < accepted.seq
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1)) and audit.verify().ok
