"""Plain-text emails rendered in their recipient's language, with absolute links.

Non-essential emails (`MailKind`) go through `send_optional_mail`: nothing to whoever
unsubscribed from their kind, else a signed one-click unsubscribe link at their foot and in a
`List-Unsubscribe` header (RFC 8058).

A mail that cannot leave (the mail server down, or refusing it) is logged, never raised
(`_deliver`): the action that sends it is saved by then, and the other recipients of the
same action still get theirs. Mails of an action go out once its transaction commits
(`send_after_commit`); a page that must tell whoever acted reads which ones did not leave
(`unsent_mail`). How a written mail leaves, over which connection, is
`paddock.accounts.delivery`."""

import logging
import re
import string
from collections.abc import Callable, Iterable
from email import base64mime, quoprimime
from email.header import Header
from email.policy import Compat32
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from paddock.accounts.delivery import (  # noqa: F401 (re-exported: callers import them from here)
    _deliver,
    send_after_commit,
    unsent_mail,
)
from paddock.core.links import site_url, with_language
from paddock.core.prepared import Param, Prepared

logger = logging.getLogger(__name__)

SUPPORTED = {code for code, _name in settings.LANGUAGES}
# What a template's line breaks and indentation leave in a subject; not the non-breaking
# spaces of French typography (before « : », inside « »), which str.split() would also take.
LAYOUT_WHITESPACE = re.compile(r"[ \t\r\n\f\v]+")


def one_line(text: str) -> str:
    """A rendered subject as one line, French non-breaking spaces kept."""
    return LAYOUT_WHITESPACE.sub(" ", text).strip()


def absolute_url(viewname: str, *args: Any) -> str:
    """The full address of a page, for links in emails (`paddock.core.links.site_url`)."""
    return site_url() + reverse(viewname, args=args)


def language_for(user: Any, edition: Any = None) -> str:
    """The user's preferred language, else the edition's first interface language, else the
    site default."""
    candidates = [getattr(user, "preferred_language", "")]
    if edition is not None:
        candidates.extend(edition.languages)
    for code in candidates:
        if code in SUPPORTED:
            return str(code)
    return str(settings.LANGUAGE_CODE)


# An email written in Python rather than by templates: (subject, body) from the context.
Writer = Callable[[dict[str, Any]], tuple[str, str]]


def _render(template: str | Writer, context: dict[str, Any], language: str) -> tuple[str, str]:
    """`<template>_subject.txt` and `<template>.txt` in `language` (or what `template` writes
    when it is a `Writer`, called in the same language and time zone).

    Dates and times render in the time zone of the context's edition when there is one: a
    participant reads "until 12 June" as a date where the event happens, not in UTC. The
    context's `link` opens its page in the email's language."""
    if "link" in context:
        context = {**context, "link": with_language(context["link"], language)}
    edition = context.get("edition")
    zone = edition.tzinfo if edition is not None else None
    with translation.override(language), timezone.override(zone):
        if callable(template):
            subject, body = template(context)
            return one_line(subject), body
        subject = one_line(render_to_string(f"{template}_subject.txt", context))
        body = render_to_string(f"{template}.txt", context)
    return subject, body


# The bytes quoted-printable writes as themselves in a header (space becomes "_"); every other
# byte takes three characters ("=E9").
_QP_PLAIN = (" -!*+/" + string.ascii_letters + string.digits).encode()
# Header's lines are 78 characters (email.header.MAXLINELEN); an encoded word's chrome
# ("=?utf-8?q?" and "?=") takes 12, and every line after the first starts with a space.
_FIRST_LINE, _NEXT_LINES = 78 - 12, 77 - 12


def _qp_length(data: bytes) -> int:
    return len(data) + 2 * len(data.translate(None, _QP_PLAIN))


def _base64_length(data: bytes) -> int:
    return (len(data) + 2) // 3 * 4


