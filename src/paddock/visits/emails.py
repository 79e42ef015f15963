"""Mails about visits, each rendered in its recipient's language, sent once the transaction
commits (a write rolled back sends nothing; a mail server failure is logged, not raised)."""

from typing import Any

from paddock.accounts.mail import (
    absolute_url,
    language_for,
    send_account_mail,
    send_after_commit,
)
from paddock.participants.models import Participant

EMAILS = "visits/email"


def visits_link(participant: Participant) -> str:
    return absolute_url("visits-portal:visits", participant.edition.slug)


def send_to(participant: Participant, kind: str, **context: Any) -> None:
    """The mail `kind` (visits/email/<kind>_subject.txt and <kind>.txt) to `participant`,
    after the commit, in their language."""
    context = {
        "participant": participant,
        "edition": participant.edition,
        "link": visits_link(participant),
        **context,
    }
    user = participant.user
    language = language_for(user, participant.edition)
    send_after_commit(
        send_account_mail, user, template=f"{EMAILS}/{kind}", context=context, language=language
    )
