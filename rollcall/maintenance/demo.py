"""The demo corpus: the five seed pages as sources, and records taken from them by hand."""

from __future__ import annotations

from pathlib import Path

from rollcall.access.models import User
from rollcall.maintenance.records_file import load_file
from rollcall.registry.models import Batch

DATA = Path(__file__).parent / "demo_corpus" / "demo_data.yaml"
PASSWORD = "rollcall-demo"
ACCOUNTS = [("demo", "administrator"), ("caseworker", "caseworker"), ("volunteer", "volunteer"),
            ("researcher", "researcher")]


def load() -> str:
    """Load the demo data once; a second call changes nothing."""
    if Batch.objects.filter(kind="demo").exists():
        return "already loaded"
    batch = load_file(DATA, label="Demo data from the seed pages", kind="demo", created_by="demo loader")
    return ", ".join(f"{v} {k}" for k, v in batch.summary.items())


def create_accounts() -> list[tuple[str, str]]:
    """One demo account per role, all with the demo password; existing accounts are left alone."""
    for name, role in ACCOUNTS:
        if not User.objects.filter(username=name).exists():
            user = User(username=name, role=role, is_superuser=(role == "administrator"))
            user.set_password(PASSWORD)
            user.save()
    return ACCOUNTS
