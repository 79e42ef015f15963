"""The dates of a past demo edition's history, as it would have happened.

The services stamp the present moment (most timestamps are `auto_now_add`), so once the 2019
edition is built every row of it reads today's date. This moves them, in bulk updates inside the
demo's transaction, onto a calendar counted back from the edition's first day: the edition set
up in February, registrations from March to early May, each validated within days, requests in
the second half of May and answered within days (the unanswered ones expired after the
edition's expiry delay), the scheduling run and its publication a week or so before, visit
bookings after the publication, badges two days before, check-ins on the days (`history.py`),
outcomes answered in the days after and the edition closed a few weeks later. The audit entries
follow what they record. Deterministic for a seed.

What comes after the commit (the matchmaking recomputation) and the directory's links, made by
the organiser now, keep today's date.
"""

import datetime as dt
import random
from typing import Any

from django.db.models import Min, QuerySet

from paddock.accounts.models import User
from paddock.checkin.models import Badge, CheckIn
from paddock.core.models import AuditEntry
from paddock.demo.history import NO_SHOW_AFTER
from paddock.events.models import Edition
from paddock.meetings.enums import MeetingStatus, RequestStatus
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.outcomes.models import Outcome
from paddock.participants.models import Organisation, Participant
from paddock.scheduling.models import PublishedSchedule, ScheduleRun
from paddock.visits.enums import BookingStatus
from paddock.visits.models import Booking

# Days counted from the edition's first day when negative (before it), from its last when positive.
SET_UP = -115
REGISTRATION = (-101, -38)
VALIDATED_WITHIN_DAYS = (1, 3)
REQUESTS = (-31, -17)
ANSWERED_WITHIN = (dt.timedelta(hours=1), dt.timedelta(days=5))
VISITS_SET_UP = -24
SCHEDULE_RUN = -9
PUBLISHED = -8
BOOKINGS_UNTIL = -2
BADGES = -2
OUTCOMES_WITHIN = dt.timedelta(days=10)
CLOSED = 17
OFFICE_HOURS = (dt.time(8, 30), dt.time(19, 0))
# At the meeting point of a visit, this many minutes at most before it starts.
VISIT_ARRIVAL_MINUTES = 9
REGISTERED_WITH_THE_COMPANY = frozenset({"company.create", "company.set_capabilities"})


def date_the_past_edition(edition: Edition, *, seed: int, desk: Any) -> None:
    """Move every timestamp of `edition`, built today, to the calendar above; the confirmed
    visitors present on a visit's day are checked in at its meeting point by `desk`. Call
    inside the demo's transaction, once the edition is built and closed."""
    rng = random.Random(seed)  # noqa: S311  # demo data, not security
    calendar = _Calendar(edition, rng)
    edition_created = calendar.at(SET_UP, dt.time(10))
    Edition.objects.filter(pk=edition.pk).update(created_at=edition_created)
    _date_registrations(edition, calendar)
    _date_requests_and_meetings(edition, calendar)
    published = _date_the_schedule(edition, calendar)
    _date_visits(edition, calendar, published=published, desk=desk)
    Badge.objects.filter(participant__edition=edition).update(
        issued_at=calendar.at(BADGES, dt.time(16))
    )
    _date_outcomes(edition, calendar)
    _date_audit(edition, calendar, created=edition_created, published=published)


