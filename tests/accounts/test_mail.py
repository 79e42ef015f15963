"""Subjects of emails: one line, with French typography kept; unsubscribe tokens."""

import time
from types import SimpleNamespace

import pytest
from django.core import mail

from paddock.accounts.enums import MailKind
from paddock.accounts.mail import read_unsubscribe_token, send_templated_mail, unsubscribe_token

pytestmark = pytest.mark.unit


def test_subject_in_french_keeps_the_non_breaking_space_before_the_colon():
    session = SimpleNamespace(zone=SimpleNamespace(name="Garage Alpine"))

    send_templated_mail(
        "anne@example.com",
        template="visits/email/seat_freed",
        context={"session": session},
        language="fr",
    )

    assert mail.outbox[0].subject == (
        "Une place s’est libérée\u00a0: votre visite de Garage Alpine est réservée"
    )


def test_unsubscribe_token_is_the_same_whenever_it_is_made(monkeypatch):
    """The link a mail carries and the one a test (or a second mail) builds are one link,
    even when the clock turns a second between them."""
    ana = SimpleNamespace(pk=7)
    first = unsubscribe_token(ana, MailKind.MEETING_REQUESTS)
    later = time.time() + 3600
    monkeypatch.setattr(time, "time", lambda: later)

    again = unsubscribe_token(ana, MailKind.MEETING_REQUESTS)

    assert (again, read_unsubscribe_token(again)) == (first, (7, "meeting_requests"))
