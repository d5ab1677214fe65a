"""Who is signed in: the session store and the account backend, read by compiled statements.

Every request reads its session and its account before anything else; built by the ORM, the
two lookups cost more CPU than the rest of a short page's queries together. They run here as
PlainStatements, compiled once. Behaviour is Django's: an expired or unknown session is empty
and gets a new key when saved; an inactive account is nobody.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from rollcall.access.statements import PlainStatement

_SESSION = PlainStatement(lambda key: Session.objects.filter(session_key=key).values_list("session_data", "expire_date"))
_ACCOUNT = PlainStatement(lambda pk: get_user_model()._default_manager.filter(pk=pk))


class SessionStore(db.SessionStore):
    """SESSION_ENGINE: Django's database sessions, loaded by one compiled statement."""

    def load(self) -> dict:
        found = _SESSION(self.session_key) if self.session_key else []
        if found and found[0][1] > timezone.now():
            return self.decode(found[0][0])
        self._session_key = None
        return {}


class AccountBackend(ModelBackend):
    """AUTHENTICATION_BACKENDS: Django's model backend, the signed-in account read by one
    compiled statement."""

    def get_user(self, user_id):
        try:
            found = _ACCOUNT(int(user_id))
        except (TypeError, ValueError):
            return None
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None
