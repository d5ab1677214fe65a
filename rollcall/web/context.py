"""What every page needs: the viewer, as the access layer sees the signed-in user."""

from __future__ import annotations

from rollcall.access import policy


def viewer(request) -> dict:
    v = policy.viewer_for(getattr(request, "user", None))
    return {"viewer": v, "role_label": v.role}
