"""Writes about agenda feeds: the secret calendar address of each participant."""

import secrets
from typing import Any

from django.db import transaction
from django.db.models import F

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
def agenda_feed_tokens(participants: list[Participant]) -> dict[int, str]:
    """The calendar feed token of each participant (by id), feeds created on first use: at
    most three queries however many people, for an email sent to many at once. A feed created
    meanwhile (the person opened their agenda) is kept."""
    ids = {participant.pk for participant in participants}
    tokens = dict(
        AgendaFeed.objects.filter(participant__in=ids).values_list("participant", "token")
    )
    missing = ids - tokens.keys()
    if missing:
        AgendaFeed.objects.bulk_create(
            [AgendaFeed(participant_id=pk, token=_new_token()) for pk in missing],
            ignore_conflicts=True,
        )
        tokens = dict(
            AgendaFeed.objects.filter(participant__in=ids).values_list("participant", "token")
        )
    return tokens


@transaction.atomic
def reset_agenda_feed(participant: Participant, *, by: Any) -> AgendaFeed:
    """Give the feed a new secret address; calendars using the old one stop receiving it."""
    feed = agenda_feed_for(participant)
    feed.token = _new_token()
    feed.save(update_fields=["token"])
    log_action("agenda_feed.reset", by=by, edition=participant.edition, obj=participant)
    return feed


def revise_agenda_feed(participant: Participant) -> None:
    """Raise the revision of the participant's feed, if they have one: every event of it
    changes (the person withdrew, or the withdrawal was undone), and calendars apply a change
    only with a higher SEQUENCE (`ics.agenda_ics`). Call inside the caller's transaction."""
    AgendaFeed.objects.filter(participant=participant).update(revision=F("revision") + 1)
