"""Sign-in throttling: too many failures for one user name or from one address lock sign-in
for a while. Failures are kept in the database, so every server process counts them alike."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from rollcall.access.models import LoginFailure

WINDOW = dt.timedelta(minutes=15)
PER_USER = 5
PER_ADDRESS = 30


def _keys(username: str, address: str | None) -> list[tuple[str, int]]:
    keys = [(f"user:{username.strip().lower()[:150]}", PER_USER)]
    if address:
        keys.append((f"ip:{address}", PER_ADDRESS))
    return keys


def locked_for(username: str, address: str | None) -> dt.timedelta | None:
    """How long sign-in stays locked for this name or address; None when it is not."""
    now = timezone.now()
    for key, limit in _keys(username, address):
        recent = list(LoginFailure.objects.filter(key=key, at__gte=now - WINDOW).order_by("-at")
                      .values_list("at", flat=True)[:limit])
        if len(recent) >= limit:
            return recent[-1] + WINDOW - now
    return None


def fail(username: str, address: str | None) -> None:
    LoginFailure.objects.bulk_create([LoginFailure(key=key) for key, _ in _keys(username, address)])
    LoginFailure.objects.filter(at__lt=timezone.now() - 4 * WINDOW).delete()


def succeed(username: str) -> None:
    LoginFailure.objects.filter(key=_keys(username, None)[0][0]).delete()


def client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR")
