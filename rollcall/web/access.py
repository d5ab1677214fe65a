"""Small helpers for views: the viewer of a request and a decorator for role abilities."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from rollcall.access import policy


def viewer_of(request) -> policy.Viewer:
    return policy.viewer_for(request.user)


def requires(action: str):
    """Anonymous visitors are sent to sign in; a role without `action` gets 403."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            viewer = viewer_of(request)
            if viewer.is_public:
                return redirect_to_login(request.get_full_path())
            if not viewer.may(action):
                raise PermissionDenied(f"your role may not {action}")
            return view(request, *args, **kwargs)
        return wrapped
    return decorate
