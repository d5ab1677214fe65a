"""What every page needs: the viewer, as the access layer sees the signed-in user."""

from __future__ import annotations

from django.utils.translation import get_language

from rollcall import vocabularies
from rollcall.access import policy


def viewer(request) -> dict:
    v = policy.viewer_for(getattr(request, "user", None))
    return {"viewer": v, "role_label": vocabularies.get("roles")[v.role].label(get_language() or "en")}
