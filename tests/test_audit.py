"""The audit trail is chained by SHA-256: a removed or altered entry shows."""

import pytest

from rollcall.access import audit
from rollcall.access.models import AuditEntry, AuditHead
from tests import factories as make

pytestmark = pytest.mark.django_db


def entries(n: int) -> list[AuditEntry]:
    return [audit.record("test", "x.y", i, {"n": i}) for i in range(n)]


def test_every_write_is_audited_with_its_actor():
    from rollcall.access.actor import Actor, acting_as

    with acting_as(Actor("volunteer1", "volunteer")):
        p = make.person("Gaukhar Kurmanaliyeva")
    entry = AuditEntry.objects.filter(target="registry.person", object_id=str(p.pk)).get()
    assert (entry.action, entry.actor, entry.role) == ("create", "volunteer1", "volunteer")


def test_an_intact_chain_verifies():
    entries(5)
    verdict = audit.verify()
    assert verdict.ok and verdict.checked == AuditEntry.objects.count()


def test_an_altered_entry_is_named():
    target = entries(5)[2]
    AuditEntry.objects.filter(pk=target.pk).update(actor="someone else")
    verdict = audit.verify()
    assert not verdict.ok
    assert verdict.seq == target.seq and "altered" in verdict.problem


def test_a_removed_entry_is_named():
    target = entries(5)[1]
    AuditEntry.objects.filter(pk=target.pk).delete()
    verdict = audit.verify()
    assert not verdict.ok
    assert verdict.problem == f"audit entry #{target.seq} was removed"


def test_removing_the_newest_entries_shows_too():
    made = entries(4)
    AuditEntry.objects.filter(seq__gte=made[2].seq).delete()
    verdict = audit.verify()
    assert not verdict.ok and f"#{made[2].seq}" in verdict.problem


def test_a_rewritten_hash_breaks_the_link_to_the_next_entry():
    made = entries(3)
    AuditEntry.objects.filter(pk=made[0].pk).update(detail={"n": 99}, hash="f" * 64)
    verdict = audit.verify()
    assert not verdict.ok and verdict.seq == made[0].seq


def test_the_head_follows_the_last_entry():
    last = entries(3)[-1]
    head = AuditHead.objects.get(id=1)
    assert (head.seq, head.hash) == (last.seq, last.hash)


def test_audit_verify_command_fails_after_tampering(run_cli):
    made = entries(3)
    status, out, _ = run_cli("audit", "verify", "--json")
    assert status == 0 and '"ok": true' in out
    AuditEntry.objects.filter(pk=made[1].pk).update(action="nothing")
    status, out, _ = run_cli("audit", "verify")
    assert status == 1
    assert f"audit entry #{made[1].seq} was altered" in out
