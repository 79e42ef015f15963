"""What a new time zone moves that people were told, and telling them.

A new time zone keeps the local times of the grid and the visits (`time_zone`): their
instants move. Live meetings placed in the slots that move, and people booked or waiting for
the visits that move, were told those times. The settings page counts them before the save
(`told_by_new_zone`) and asks the organiser to confirm; once confirmed, the save moves them
too and tells each person once (`tell_new_zone`): the times their agenda shows stay, their
instants change, and a calendar that imported a file holds the old ones.
"""

import datetime as dt
import hashlib
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from paddock.accounts.enums import OutgoingMailKind
from paddock.accounts.mail import absolute_url, language_for, send_account_mail, send_after_commit
from paddock.accounts.outbox import queued_mail
from paddock.events.localtime import LocalTimeError, same_local_time
from paddock.events.models import Edition
from paddock.events.services.held import freed_statuses, holding
from paddock.participants.models import Participant
from paddock.visits.enums import LIVE_BOOKING_STATUSES
from paddock.visits.models import Booking, VisitSession

EMAIL = "events/email/time_zone_changed"


@dataclass(frozen=True)
class ToldTimes:
    """The live meetings placed in slots that move, and the live bookings (seats and places in
    a waiting list) of visit sessions that move: ids of each."""

    meetings: list[int]
    bookings: list[int]

    def __bool__(self) -> bool:
        return bool(self.meetings or self.bookings)

    def digest(self) -> str:
        """A short digest of the ids, that a page showing the counts carries, so that a
        confirmation is of what it showed (a meeting placed or a visit booked since, or as
        many others, give another)."""
        ids = f"{self.meetings}/{self.bookings}".encode()
        return hashlib.sha256(ids).hexdigest()[:32]


def told_times_changed() -> str:
    """Why a confirmation of what a new time zone moves is refused: it counted other
    meetings or bookings than move now."""
    return _(
        "Since this page counted them, other meetings or bookings would move: check the count "
        "and confirm again."
    )


def meetings_told(edition: Edition) -> bool:
    """Whether the people of the edition's meetings were told their times: once the schedule
    is published (before, agendas show no time)."""
    from paddock.meetings.queries import schedule_published  # meetings sit above events

    return schedule_published(edition)


def who_is_told(edition: Edition, told: ToldTimes) -> str:
    """Who the save tells of `told`, in a sentence for the organiser."""
    if not told.meetings or meetings_told(edition):
        return _("Their participants are told by email.")
    if told.bookings:
        return _(
            "The people booked or waiting for the visits are told by email; the schedule is "
            "not published, so the meetings' participants are not."
        )
    return _("Nobody is told by email: the schedule is not published.")


def told_in(slots: Iterable[int], sessions: Iterable[VisitSession | int]) -> ToldTimes:
    """What people were told among the slots and visit sessions given."""
    meetings = holding(slot__in=list(slots)).exclude(status__in=freed_statuses())
    bookings = Booking.objects.filter(session__in=list(sessions), status__in=LIVE_BOOKING_STATUSES)
    return ToldTimes(
        meetings=list(meetings.order_by("pk").values_list("pk", flat=True)),
        bookings=list(bookings.order_by("pk").values_list("pk", flat=True)),
    )


def told_by_new_zone(edition: Edition, zone: str) -> ToldTimes:
    """What the time zone `zone` would move that people were told, read without locks, for
    the settings page's confirmation: the save counts again under its locks."""
    old_tz, tz = edition.tzinfo, zoneinfo.ZoneInfo(zone)
    slots = edition.slots.values_list("pk", "start", "end")
    sessions = VisitSession.objects.filter(zone__edition=edition).values_list("pk", "start", "end")
    return told_in(
        [pk for pk, *times in slots if _moves(times, old_tz, tz)],
        [pk for pk, *times in sessions if _moves(times, old_tz, tz)],
    )


def _moves(moments: list[dt.datetime], old_tz: dt.tzinfo, tz: dt.tzinfo) -> bool:
    """Whether the instants keeping these local times in `tz` differ; a time the save will
    refuse (the clocks skip it or show it twice) counts as moving."""
    try:
        return any(same_local_time(m, read_in=old_tz, tz=tz) != m for m in moments)
    except LocalTimeError:
        return True


def tell_new_zone(edition: Edition, told: ToldTimes, *, old_zone: str) -> int:
    """After a new time zone moved `told`, in the transaction that saved it: tell each person
    once, in their language, that their agenda keeps its times (the people of the meetings
    only once the schedule is published: before, agendas show no time), and send the
    webhooks' "meeting.moved" for the published meetings (their start and end changed).
    Returns how many people were told."""
    from paddock.webhooks import dispatch as webhooks  # webhooks sit above events
    from paddock.webhooks.enums import WebhookEvent  # webhooks sit above events

    meetings = holding(pk__in=told.meetings)
    pairs = meetings.values_list("first_id", "second_id") if meetings_told(edition) else []
    booked = Booking.objects.filter(pk__in=told.bookings).values_list("participant_id", flat=True)
    people = Participant.objects.filter(pk__in={pk for pair in pairs for pk in pair} | set(booked))
    link = absolute_url("meetings-portal:agenda", edition.slug)
    with queued_mail(kind=OutgoingMailKind.SCHEDULE, edition=edition):
        for person in people.select_related("user").order_by("pk"):
            context = {"participant": person, "edition": edition, "old_zone": old_zone}
            send_after_commit(
                send_account_mail,
                person.user,
                template=EMAIL,
                context={**context, "link": link},
                language=language_for(person.user, edition),
            )
    published = meetings.filter(published_slot__isnull=False).values_list("pk", flat=True)
    webhooks.meetings_changed(edition, WebhookEvent.MEETING_MOVED, published)
    return people.count()
