"""Live repair on the day: no-shows (after the edition's delay, or by hand) free their slot and
table, and free places are booked again with the grid's rules; the people concerned are told.
Each change locks the edition first (`lock_edition`, directly or through `lock_slots`), then
slots and meetings: a publication and the changes of the day are served one at a time, and
each change goes into the snapshot that stays the latest (`record_told`).

Every function takes `now` (default: the clock) so that the day can be replayed at any time.
A participant is present on a day from their first check-in of that day (entrance or room).
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.checkin.models import CheckIn
from paddock.core.services import log_action
from paddock.events.enums import EditionStatus
from paddock.events.models import Edition, Table, TimeSlot
from paddock.events.services.locking import lock_edition
from paddock.meetings import emails
from paddock.meetings.enums import Absence, MeetingStatus
from paddock.meetings.models import Meeting
from paddock.meetings.services import walk_in_meeting
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from paddock.scheduling.queries import MEETING_RELATED
from paddock.scheduling.services.errors import ScheduleConflictError, ScheduleError
from paddock.scheduling.services.moves import (
    lock_slots,
    locked_meeting,
    move_meeting,
    people_conflicts,
    place_conflicts,
    slot_rules,
    table_conflicts,
)
from paddock.scheduling.services.publishing import record_told
from paddock.webhooks import dispatch as webhooks


def local_day(edition: Edition, now: dt.datetime) -> dt.date:
    return now.astimezone(edition.tzinfo).date()


def day_bounds(edition: Edition, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Where `day` starts and where the next one starts, in the edition's time zone."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=edition.tzinfo)
    return start, dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, edition.tzinfo)


def _end_of_day(edition: Edition, when: dt.datetime) -> dt.datetime:
    """The last moment of the edition's local day of `when`."""
    return day_bounds(edition, local_day(edition, when))[1] - dt.timedelta(microseconds=1)


def arrivals(edition: Edition, *, now: dt.datetime) -> dict[int, dt.datetime]:
    """Participant pk → their first check-in of the day of `now`, up to `now`: one query."""
    start, _end = day_bounds(edition, local_day(edition, now))
    rows = (
        CheckIn.objects.filter(edition=edition, checked_in_at__gte=start, checked_in_at__lte=now)
        .values("participant_id")
        .annotate(first=Min("checked_in_at"))
        .order_by()
    )
    return {row["participant_id"]: row["first"] for row in rows}


def absence_of(meeting: Meeting, came: dict[int, dt.datetime], by: dt.datetime) -> str:
    """Who of the meeting had not arrived at `by`: an Absence value, or "" for nobody."""
    first = meeting.first_id not in came or came[meeting.first_id] > by
    second = meeting.second_id not in came or came[meeting.second_id] > by
    if first and second:
        return Absence.BOTH
    return Absence.FIRST if first else Absence.SECOND if second else ""


def absent_people(meeting: Meeting) -> list[Participant]:
    by_absence: dict[str, list[Participant]] = {
        Absence.FIRST: [meeting.first],
        Absence.SECOND: [meeting.second],
        Absence.BOTH: [meeting.first, meeting.second],
    }
    return by_absence.get(meeting.absent, [])


def mark_no_shows(
    edition: Edition, *, now: dt.datetime | None = None, by: Any = None
) -> list[Meeting]:
    """Mark as no-shows the meetings of today that started more than the edition's delay ago
    and whose participant had not checked in by then; returns them.

    Does nothing when the edition sets no delay, or on a day without any check-in (the desk is
    not in use: everyone would look absent). Meetings an organiser confirmed are kept.
    """
    now = now or timezone.now()
    delay = edition.no_show_after_minutes
    if delay is None:
        return []
    came = arrivals(edition, now=now)
    if not came:
        return []
    start, _end = day_bounds(edition, local_day(edition, now))
    after = dt.timedelta(minutes=delay)
    marked = []
    with transaction.atomic():
        lock_edition(edition)  # before the meetings, as publishing does (issue 16)
        due = (
            Meeting.objects.select_for_update(of=("self",))
            .filter(
                edition=edition,
                status=MeetingStatus.SCHEDULED,
                presence_confirmed=False,
                slot__start__gte=start,
                slot__start__lte=now - after,
            )
            .select_related(*MEETING_RELATED, "slot", "table__room", "edition")
            .order_by("slot__start", "pk")
        )
        for meeting in due:
            if meeting.slot is None:  # read placed: a scheduled meeting always is
                continue
            absent = absence_of(meeting, came, meeting.slot.start + after)
            if absent:
                _mark(meeting, absent=absent, by=by, now=now, came=came, automatic=True)
                marked.append(meeting)
    return marked


