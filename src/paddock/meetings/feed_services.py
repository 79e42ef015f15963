"""Writes about agenda feeds: the secret calendar address of each participant."""

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.db.models import F

from paddock.core.services import log_action
from paddock.events.localtime import LocalTimeError, first_instant, same_local_time
from paddock.events.models import Edition
from paddock.meetings.models import AgendaFeed, Meeting
from paddock.meetings.queries import published_places, resolved_places
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


def keep_feed_places(edition: Edition, released: list[int]) -> None:
    """Before a time slot, table or room of `edition` is deleted: keep, on each meeting whose
    calendar event sits at a place of its own no more, the time and names of that place
    (`Meeting.kept_place`), so that the feeds keep showing the event cancelled there rather
    than dropping it (a calendar that misses an event may keep the old one). Those are the
    meetings a later run left out, shown at the place last published
    (`queries.feed_entries`), and `released`, the cancelled meetings and no-shows that let the
    deleted place go. Each place is written as it is now, before the deletion: for the
    left-out ones, whichever place is deleted, so that the kept one is their latest.

    Call inside the caller's transaction, with the places locked."""
    # A meeting never placed keeps sequence 0: no feed can have shown it.
    left_out = Meeting.objects.filter(edition=edition, slot=None, sequence__gt=0)
    places = published_places(edition, list(left_out.values_list("pk", flat=True)))
    placed = Meeting.objects.filter(pk__in=released, slot__isnull=False)
    places |= {pk: (slot, table) for pk, slot, table in placed.values_list("pk", "slot", "table")}
    keep_places(places)


def keep_places(places: dict[int, tuple[int, int]]) -> None:
    """Write into `Meeting.kept_place` the time and names of each meeting's slot and table in
    `places` (meeting id to slot id and table id), as they are now: where the feeds show the
    meeting, cancelled, once it has no place of its own nor a published one. Also called by
    a scheduling run before it leaves out a meeting that no publication may have had (the
    feeds show every run's places once a schedule is published). Call inside the caller's
    transaction, before the places change."""
    kept = {
        pk: {"start": start.isoformat(), "end": end.isoformat(), "room": room, "table": table}
        for pk, (start, end, room, table) in resolved_places(places).items()
    }
    meetings = Meeting.objects.filter(pk__in=kept).only("pk", "kept_place")
    changed = [meeting for meeting in meetings if meeting.kept_place != kept[meeting.pk]]
    for meeting in changed:
        meeting.kept_place = kept[meeting.pk]
    Meeting.objects.bulk_update(changed, ["kept_place"], batch_size=500)


def carry_kept_places(edition: Edition, *, read_in: dt.tzinfo, days: int) -> int:
    """After the edition's grid moved with new dates (`days` days later) or kept its local
    times in a new time zone (`read_in`, the old one): move the kept place of each of its
    meetings (`Meeting.kept_place`) as the slots moved, to the same local time, and raise the
    meeting's revision, so that calendars move its cancelled event with the grid rather than
    show it where nothing was. Returns how many moved.

    A kept time that the clocks skip or show twice where it lands goes to the first moment
    that shows it (`events.localtime.first_instant`): the event is a cancelled one, and the
    change of dates or zone is not refused for it. Call inside the transaction that moves
    the grid, with the edition locked."""
    tz, moved = edition.tzinfo, []
    meetings = Meeting.objects.filter(edition=edition, kept_place__isnull=False)
    for meeting in meetings.only("pk", "slot", "kept_place"):
        place = meeting.kept_place or {}
        old = [dt.datetime.fromisoformat(place[name]) for name in ("start", "end")]
        new = [_carried(moment, read_in=read_in, tz=tz, days=days) for moment in old]
        if new[1] <= new[0]:  # the start went past a skipped hour: the event keeps its length
            new[1] = new[0] + (old[1] - old[0])
        if new != old:
            start, end = (moment.astimezone(dt.UTC).isoformat() for moment in new)
            meeting.kept_place = {**place, "start": start, "end": end}
            moved.append(meeting)
    Meeting.objects.bulk_update(moved, ["kept_place"], batch_size=500)
    # Calendars apply a new time only with a higher SEQUENCE (`ics.MeetingEvents.event`). Those
    # the feeds show at their kept place: without a place of their own, and whose published
    # one is gone (the others' revision went up with the slot they are shown in).
    unplaced = [meeting.pk for meeting in moved if meeting.slot_id is None]
    shown_elsewhere = resolved_places(published_places(edition, unplaced))
    Meeting.objects.filter(pk__in=set(unplaced) - shown_elsewhere.keys()).update(
        sequence=F("sequence") + 1
    )
    return len(moved)


def _carried(moment: dt.datetime, *, read_in: dt.tzinfo, tz: dt.tzinfo, days: int) -> dt.datetime:
    """`moment`'s local time in `read_in`, `days` days later, in `tz`; the first moment that
    shows it when the clocks skip it or show it twice there."""
    try:
        return same_local_time(moment, read_in=read_in, tz=tz, days=days)
    except LocalTimeError:
        local = moment.astimezone(read_in)
        return first_instant(local.date() + dt.timedelta(days=days), local.time(), tz)
