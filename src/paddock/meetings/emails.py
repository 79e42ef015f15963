"""Mails about requests and meetings, each rendered in its recipient's language.

Mails go out once the transaction commits, so that a write rolled back sends nothing, and a
mail server failure then is logged rather than undoing or failing the committed write.
"""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

from paddock.accounts.mail import absolute_url, send_templated_mail
from paddock.accounts.mail import language_for as user_language
from paddock.participants.models import Participant


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
    `participant` after the commit."""
    context = {"participant": participant, "edition": participant.edition, "link": link, **context}
    address, language = participant.user.email, language_for(participant)
    transaction.on_commit(
        lambda: send_templated_mail(
            address, template=f"meetings/email/{kind}", context=context, language=language
        ),
        robust=True,
    )
