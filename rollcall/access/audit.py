"""The audit trail: append an entry, chained by SHA-256 to the one before; verify the chain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import transaction
from django.utils import timezone

from rollcall.access import actor as actors
from rollcall.access.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def entry_hash(entry: AuditEntry) -> str:
    payload = [
        entry.seq,
        entry.prev_hash,
        entry.at.astimezone(UTC).isoformat(timespec="microseconds"),
        entry.actor,
        entry.role,
        entry.action,
        entry.target,
        entry.object_id,
        entry.detail,
    ]
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record(
    action: str,
    target: str = "",
    object_id: Any = "",
    detail: dict | None = None,
    actor: actors.Actor | None = None,
) -> AuditEntry:
    """Append one entry. Runs in the caller's transaction, so it is kept only if the change is."""
    who = actor or actors.current()
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(id=1).first()
        if head is None:
            head = AuditHead.objects.create(id=1, seq=0, hash=GENESIS)
        entry = AuditEntry(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=who.name,
            role=who.role,
            action=action,
            target=target,
            object_id=str(object_id),
            detail=json.loads(json.dumps(detail or {}, default=str)),
            prev_hash=head.hash,
        )
        entry.hash = entry_hash(entry)
        entry.save()
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
    return entry


def record_many(entries: list[tuple[str, str, Any, dict | None]], actor: actors.Actor | None = None) -> list[AuditEntry]:
    """Append (action, target, object_id, detail) entries in order, as record() would one by one,
    in three queries: the chain is the same, only the writing is batched (ingest, per group)."""
    if not entries:
        return []
    who = actor or actors.current()
    now = timezone.now()
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(id=1).first()
        if head is None:
            head = AuditHead.objects.create(id=1, seq=0, hash=GENESIS)
        made = []
        seq, prev = head.seq, head.hash
        for action, target, object_id, detail in entries:
            seq += 1
            entry = AuditEntry(seq=seq, at=now, actor=who.name, role=who.role, action=action, target=target,
                               object_id=str(object_id), detail=json.loads(json.dumps(detail or {}, default=str)),
                               prev_hash=prev)
            entry.hash = prev = entry_hash(entry)
            made.append(entry)
        AuditEntry.objects.bulk_create(made, batch_size=500)
        head.seq, head.hash = seq, prev
        head.save(update_fields=["seq", "hash"])
    return made


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    problem: str = ""
    seq: int | None = None


def verify() -> Verdict:
    """Walk the chain; name the first entry removed or altered."""
    expected_seq, prev = 1, GENESIS
    checked = 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            return Verdict(False, checked, f"audit entry #{expected_seq} was removed", expected_seq)
        if entry_hash(entry) != entry.hash:
            return Verdict(False, checked, f"audit entry #{entry.seq} was altered", entry.seq)
        if entry.prev_hash != prev:
            return Verdict(
                False, checked, f"audit entry #{entry.seq - 1} was altered (its hash changed)", entry.seq - 1
            )
        prev = entry.hash
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and (head.seq != expected_seq - 1 or head.hash != prev):
        if head.seq > expected_seq - 1:
            return Verdict(
                False, checked, f"audit entries #{expected_seq} to #{head.seq} were removed", expected_seq
            )
        return Verdict(False, checked, "the audit head does not match the last entry", head.seq)
    return Verdict(True, checked)
