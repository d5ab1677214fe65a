"""The demo corpus: the five seed pages ingested as sources, and the records a reviewer took from them.

The pages go through `rollcall ingest` (sources, originals, near-duplicates, mentions and the
review queue); the hand-made records file is the curated layer on top, pointing at the same
sources by the SHA-256 of their bytes.
"""

from __future__ import annotations

from pathlib import Path

from rollcall.access.models import User
from rollcall.maintenance.records_file import load_file
from rollcall.registry.models import Batch
from rollcall.sources.models import Source

CORPUS = Path(__file__).parent / "demo_corpus"
DATA = CORPUS / "demo_data.yaml"
PASSWORD = "rollcall-demo"
ACCOUNTS = [("demo", "administrator"), ("caseworker", "caseworker"), ("volunteer", "volunteer"),
            ("researcher", "researcher")]


def load() -> str:
    """Ingest the seed pages and load the curated records once; a second call changes nothing."""
    from rollcall.sources.ingesting import Options, ingest, relink

    if Batch.objects.filter(kind="demo").exists():
        return "already loaded"
    pages = sorted(CORPUS.glob("*.txt"))
    summary = ingest(pages, Options(label="Demo: the five seed pages", public_sources=True))
    batch = load_file(DATA, label="Demo data from the seed pages", kind="demo", created_by="demo loader")
    linked = relink(Source.objects.filter(pk__in=[r["source"] for r in summary["results"] if r.get("source")]))
    counts = {"pages ingested": summary["ingested"], **batch.summary, "proposals open": summary["proposals"] - linked}
    return ", ".join(f"{v} {k}" for k, v in counts.items())


def create_accounts() -> list[tuple[str, str]]:
    """One demo account per role, all with the demo password; existing accounts are left alone."""
    for name, role in ACCOUNTS:
        if not User.objects.filter(username=name).exists():
            user = User(username=name, role=role, is_superuser=(role == "administrator"))
            user.set_password(PASSWORD)
            user.save()
    return ACCOUNTS
