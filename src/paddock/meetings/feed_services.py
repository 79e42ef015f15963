"""Writes about agenda feeds: the secret calendar address of each participant."""

import secrets
from typing import Any

from django.db import transaction

from paddock.core.services import log_action
from paddock.meetings.models import AgendaFeed
from paddock.participants.models import Participant


def _new_token() -> str:
    return secrets.token_urlsafe(24)


@transaction.atomic
def agenda_feed_for(participant: Participant) -> AgendaFeed:
    """The participant's calendar feed, created on first use."""
    feed, _created = AgendaFeed.objects.get_or_create(
        participant=participant, defaults={"token": _new_token()}
    )
    return feed


@transaction.atomic
def reset_agenda_feed(participant: Participant, *, by: Any) -> AgendaFeed:
    """Give the feed a new secret address; calendars using the old one stop receiving it."""
    feed = agenda_feed_for(participant)
    feed.token = _new_token()
    feed.save(update_fields=["token"])
    log_action("agenda_feed.reset", by=by, edition=participant.edition, obj=participant)
    return feed
