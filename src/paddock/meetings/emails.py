"""Mails about requests and meetings, each rendered in its recipient's language.

Mails go out once the transaction commits, so that a write rolled back sends nothing, and a
mail server failure then is logged rather than undoing or failing the committed write.
"""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext

from paddock.accounts.enums import MailKind
from paddock.accounts.mail import (
    Writer,
    absolute_url,
    send_account_mail,
    send_after_commit,
    send_optional_mail,
)
from paddock.accounts.mail import language_for as user_language
from paddock.participants.models import Participant

# Notices about requests, which the person may stop (docs/privacy.md); the mails about meetings
# themselves (arranged, cancelled, moved on the day) always go out.
OPTIONAL = {
    "request_received": MailKind.MEETING_REQUESTS,
    "request_accepted": MailKind.MEETING_REQUESTS,
    "request_declined": MailKind.MEETING_REQUESTS,
    "request_cancelled": MailKind.MEETING_REQUESTS,
    "request_recipient_withdrew": MailKind.MEETING_REQUESTS,
    "request_requester_withdrew": MailKind.MEETING_REQUESTS,
    "request_expired": MailKind.MEETING_REQUESTS,
    "request_mutual": MailKind.MEETING_REQUESTS,
    "suggested_received": MailKind.MEETING_REQUESTS,
    "suggested_sent": MailKind.MEETING_REQUESTS,
}


def site_host() -> str:
    """The site's host name, for calendar UIDs."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def language_for(participant: Participant) -> str:
    """The person's chosen language, else the edition's first, else the site default."""
    return user_language(participant.user, participant.edition)


def portal_link(participant: Participant, name: str) -> str:
    return absolute_url(f"meetings-portal:{name}", participant.edition.slug)


def send_to(participant: Participant, kind: str, *, link: str, **context: Any) -> None:
    """Send the mail `kind` (meetings/email/<kind>_subject.txt and <kind>.txt) to
    `participant` after the commit; a notice about requests only when they did not
    unsubscribe from those."""
    context = {"participant": participant, "edition": participant.edition, "link": link, **context}
    user, language = participant.user, language_for(participant)
    template: str | Writer = WRITERS.get(kind) or f"meetings/email/{kind}"
    if kind in OPTIONAL:
        send_after_commit(
            send_optional_mail,
            user,
            kind=OPTIONAL[kind],
            template=template,
            context=context,
            language=language,
        )
        return
    send_after_commit(
        send_account_mail, user, template=template, context=context, language=language
    )


def _request_received(context: dict[str, Any]) -> tuple[str, str]:
    """The notice of a request received, written as its templates did (some 650 calls on
    every request sent): the same messages, in the language and time zone `_render` sets."""
    other, request, edition = context["other"], context["request"], context["edition"]
    names = {"name": other.user, "company": other.company.name}
    subject = gettext("%(name)s (%(company)s) asks to meet you") % names
    lines = [
        gettext("%(name)s of %(company)s would like to meet you at %(edition)s.")
        % {**names, "edition": edition.name},
        "",
    ]
    if request.message:
        lines[-1:] = ["", gettext("Their message:"), request.message, ""]
    lines += [gettext("Accept or decline the request here:"), context["link"], ""]
    if request.expires_at:
        day = date_format(request.expires_at.astimezone(edition.tzinfo), "DATE_FORMAT")
        lines[-1:] = [
            "",
            gettext("Without an answer, the request expires on %(date)s.") % {"date": day},
            "",
        ]
    return subject, "\n".join(lines) + "\n"


# The emails written in Python rather than by their templates (`accounts.mail.Writer`).
WRITERS = {"request_received": _request_received}