def encoded_subject(subject: str) -> str:
    """`email.header.Header(subject, "utf-8").encode()`, which Django's `EmailMessage` writes
    for a subject that is not ASCII, the same string without its cost: Python measures the
    line's encoded length again after each character (3,600 calls for a subject in French);
    here each line's longest part that fits is found by bisection. Text that Header cuts into
    several lines of its own (line separators) or cannot encode goes to Header."""
    try:
        data = subject.encode()
    except UnicodeEncodeError:
        return Header(subject, "utf-8").encode()
    if subject.splitlines() != [subject]:
        return Header(subject, "utf-8").encode()
    # Charset("utf-8") encodes its headers in the shorter of base64 and quoted-printable.
    if base64mime.header_length(data) < _qp_length(data):
        length, encode = _base64_length, base64mime.header_encode
    else:
        length, encode = _qp_length, quoprimime.header_encode
    words, start, room = [], 0, _FIRST_LINE
    while start < len(subject):
        # The longest run of characters from `start` whose encoding fits: one always does.
        low, high = start + 1, len(subject)
        while low < high:
            middle = (low + high + 1) // 2
            if length(subject[start:middle].encode()) <= room:
                low = middle
            else:
                high = middle - 1
        words.append(encode(subject[start:low].encode(), charset="utf-8"))
        start, room = low, _NEXT_LINES
    return "\n ".join(words)


class _QuickHeaders(Compat32):
    """The `compat32` policy of Django's messages, which writes every header line through
    `email.header.Header` (some 100 calls a line, 1,100 for a meeting request's notice when
    the backend writes it), except the lines whose folding is plain: printable ASCII that
    fits in one line, which Header writes as it is, and a single word too long for the first
    line (a List-Unsubscribe link), which it moves to the next. The same bytes
    (tests/accounts/test_mail.py)."""

    def _fold(self, name: str, value: Any, sanitize: bool) -> str:
        if (
            isinstance(value, str)
            and value.isascii()
            and value.isprintable()
            and value == value.strip()
        ):
            room = (self.max_line_length or 78) - len(name) - 2
            if len(value) <= room and "  " not in value:
                return f"{name}: {value}{self.linesep}"
            if 0 < room < len(value) and not any(mark in value for mark in " ;,"):
                return f"{name}: {self.linesep} {value}{self.linesep}"
        return str(super()._fold(name, value, sanitize))  # type: ignore[misc]


QUICK_HEADERS = _QuickHeaders()


class _Email(EmailMessage):
    """Django's `EmailMessage`, its subject encoded by `encoded_subject` and its headers
    written by `QUICK_HEADERS`: the same message."""

    def message(self) -> Any:
        subject = str(self.subject)
        if subject.isascii() or "\n" in subject or "\r" in subject:
            message = super().message()  # Django's own checks and encoding
        else:
            self.subject = ""
            try:
                message = super().message()
            finally:
                self.subject = subject
            # Where Django's SafeMIMEText would have put the subject it encodes with Header.
            message.replace_header("Subject", encoded_subject(subject))
        message.policy = QUICK_HEADERS
        return message


class _HtmlEmail(_Email, EmailMultiAlternatives):
    """`_Email` with an HTML alternative (the outbox sends again what Django's password reset
    writes)."""


def deliverable(address: str) -> bool:
    """False for an address under the `.invalid` top-level domain (RFC 6761), which no mail
    can reach: an erased account's placeholder (`privacy.services.erased_email`), whose
    meetings and bookings stay for the reports and whose counterparts' actions would
    otherwise still write to it."""
    return not address.rstrip(".").lower().endswith(".invalid")


def reachable(user: Any) -> bool:
    """Whether mail about the person's editions goes to their account: not to an erased
    placeholder (`deliverable`), nor to an account the site's administrators turned off
    (`User.is_turned_off`), used or not. Accounts not yet used may be inactive too (an open
    form's before its confirmation) and do get their mails."""
    return deliverable(user.email) and not user.is_turned_off