class _Calendar:
    """Moments of the edition's calendar, in its time zone."""

    def __init__(self, edition: Edition, rng: random.Random) -> None:
        self.edition, self.rng = edition, rng

    def at(self, days: int, time: dt.time) -> dt.datetime:
        edition = self.edition
        day = (edition.end_date if days > 0 else edition.start_date) + dt.timedelta(days=days)
        return dt.datetime.combine(day, time, tzinfo=edition.tzinfo)

    def spread(self, count: int, first: int, last: int) -> list[dt.datetime]:
        """`count` moments in office hours of the weekdays from day `first` to `last`, in
        order, about evenly spread."""
        start = self.edition.start_date
        days = [
            start + dt.timedelta(days=n)
            for n in range(first, last + 1)
            if (start + dt.timedelta(days=n)).weekday() < 5
        ]
        moments = [
            self._office_time(days[index * len(days) // max(count, 1)]) for index in range(count)
        ]
        return sorted(moments)

    def later(self, moment: dt.datetime, least: dt.timedelta, most: dt.timedelta) -> dt.datetime:
        """A moment from `least` to `most` after `moment`; out of office hours, the next
        morning's instead."""
        seconds = self.rng.uniform(least.total_seconds(), most.total_seconds())
        later = (moment + dt.timedelta(seconds=int(seconds))).astimezone(self.edition.tzinfo)
        opens, closes = OFFICE_HOURS
        if later.time() >= closes:
            later += dt.timedelta(days=1)
        if not opens <= later.time() < closes:
            morning = dt.datetime.combine(later.date(), opens, tzinfo=self.edition.tzinfo)
            later = morning + dt.timedelta(seconds=self.rng.randrange(2 * 3600))
        return later

    def _office_time(self, day: dt.date) -> dt.datetime:
        opens, closes = (dt.datetime.combine(day, t) for t in OFFICE_HOURS)
        seconds = self.rng.randrange(int((closes - opens).total_seconds()))
        return (opens + dt.timedelta(seconds=seconds)).replace(tzinfo=self.edition.tzinfo)


def _date_registrations(edition: Edition, calendar: _Calendar) -> None:
    """Registrations in the order they were made, each validated within days; the accounts
    joined and the directory's organisations were made at the first registration."""
    people = list(Participant.objects.filter(edition=edition).order_by("pk"))
    least, most = (dt.timedelta(days=d) for d in VALIDATED_WITHIN_DAYS)
    for person, registered in zip(people, calendar.spread(len(people), *REGISTRATION), strict=True):
        person.created_at = registered
        if person.validated_at is not None:
            person.validated_at = calendar.later(registered, least, most)
    Participant.objects.bulk_update(people, ["created_at", "validated_at"])
    joined = {person.user_id: person.created_at for person in people}
    users = list(User.objects.filter(pk__in=joined))
    for user in users:
        user.date_joined = min(user.date_joined, joined[user.pk])
    User.objects.bulk_update(users, ["date_joined"])
    first_known = (
        Participant.objects.filter(edition=edition, company__organisation__isnull=False)
        .values("company__organisation")
        .annotate(first=Min("created_at"))
    )
    for row in first_known:
        Organisation.objects.filter(
            pk=row["company__organisation"], created_at__gt=row["first"]
        ).update(created_at=row["first"])


def _date_requests_and_meetings(edition: Edition, calendar: _Calendar) -> None:
    """Requests sent in the order they were made, answered within days and before they
    expired; each meeting dates from its request's acceptance."""
    expiry = dt.timedelta(days=edition.request_expiry_days)
    requests = list(MeetingRequest.objects.filter(edition=edition).order_by("pk"))
    sent = calendar.spread(len(requests), *REQUESTS)
    for meeting_request, moment in zip(requests, sent, strict=True):
        meeting_request.created_at = moment
        meeting_request.expires_at = moment + expiry
        if meeting_request.answered_at is not None:
            answered = calendar.later(moment, *ANSWERED_WITHIN)
            meeting_request.answered_at = min(answered, meeting_request.expires_at)
    MeetingRequest.objects.bulk_update(requests, ["created_at", "expires_at", "answered_at"])
    accepted = {r.pk: r.answered_at for r in requests if r.status == RequestStatus.ACCEPTED}
    meetings = list(Meeting.objects.filter(edition=edition, request__isnull=False))
    for meeting in meetings:
        meeting.created_at = accepted[meeting.request_id]
    Meeting.objects.bulk_update(meetings, ["created_at"])


def _date_the_schedule(edition: Edition, calendar: _Calendar) -> dt.datetime:
    """The run a week or so before, its publication the day after; each meeting last changed
    then, or when it was marked a no-show. Returns the moment of publication."""
    asked = calendar.at(SCHEDULE_RUN, dt.time(10))
    for run in ScheduleRun.objects.filter(edition=edition):
        took = (run.finished_at or run.started_at or asked) - (run.started_at or asked)
        started = asked + dt.timedelta(seconds=2)
        ScheduleRun.objects.filter(pk=run.pk).update(
            created_at=asked,
            started_at=started,
            finished_at=started + took,
            heartbeat_at=started + took,
        )
    published = calendar.at(PUBLISHED, dt.time(11))
    PublishedSchedule.objects.filter(edition=edition).update(published_at=published)
    meetings = Meeting.objects.filter(edition=edition)
    meetings.exclude(status=MeetingStatus.NO_SHOW).update(updated_at=published)
    for meeting in meetings.filter(status=MeetingStatus.NO_SHOW).select_related("slot"):
        Meeting.objects.filter(pk=meeting.pk).update(updated_at=meeting.slot.start + NO_SHOW_AFTER)
    return published


def _date_visits(
    edition: Edition, calendar: _Calendar, *, published: dt.datetime, desk: Any
) -> None:
    """Bookings made between the publication and two days before, in their order (the
    waiting lists' included); the confirmed visitors who came that day checked in at the
    meeting point in the minutes before the visit."""
    bookings = list(
        Booking.objects.filter(session__zone__edition=edition)
        .select_related("session")
        .order_by("pk")
    )
    came = _entrance_days(edition)
    first = (published.date() - edition.start_date).days + 1
    for booking, moment in zip(
        bookings, calendar.spread(len(bookings), first, BOOKINGS_UNTIL), strict=True
    ):
        booking.created_at = moment
        day = booking.session.start.astimezone(edition.tzinfo).date()
        if booking.status == BookingStatus.CONFIRMED and (booking.participant_id, day) in came:
            before = dt.timedelta(minutes=1 + booking.pk % VISIT_ARRIVAL_MINUTES)
            booking.checked_in_at = booking.session.start - before
            booking.checked_in_by = desk
    Booking.objects.bulk_update(bookings, ["created_at", "checked_in_at", "checked_in_by"])


def _entrance_days(edition: Edition) -> set[tuple[int, dt.date]]:
    """(participant pk, local day) of each check-in at the entrance."""
    return {
        (participant, moment.astimezone(edition.tzinfo).date())
        for participant, moment in CheckIn.objects.filter(
            edition=edition, room__isnull=True
        ).values_list("participant_id", "checked_in_at")
    }


def _date_outcomes(edition: Edition, calendar: _Calendar) -> None:
    """Each side answered after its meeting's day was over, within OUTCOMES_WITHIN."""
    outcomes = list(
        Outcome.objects.filter(meeting__edition=edition).select_related("meeting__slot")
    )
    for outcome in outcomes:
        local = outcome.meeting.slot.start.astimezone(edition.tzinfo)
        evening = dt.datetime.combine(local.date(), OFFICE_HOURS[1], tzinfo=edition.tzinfo)
        outcome.answered_at = calendar.later(evening, dt.timedelta(minutes=5), OUTCOMES_WITHIN)
    Outcome.objects.bulk_update(outcomes, ["answered_at"])


def _date_audit(
    edition: Edition, calendar: _Calendar, *, created: dt.datetime, published: dt.datetime
) -> None:
    """Each audit entry of the edition at the time of what it records; a company's entries
    (created, capabilities) with its first person's registration, which they precede."""
    moments = _audit_moments(edition, calendar, created=created, published=published)
    entries = list(AuditEntry.objects.filter(edition=edition).order_by("-pk"))
    following: dt.datetime | None = None
    for entry in entries:  # from the last: a company's entries take the next person's time
        moment = moments(entry)
        if moment is None and entry.action in REGISTERED_WITH_THE_COMPANY:
            moment = following
        if moment is not None:
            entry.created_at = following = moment
    for entry in entries:
        if entry.action == "schedule.publish":
            # Its object is named by the publication's date.
            entry.object_repr = str(PublishedSchedule.objects.filter(edition=edition).latest("pk"))
    AuditEntry.objects.bulk_update(entries, ["created_at", "object_repr"])


def _audit_moments(
    edition: Edition, calendar: _Calendar, *, created: dt.datetime, published: dt.datetime
) -> Any:
    """A function giving an audit entry (taken from the last) its moment, or None."""
    run = ScheduleRun.objects.filter(edition=edition).order_by("pk").first()
    visits_set_up = calendar.at(VISITS_SET_UP, dt.time(10))
    once = {
        **dict.fromkeys(("edition.create", "room.create", "table.bulk_create"), created),
        "grid.generate": created,
        **dict.fromkeys(("visits.zone_create", "visits.session_create"), visits_set_up),
        "schedule.run": run.created_at if run else None,
        "schedule.apply": run.finished_at if run else None,
        "schedule.publish": published,
        "checkin.badges_issued": calendar.at(BADGES, dt.time(16)),
    }
    closed = calendar.at(CLOSED, dt.time(10))
    # Entries of these actions name their objects in the objects' order; taken from the last.
    queues = {
        **_object_queues(edition),
        "protocol.update": [created, closed],
        "edition.update": [published, closed],
    }
    by_name = _moments_by_name(edition)

    def moment(entry: AuditEntry) -> dt.datetime | None:
        if entry.action in once:
            return once[entry.action]
        if entry.action in queues:
            return queues[entry.action].pop() if queues[entry.action] else None
        key = (entry.data.get("meeting"), entry.data.get("participant"))
        return by_name.get((entry.action, entry.object_repr)) or by_name.get((entry.action, key))

    return moment


def _object_queues(edition: Edition) -> dict[str, list[dt.datetime]]:
    requests = MeetingRequest.objects.filter(edition=edition).order_by("pk")
    return {
        "participant.add": _moments(
            Participant.objects.filter(edition=edition).order_by("pk"), "created_at"
        ),
        "meeting_request.create": _moments(requests, "created_at"),
        "meeting_request.accept": _moments(
            requests.filter(status=RequestStatus.ACCEPTED), "answered_at"
        ),
        "meeting_request.decline": _moments(
            requests.filter(status=RequestStatus.DECLINED), "answered_at"
        ),
        "checkin.check_in": _moments(
            CheckIn.objects.filter(edition=edition).order_by("pk"), "checked_in_at"
        ),
    }


def _moments(rows: QuerySet[Any], field: str) -> list[dt.datetime]:
    return list(rows.values_list(field, flat=True))


def _moments_by_name(edition: Edition) -> dict[tuple[str, Any], dt.datetime]:
    """The moments of the entries found by what they name: an expired request (they expired
    in no set order), a no-show's meeting, an outcome's meeting and side."""
    found: dict[tuple[str, Any], dt.datetime] = {}
    expired = MeetingRequest.objects.filter(
        edition=edition, status=RequestStatus.EXPIRED
    ).select_related(
        "requester__user", "requester__company", "recipient__user", "recipient__company"
    )
    for meeting_request in expired:
        found["meeting_request.expire", str(meeting_request)] = meeting_request.expires_at
    for pk, changed in Meeting.objects.filter(
        edition=edition, status=MeetingStatus.NO_SHOW
    ).values_list("pk", "updated_at"):
        found["schedule.no_show", (pk, None)] = changed
    for meeting, side, answered in Outcome.objects.filter(meeting__edition=edition).values_list(
        "meeting_id", "participant_id", "answered_at"
    ):
        found["outcome.recorded", (meeting, side)] = answered
    return found
