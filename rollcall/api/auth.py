"""Who is asking: a bearer token, a signed-in session, or the anonymous public."""

from __future__ import annotations

from django.http import HttpRequest

from rollcall.access import policy
from rollcall.access.models import ApiToken


def viewer_auth(request: HttpRequest) -> policy.Viewer | None:
    """The viewer for the request; None (401) for a token that is unknown or revoked."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, key = header.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            return None
        token = (ApiToken.objects.select_related("user")
                 .filter(digest=ApiToken.hash(key.strip()), revoked_at__isnull=True).first())
        if token is None or not token.user.is_active:
            return None
        return policy.viewer_for(token.user)
    user = getattr(request, "user", None)
    return policy.viewer_for(user)
