"""Mails about requests and meetings, each rendered in its recipient's language.

Mails go out once the transaction commits, so that a write rolled back sends nothing, and a
mail server failure then is logged rather than undoing or failing the committed write.
"""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

from paddock.accounts.enums import MailKind
from paddock.accounts.mail import absolute_url, send_optional_mail, send_templated_mail
from paddock.accounts.mail import language_for as user_language
from paddock.participants.models import Participant

# Notices about requests, which the person may stop (docs/emails.md); the mails about meetings
# themselves (arranged, cancelled, moved on the day) always go out.
OPTIONAL = {
    "request_received": MailKind.MEETING_REQUESTS,
    "request_accepted": MailKind.MEETING_REQUESTS,
    "request_declined": MailKind.MEETING_REQUESTS,
    "request_cancelled": MailKind.MEETING_REQUESTS,
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
    template = f"meetings/email/{kind}"
    if kind in OPTIONAL:
        transaction.on_commit(
            lambda: send_optional_mail(
                user, kind=OPTIONAL[kind], template=template, context=context, language=language
            ),
            robust=True,
        )
        return
    transaction.on_commit(
        lambda: send_templated_mail(
            user.email, template=template, context=context, language=language
        ),
        robust=True,
    )
