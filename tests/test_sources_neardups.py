"""Near-duplicates: a republished or rewritten story is grouped with its original, across runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from rollcall.sources.ingesting import Options, ingest
from rollcall.sources.models import Claim, Signature, Source

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).parent / "data" / "ingest" / "seeds"
EURASIANET = SEEDS / "004_7735045e0559ebaa.txt"


def republished(tmp_path: Path, name: str = "copy.txt") -> Path:
    """The Eurasianet story as another site republishes it: a new heading, a sentence cut, a footer."""
    lines = EURASIANET.read_text(encoding="utf-8").split("\n")
    body = [x for x in lines if "Uzbekistan" not in x]
    text = "Republished with permission\n\n" + "\n".join(body) + "\n\nThis story first appeared on Eurasianet.\n"
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_source_keeps_a_signature_in_the_database():
    ingest([SEEDS])
    assert Signature.objects.count() == Source.objects.count() == 5
    assert len(bytes(Signature.objects.first().minhash)) == 128 * 8


def test_a_republished_copy_in_a_later_run_points_to_its_original(tmp_path):
    ingest([EURASIANET])
    original = Source.objects.get()
    summary = ingest([republished(tmp_path)])
    copy = Source.objects.exclude(pk=original.pk).get()
    assert copy.near_duplicate_of == original
    assert summary["near_duplicates"] == 1 and summary["neardup_seconds"] >= 0


def test_a_copy_of_a_copy_points_to_the_first_original(tmp_path):
    ingest([EURASIANET])
    ingest([republished(tmp_path, "a.txt")])
    path = republished(tmp_path, "b.txt")
    path.write_text(path.read_text(encoding="utf-8") + "\nAnother footer line.\n", encoding="utf-8")
    ingest([path])
    first = Source.objects.order_by("pk").first()
    assert set(Source.objects.exclude(pk=first.pk).values_list("near_duplicate_of", flat=True)) == {first.pk}


def test_different_stories_are_not_grouped():
    ingest([SEEDS])
    assert not Source.objects.filter(near_duplicate_of__isnull=False).exists()


def test_a_figure_repeated_in_a_copy_is_linked_to_the_original_claim_not_counted_twice(tmp_path):
    ingest([EURASIANET], Options(accept=0.7))
    ingest([republished(tmp_path)], Options(accept=0.7))
    original, copy = Source.objects.order_by("pk")
    first = Claim.objects.get(source=original, subject="requests_received")
    again = Claim.objects.get(source=copy, subject="requests_received")
    assert again.repeats == first and first.repeats is None
    assert Claim.objects.filter(subject="requests_received", repeats__isnull=True).count() == 1