def editions_on_the_day(now: dt.datetime) -> list[Edition]:
    """Editions holding a day at `now` in their own time zone, with a no-show delay set."""
    near = Edition.objects.filter(
        no_show_after_minutes__isnull=False,
        start_date__lte=now.date() + dt.timedelta(days=1),
        end_date__gte=now.date() - dt.timedelta(days=1),
    ).exclude(status__in=[EditionStatus.DRAFT, EditionStatus.CLOSED])
    return [e for e in near if e.start_date <= local_day(e, now) <= e.end_date]


def mark_all_no_shows(*, now: dt.datetime | None = None) -> list[Meeting]:
    """`mark_no_shows` for every edition on the day: the periodic job of production."""
    now = now or timezone.now()
    return [m for edition in editions_on_the_day(now) for m in mark_no_shows(edition, now=now)]


@transaction.atomic
def mark_no_show(
    meeting: Meeting, *, by: Any, absent: str = "", now: dt.datetime | None = None
) -> Meeting:
    """An organiser marks a started meeting as a no-show; `absent` says who did not come
    (default: who has not checked in on the meeting's day, by now). Frees its slot and
    table; the counterpart, if present and the slot not over, is told it is off.

    Raises ScheduleError for a meeting not placed, not started yet, or with everyone checked
    in and nobody named absent.
    """
    now = now or timezone.now()
    lock_edition(meeting.edition)  # before the meeting, as publishing does (issue 16)
    meeting = locked_meeting(meeting)
    if meeting.status != MeetingStatus.SCHEDULED or meeting.slot is None:
        raise ScheduleError(_("Only a placed meeting can be marked as a no-show."))
    if meeting.slot.start > now:
        raise ScheduleError(_("This meeting has not started yet."))
    # Who came on the meeting's day: marked from the grid a day later, it is that day's
    # check-ins that say who missed it, not the morning's.
    seen_by = min(now, _end_of_day(meeting.edition, meeting.slot.start))
    came = arrivals(meeting.edition, now=seen_by)
    absent = absent or absence_of(meeting, came, seen_by)
    if absent not in Absence.values:
        raise ScheduleError(_("Both participants checked in: say who did not come."))
    return _mark(meeting, absent=absent, by=by, now=now, came=came, automatic=False)


def _mark(
    meeting: Meeting,
    *,
    absent: str,
    by: Any,
    now: dt.datetime,
    came: dict[int, dt.datetime],
    automatic: bool,
) -> Meeting:
    meeting.status, meeting.absent = MeetingStatus.NO_SHOW, absent
    meeting.sequence += 1  # calendars show it cancelled
    meeting.save(update_fields=["status", "absent", "sequence", "updated_at"])
    log_action(
        "schedule.no_show",
        by=by,
        edition=meeting.edition,
        obj=meeting,
        meeting=meeting.pk,
        absent=absent,
        automatic=automatic,
    )
    webhooks.meeting_missed(meeting)  # before record_told takes it off the published schedule
    record_told(meeting)
    if meeting.slot is not None and meeting.slot.end > now:
        missing = {person.pk for person in absent_people(meeting)}
        for person in (meeting.first, meeting.second):
            if person.pk not in missing and person.pk in came:
                _tell(person, meeting, "live_meeting_off")
    return meeting


