"""rollcall token, audit verify."""

from __future__ import annotations

import argparse

from rollcall.commandline import UsageError, add, emit


def token(args: argparse.Namespace) -> None:
    from rollcall.access import audit
    from rollcall.access.models import ApiToken, User

    user = User.objects.filter(username=args.username, is_active=True).first()
    if user is None:
        raise UsageError(f"no active user named {args.username!r}")
    issued, key = ApiToken.issue(user, args.name)
    audit.record("token", "access.apitoken", issued.pk, {"user": user.username})
    emit(args, {"user": user.username, "token": key}, key)


def audit_verify(args: argparse.Namespace) -> int:
    from rollcall.access import audit

    verdict = audit.verify()
    data = {"ok": verdict.ok, "checked": verdict.checked, "problem": verdict.problem, "seq": verdict.seq}
    emit(args, data, f"audit chain intact: {verdict.checked} entries" if verdict.ok else verdict.problem)
    return 0 if verdict.ok else 1


def keys(args: argparse.Namespace) -> None:
    from rollcall.access import audit, crypto
    from rollcall.access import keys as rotation

    try:
        if args.action == "rotate":
            counts = rotation.rotate()
            dropped = crypto.drop_retired_keys() if args.drop_old else 0
        else:
            counts, dropped = {}, crypto.drop_retired_keys()
    except crypto.KeyError_ as exc:
        raise UsageError(str(exc)) from None
    audit.record("keys", "", "", {"action": args.action, "reencrypted": counts, "dropped": dropped})
    emit(args, {"reencrypted": counts, "retired_keys_dropped": dropped},
         f"re-encrypted: {counts}; retired keys dropped: {dropped}")


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = add(sub, "token", "issue an API token for a user (printed once)", token)
    p.add_argument("username")
    p.add_argument("--name", default="", help="what the token is for")
    p = add(sub, "audit", "audit trail tools: verify walks the SHA-256 chain (exit 1 if broken)", audit_verify)
    p.add_argument("action", choices=["verify"])
    p = add(sub, "keys", "field encryption keys: rotate re-encrypts every confidential field under a new key", keys)
    p.add_argument("action", choices=["rotate", "drop-old"])
    p.add_argument("--drop-old", action="store_true",
                   help="after rotating, forget the retired keys (older backups become unreadable)")
