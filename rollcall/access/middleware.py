from __future__ import annotations

from rollcall.access import actor, policy


class ActorMiddleware:
    """Makes the signed-in user the actor for every write the request causes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with actor.acting_as(actor.for_user(getattr(request, "user", None))):
            return self.get_response(request)


class OneReadingMiddleware:
    """Reads the withdrawn batches once per request for all the visibility filters it builds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with policy.one_reading_per_request():
            return self.get_response(request)