@transaction.atomic
def undo_no_show(meeting: Meeting, *, by: Any, now: dt.datetime | None = None) -> Meeting:
    """Put a no-show back in its slot and table (the participant came after all), if both are
    still free: the grid's rules apply. The meeting is then never marked again automatically;
    both participants are told it is on when its slot is not over.

    A person who withdrew meanwhile is refused: someone who came after all is taken back
    first (`undo_withdrawal`, then validated), since a withdrawn person has no meeting to come
    to, is refused at check-in and told nothing.

    Raises ScheduleError for a meeting that is not a no-show or one of whose people is not
    validated (`not_taking_part`), ScheduleConflictError when its place was taken meanwhile.
    """
    now = now or timezone.now()
    if meeting.slot is not None:
        lock_slots(meeting.edition, meeting.slot)  # the edition, then the slot
    else:
        lock_edition(meeting.edition)  # before the meeting, as publishing does (issue 16)
    meeting = locked_meeting(meeting)  # the people, read as locked, then the meeting
    if meeting.status != MeetingStatus.NO_SHOW:
        raise ScheduleError(_("This meeting is not marked as a no-show."))
    _check_taking_part(meeting)
    slot, table = meeting.slot, meeting.table
    if slot is None or table is None:  # a no-show lets its place go when it is deleted
        raise ScheduleError(
            _("This meeting's slot or table was deleted since: it cannot be put back."),
            code="place_gone",
        )
    rules = slot_rules(meeting.edition, [slot], lock=True)[slot.pk]
    people = [meeting.first, meeting.second]
    conflicts = place_conflicts(
        people, table, rules, ignore={meeting.pk}, interpreter=meeting.interpreter_id
    )
    if conflicts:
        raise ScheduleConflictError(conflicts)
    meeting.status, meeting.absent, meeting.presence_confirmed = MeetingStatus.SCHEDULED, "", True
    meeting.sequence += 1
    meeting.save(update_fields=["status", "absent", "presence_confirmed", "sequence", "updated_at"])
    log_action("schedule.no_show_undo", by=by, edition=meeting.edition, obj=meeting,
               meeting=meeting.pk)  # fmt: skip
    record_told(meeting)
    if slot.end > now:
        for person in people:
            _tell(person, meeting, "live_meeting_booked")
    return meeting


def _check_taking_part(meeting: Meeting) -> None:
    """Both people of a no-show put back are validated: one who withdrew is taken back first."""
    for person in (meeting.first, meeting.second):
        if person.status == ParticipantStatus.WITHDRAWN:
            message = _(
                "%(name)s withdrew from the edition: if they came after all, undo the withdrawal "
                "on their page and validate them again, then put the meeting back."
            )
        elif person.status != ParticipantStatus.VALIDATED:
            message = _("%(name)s is not a validated participant of this edition.")
        else:
            continue
        raise ScheduleError(message % {"name": person.user}, code="not_taking_part")


def check_bookable(edition: Edition, slot: TimeSlot, now: dt.datetime) -> None:
    """A slot of today, not over yet."""
    if slot.edition_id != edition.pk:
        raise ScheduleError(_("That slot belongs to another edition."))
    if local_day(edition, slot.start) != local_day(edition, now) or slot.end <= now:
        raise ScheduleError(_("Only the slots of today that are not over can be booked here."))


def check_present(edition: Edition, people: list[Participant], now: dt.datetime) -> None:
    came = arrivals(edition, now=now)
    missing = [
        _("%(name)s has not checked in today.") % {"name": person.user}
        for person in people
        if person.pk not in came
    ]
    if missing:
        raise ScheduleError(" ".join(missing))


