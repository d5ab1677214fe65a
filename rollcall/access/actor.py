"""Who is acting right now: set by the web middleware, the API and the CLI, read by history and audit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    name: str
    role: str
    user_id: int | None = None


SYSTEM = Actor("system", "administrator")
_current: ContextVar[Actor] = ContextVar("rollcall_actor", default=SYSTEM)


def current() -> Actor:
    return _current.get()


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def for_user(user) -> Actor:
    if user is None or not user.is_authenticated:
        return Actor("anonymous", "public")
    return Actor(user.get_username(), user.role, user.pk)