def send_templated_mail(
    to: str,
    *,
    template: str | Writer,
    context: dict[str, Any],
    language: str,
    connection: Any = None,
) -> bool:
    """Renders `<template>_subject.txt` and `<template>.txt` in `language` and sends them
    over `connection` (`_deliver`); nothing to an address no mail can reach (`deliverable`).
    False when nothing left."""
    if not deliverable(to):
        return False
    subject, body = _render(template, context, language)
    headers = {"Content-Language": language}
    return _deliver(_Email(subject, body, to=[to], headers=headers), connection)


def send_account_mail(
    user: Any,
    *,
    template: str | Writer,
    context: dict[str, Any],
    language: str,
    connection: Any = None,
) -> bool:
    """An essential mail to `user` about what happens in their editions, like
    `send_templated_mail`: skipped (False) when the account is not `reachable`."""
    if not reachable(user):
        return False
    return send_templated_mail(
        user.email, template=template, context=context, language=language, connection=connection
    )


UNSUBSCRIBE_SALT = "paddock.accounts.unsubscribe"


def unsubscribe_token(user: Any, kind: str) -> str:
    """A signed, lasting token naming the user and the kind of email; no login needed. It
    carries no time (nothing reads one), so each user and kind have one link, whenever made."""
    signer = signing.Signer(salt=UNSUBSCRIBE_SALT)
    return signer.sign_object({"user": user.pk, "kind": kind}, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """The user's id and the kind of email; raises signing.BadSignature when tampered with.
    Links sent before the token lost its time stamp (two ":" in them) still work."""
    if token.count(":") == 2:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    else:
        data = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    return int(data["user"]), str(data["kind"])


# Read before every non-essential email (a meeting request sends one): compiled once
# (paddock.core.prepared).
_OPT_OUTS = Prepared(
    lambda: (
        get_user_model()
        .objects.filter(pk=Param("pk", models.BigIntegerField()))
        .values_list("mail_opt_outs")
    )
)


def wants_mail(user: Any, kind: str) -> bool:
    """Whether the user still receives the non-essential emails of `kind`, as stored now: the
    mail may leave after a commit, long after `user` was read."""
    rows = _OPT_OUTS.rows(pk=user.pk)
    return kind not in ((rows[0][0] if rows else None) or [])


def still_wanting(users: Iterable[Any], kind: str) -> set[int]:
    """The ids of `users` who still receive the non-essential emails of `kind`, as stored now:
    `wants_mail` for many people in one query, for a sender of many emails at once."""
    rows = get_user_model().objects.filter(pk__in={user.pk for user in users})
    return {
        pk
        for pk, opt_outs in rows.values_list("pk", "mail_opt_outs")
        if kind not in (opt_outs or [])
    }


def unsubscribe_parts(user: Any, kind: str, language: str) -> tuple[str, dict[str, str]]:
    """The footer with the unsubscribe link, in `language`, and the headers for one-click
    unsubscription by mail clients."""
    link = absolute_url("accounts:unsubscribe", unsubscribe_token(user, kind))
    with translation.override(language):
        notice = gettext(
            "You receive this email because you take part in an edition on Paddock. To stop "
            "emails of this kind, open this link:"
        )
    # As its template wrote it (some 170 calls on every request sent), escaped as the
    # template's autoescaping did.
    footer = f"\n-- \n{escape(notice)}\n{escape(link)}\n"
    headers = {
        "Content-Language": language,
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return footer, headers


def send_optional_mail(
    user: Any,
    *,
    kind: str,
    template: str | Writer,
    context: dict[str, Any],
    language: str,
    connection: Any = None,
    wanted: bool = False,
) -> bool:
    """Like `send_templated_mail` to `user`, for a non-essential email of `kind`: skipped
    (False) when the user unsubscribed from it or is not `reachable`, else sent with the
    unsubscribe link. `wanted`: the caller has just read that the user still wants `kind`
    (`still_wanting`), which is then not read again."""
    if not reachable(user) or not (wanted or wants_mail(user, kind)):
        return False
    subject, body = _render(template, context, language)
    footer, headers = unsubscribe_parts(user, kind, language)
    return _deliver(_Email(subject, body + footer, to=[user.email], headers=headers), connection)