def choose_table(
    edition: Edition, people: list[Participant], slot: TimeSlot, *, ignore: set[int]
) -> Table:
    """The first table where the two people may meet in the slot (their home table if any).

    Raises ScheduleConflictError with the people's own conflicts (busy, away, interpreters),
    or saying that no table is free.
    """
    rules = slot_rules(edition, [slot], lock=True)[slot.pk]
    conflicts = people_conflicts(people, rules, ignore=ignore)
    if conflicts:
        raise ScheduleConflictError(conflicts)
    tables = Table.objects.filter(room__edition=edition).select_related("room")
    taken = rules.held(ignore).tables
    reasons: dict[str, None] = {}
    for table in tables.order_by("room__position", "room__name", "position", "label"):
        if table.pk in taken:
            continue
        found = table_conflicts(people, table, rules, ignore=ignore)
        if not found:
            return table
        reasons |= dict.fromkeys(found)
    # Why the free tables do not suit them (a room at its cap, a home table), else: all taken.
    raise ScheduleConflictError(list(reasons) or [_("No table is free for them at that time.")])


@transaction.atomic
def book_meeting(
    meeting: Meeting,
    *,
    by: Any,
    slot: TimeSlot,
    table: Table | None = None,
    now: dt.datetime | None = None,
) -> Meeting:
    """Book a meeting still to be placed (or a no-show whose pair is now there) into a free
    place of today, both participants being present. Goes through the grid's move, so every
    rule applies; the two are told when and where.

    Raises ScheduleError or ScheduleConflictError with the reason; changes nothing then.
    """
    now = now or timezone.now()
    edition = meeting.edition
    check_bookable(edition, slot, now)
    lock_slots(edition, slot)
    fresh = locked_meeting(meeting)
    if fresh.status not in (MeetingStatus.TO_SCHEDULE, MeetingStatus.NO_SHOW):
        raise ScheduleError(_("This meeting is already placed or cancelled; see the grid."))
    people = [fresh.first, fresh.second]
    check_present(edition, people, now)
    if table is None:
        table = choose_table(edition, people, slot, ignore={fresh.pk})
    meeting = move_meeting(fresh, by=by, slot=slot, table=table)
    return _booked(meeting, by=by, walk_in=False)


@transaction.atomic
def book_walk_in(
    edition: Edition,
    *,
    by: Any,
    first: Participant,
    second: Participant,
    slot: TimeSlot,
    table: Table | None = None,
    now: dt.datetime | None = None,
) -> Meeting:
    """Book on the day a meeting two present participants ask for: an accepted walk-in request
    and its meeting, placed with the grid's rules; both are told when and where.

    Raises ScheduleError, ScheduleConflictError or MeetingError (a pair that may not meet);
    all or nothing.
    """
    now = now or timezone.now()
    check_bookable(edition, slot, now)
    lock_slots(edition, slot)  # slot before people, as the grid's moves do
    people = [first, second]
    check_present(edition, people, now)
    if table is None:
        table = choose_table(edition, people, slot, ignore=set())
    meeting = walk_in_meeting(edition, by=by, first=first, second=second)
    meeting = move_meeting(meeting, by=by, slot=slot, table=table)
    return _booked(meeting, by=by, walk_in=True)


def _booked(meeting: Meeting, *, by: Any, walk_in: bool) -> Meeting:
    # Both were checked in when booked (check_present): the no-show rule must not mark them
    # absent because one arrived after the start of a slot already in progress.
    meeting.presence_confirmed = True
    meeting.save(update_fields=["presence_confirmed", "updated_at"])
    log_action("schedule.live_book", by=by, edition=meeting.edition, obj=meeting,
               meeting=meeting.pk, walk_in=walk_in)  # fmt: skip
    record_told(meeting)
    meeting = Meeting.objects.select_related(
        *MEETING_RELATED, "slot", "table__room", "edition"
    ).get(pk=meeting.pk)
    for person in (meeting.first, meeting.second):
        _tell(person, meeting, "live_meeting_booked")
    return meeting


def _tell(person: Participant, meeting: Meeting, kind: str) -> None:
    emails.send_to(
        person,
        kind,
        link=emails.portal_link(person, "agenda"),
        meeting=meeting,
        other=meeting.other_side(person),
    )
