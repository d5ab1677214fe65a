from __future__ import annotations

from django.http import HttpResponseBadRequest

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


class RejectNulMiddleware:
    """Refuses a request whose query string holds a NUL character, as bad input (400).

    PostgreSQL cannot store or compare text containing NUL, so such a filter value reached the
    database and failed there (a server error). Forms already refuse it field by field (Django's
    CharField); the API takes no bodies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            return HttpResponseBadRequest("A parameter contains a NUL character.", content_type="text/plain")
        return self.get_response(request)
