"""Subjects of emails: one line, with French typography kept; unsubscribe tokens."""

import email
import email.policy
import time
from email.header import Header
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from hypothesis import given
from hypothesis import strategies as st

from paddock.accounts.enums import MailKind
from paddock.accounts.mail import (
    QUICK_HEADERS,
    encoded_subject,
    read_unsubscribe_token,
    send_templated_mail,
    unsubscribe_token,
)

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


def test_subject_in_french_is_sent_as_django_writes_it():
    """The message's bytes are those of Django's EmailMessage (its date and id aside), and a
    mail client reads the subject back from them (after the space that folding the long
    header leaves before it, as before)."""
    session = SimpleNamespace(zone=SimpleNamespace(name="Garage Alpine « Léa » " * 3))
    send_templated_mail(
        "anne@example.com",
        template="visits/email/seat_freed",
        context={"session": session},
        language="fr",
    )
    sent = mail.outbox[0]
    by_django = EmailMessage(sent.subject, sent.body, to=sent.to, headers=sent.extra_headers)

    ours, theirs = sent.message(), by_django.message()
    for message in (ours, theirs):
        del message["Date"], message["Message-ID"]
    parsed = email.message_from_bytes(ours.as_bytes(), policy=email.policy.default)

    assert (ours.as_bytes(), parsed["Subject"]) == (
        theirs.as_bytes(),
        " Une place s’est libérée\u00a0: votre visite de "
        + "Garage Alpine « Léa » " * 3
        + "est réservée",
    )


@given(st.text(min_size=1, max_size=300))
def test_encoded_subject_is_what_email_header_writes_for_any_text(text):
    assert encoded_subject(text) == Header(text, "utf-8").encode()


def test_encoded_subject_is_what_email_header_writes_for_long_lines():
    texts = ["é" * 200, "a" * 200, "日本語のテキスト" * 20, "\U0001f600 x" * 40, "Léa =?_ " * 30]

    assert [encoded_subject(text) for text in texts] == [
        Header(text, "utf-8").encode() for text in texts
    ]


HEADER_NAMES = ["Subject", "To", "Content-Type", "List-Unsubscribe", "X"]


@given(
    st.sampled_from(HEADER_NAMES),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=120)
    | st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=60, max_size=200)
    | st.text(st.sampled_from(" \t\n\x0b:;,=?<>\"'a-Z0é\udcff") | st.characters(), max_size=120),
)
def test_headers_are_written_as_python_writes_them_for_any_value(name, value):
    """Header lines as the email package's own `compat32` policy folds them (Django's
    messages use it), long, short, encoded or odd: the same bytes, or the same error."""

    def folded(policy):
        try:
            return policy.fold_binary(name, value)
        except Exception as error:  # the same failure is the same answer
            return type(error)

    assert folded(QUICK_HEADERS) == folded(email.policy.compat32)


def test_headers_are_written_as_python_writes_them_for_mail_headers():
    values = [
        "Paddock <noreply@localhost>",
        'text/plain; charset="utf-8"',
        "  two  spaces  ",
        "x" * 72,
        "x" * 73,
        "x" * 100,
        "word " * 20 + "end",
        "<https://example.com/accounts/unsubscribe/" + "a:b_c-d" * 12 + "/>",
        "<https://example.com/a," + "x" * 80 + ">",
        "x" * 74,
        "x" * 75,
        "a " * 40,
        "=?utf-8?q?L=C3=A9a?=",
        "",
        " ",
    ]

    assert [QUICK_HEADERS.fold_binary("To", value) for value in values] == [
        email.policy.compat32.fold_binary("To", value) for value in values
    ]
