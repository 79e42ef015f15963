"""Reads for the agenda reminders: when each day's are due, who has what on a day, and how
many went out."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from paddock.events.enums import EditionStatus
from paddock.events.localtime import first_instant
from paddock.events.models import Edition
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.meetings.queries import schedule_published
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from paddock.reminders.models import SentReminder
from paddock.visits.enums import BookingStatus, VisitStatus
from paddock.visits.models import Booking

# A draft is still being prepared (its people may be the organisers' tests); a closed edition
# is over, or called off. As for the no-shows, neither is held: no reminders.
NOT_REMINDED = frozenset({EditionStatus.DRAFT, EditionStatus.CLOSED})


# The latest reminder time: the reminders go from it until midnight, at the runs of a job
# every few minutes (docs/operations.md), which must fall in between.
LATEST_REMINDER_TIME = dt.time(23, 0)


def reminders_on(edition: Edition) -> bool:
    """Whether the edition's participants get reminders: a reminder time, and held."""
    return edition.reminder_time is not None and edition.status not in NOT_REMINDED


def due_at(edition: Edition, day: dt.date) -> dt.datetime | None:
    """When the reminders of `day` are due: the edition's reminder time on the eve, where the
    edition is held; None when reminders are off (`reminders_on`). A time the clocks show
    twice that night is due at the first; one they skip, when they jump past it
    (`events.localtime.first_instant`)."""
    if edition.reminder_time is None or not reminders_on(edition):
        return None
    eve = day - dt.timedelta(days=1)
    return first_instant(eve, edition.reminder_time, edition.tzinfo)


def day_bounds(edition: Edition, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The day's first and next day's first moment, where the edition is held."""
    start = dt.datetime.combine(day, dt.time(), tzinfo=edition.tzinfo)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=edition.tzinfo)


@dataclass(frozen=True)
class AgendaItem:
    """A meeting (with the other side, and its interpreter if any) or a confirmed visit seat,
    in a day's agenda."""

    start: dt.datetime
    end: dt.datetime
    meeting: Meeting | None = None
    other: Participant | None = None
    booking: Booking | None = None


def day_agendas(edition: Edition, day: dt.date) -> list[tuple[Participant, list[AgendaItem]]]:
    """Each validated participant with meetings of the published schedule or confirmed visit
    seats on `day`, with them in time order, and their user and company: two queries, however
    many people. Meetings count once the schedule is published, as on the agenda page."""
    start, end = day_bounds(edition, day)
    people: dict[int, Participant] = {}
    items: dict[int, list[AgendaItem]] = defaultdict(list)

    def add(person: Participant, item: AgendaItem) -> None:
        person.edition = edition  # read by the email's links, not again from the database
        people.setdefault(person.pk, person)
        items[person.pk].append(item)

    if schedule_published(edition):
        meetings = Meeting.objects.filter(
            edition=edition,
            status=MeetingStatus.SCHEDULED,
            slot__start__gte=start,
            slot__start__lt=end,
        ).select_related(
            "slot",
            "table__room",
            "interpreter",
            "first__user",
            "first__company",
            "second__user",
            "second__company",
        )
        for meeting in meetings:
            slot = meeting.slot
            if slot is None:  # the query reads placed meetings only
                continue
            for me, other in ((meeting.first, meeting.second), (meeting.second, meeting.first)):
                add(me, AgendaItem(slot.start, slot.end, meeting=meeting, other=other))
    bookings = Booking.objects.filter(
        status=BookingStatus.CONFIRMED,
        session__status=VisitStatus.OPEN,
        session__zone__edition=edition,
        session__start__gte=start,
        session__start__lt=end,
    ).select_related("session__zone", "participant__user", "participant__company")
    for booking in bookings:
        session = booking.session
        add(booking.participant, AgendaItem(session.start, session.end, booking=booking))
    return [
        (person, sorted(items[pk], key=lambda item: (item.start, item.end)))
        for pk, person in sorted(people.items())
        if person.status == ParticipantStatus.VALIDATED
    ]


@dataclass(frozen=True)
class ReminderDay:
    """A day of the edition: when its reminders are due (None when they are off), how many
    went out, and, for a day whose reminders were due and none went (`missed`), whether
    anybody had anything that day (`nobody`) and whether the day has begun (none will go
    then)."""

    day: dt.date
    due: dt.datetime | None
    sent: int
    missed: bool = False
    begun: bool = False
    nobody: bool = False

    @property
    def to_come(self) -> bool:
        """Due later, none sent: nothing to count yet."""
        return self.due is not None and not self.sent and not self.missed


def reminder_days(edition: Edition, *, now: dt.datetime | None = None) -> list[ReminderDay]:
    """Each day of the edition with its reminders, for the organisers: when they are due and
    how many went out (reminders off: the days some went out); for a day whose reminders were
    due and none went, whether anybody had meetings or visits that day. At most three
    queries, whatever the number of days and people."""
    now = now or timezone.now()
    counts = dict(
        SentReminder.objects.filter(participant__edition=edition)
        .values("day")
        .annotate(sent=Count("pk"))
        .values_list("day", "sent")
    )
    rows = [ReminderDay(day, due_at(edition, day), counts.get(day, 0)) for day in edition.days]
    rows = [row for row in rows if row.due or row.sent]
    missed = [row.day for row in rows if row.due and row.due <= now and not row.sent]
    busy = _busy_days(edition, missed) if missed else set()
    return [
        replace(
            row,
            missed=True,
            begun=day_bounds(edition, row.day)[0] <= now,
            nobody=row.day not in busy,
        )
        if row.day in missed
        else row
        for row in rows
    ]


def _busy_days(edition: Edition, days: list[dt.date]) -> set[dt.date]:
    """Those of `days` on which a validated participant has a meeting of the published
    schedule or a confirmed visit seat, where the edition is held (as `day_agendas` reads
    them): two queries, whatever the number of days."""
    start, end = day_bounds(edition, min(days))[0], day_bounds(edition, max(days))[1]
    tz = edition.tzinfo
    found: set[dt.date] = set()
    if schedule_published(edition):
        found |= set(
            Meeting.objects.filter(
                Q(first__status=ParticipantStatus.VALIDATED)
                | Q(second__status=ParticipantStatus.VALIDATED),
                edition=edition,
                status=MeetingStatus.SCHEDULED,
                slot__start__gte=start,
                slot__start__lt=end,
            )
            .annotate(day=TruncDate("slot__start", tzinfo=tz))
            .values_list("day", flat=True)
            .distinct()
        )
    found |= set(
        Booking.objects.filter(
            status=BookingStatus.CONFIRMED,
            session__status=VisitStatus.OPEN,
            session__zone__edition=edition,
            session__start__gte=start,
            session__start__lt=end,
            participant__status=ParticipantStatus.VALIDATED,
        )
        .annotate(day=TruncDate("session__start", tzinfo=tz))
        .values_list("day", flat=True)
        .distinct()
    )
    return found & set(days)
