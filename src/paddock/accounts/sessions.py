"""Django's database sessions, read with a query compiled once (issue 16).

Every request of a logged-in person reads its session row; Django builds and compiles the
same `Session.objects.get(session_key=..., expire_date__gt=now)` each time. This store runs
that very query, compiled once, and behaves as Django's in every other way (settings:
SESSION_ENGINE).
"""

from typing import Any

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db import models
from django.utils import timezone

from paddock.core.prepared import Param, Prepared

LIVE_SESSION = Prepared(
    lambda: Session.objects.filter(
        session_key=Param("key", models.CharField()),
        expire_date__gt=Param("now", models.DateTimeField()),
    )
)


_KEY_CHARS = frozenset(VALID_KEY_CHARS)
_KEY_LENGTH = Session._meta.get_field("session_key").max_length


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key: Any) -> bool:
        """Django's rule (8 characters at least), and only the characters and length of the keys
        Django makes: the cookie may carry anything, and LIVE_SESSION runs without the ORM's
        checks (PostgreSQL answers a NUL byte with an error, a 500). A key refused is no
        session, as an unknown one."""
        return (
            bool(super()._validate_session_key(key))
            and len(key) <= _KEY_LENGTH
            and _KEY_CHARS.issuperset(key)
        )

    def _get_session_from_db(self) -> Any:
        session = LIVE_SESSION.first(key=self.session_key, now=timezone.now())
        if session is None:
            self._session_key = None
        return session
