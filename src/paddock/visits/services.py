"""Every write about zones, visit sessions and bookings.

Booking locks the session's row (`select_for_update`) and counts again before it writes, so
that seats are never overbooked, however many people book at once. Each person booked or
waiting is told by mail, in their language, when their visit is cancelled or their seat
comes free.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from paddock.checkin.queries import passed_entrance_on
from paddock.checkin.services import locked_participant
from paddock.core.exceptions import DomainError
from paddock.core.services import lock_row, log_action, set_changed
from paddock.events.models import Edition
from paddock.events.rules import is_zone_host
from paddock.participants.enums import ParticipantRole, ParticipantStatus
from paddock.participants.models import Participant
from paddock.visits import emails
from paddock.visits.enums import LIVE_BOOKING_STATUSES, BookingStatus, VisitStatus
from paddock.visits.models import Booking, VisitSession, VisitSettings, Zone
from paddock.visits.queries import (
    health_pass_required,
    overlapping_meeting,
    overlapping_visit,
    sessions_over_seats,
    settings_of,
    visits_allowed,
    wishes_mode,
)


class VisitError(DomainError):
    code = "visit_error"


# Status changes of a booking: action -> (statuses it may start from, status it ends in).
TRANSITIONS: dict[str, tuple[frozenset[str], BookingStatus]] = {
    "promote": (frozenset({BookingStatus.WAITING}), BookingStatus.CONFIRMED),
    "cancel": (frozenset(LIVE_BOOKING_STATUSES), BookingStatus.CANCELLED),
    "demote": (frozenset({BookingStatus.CONFIRMED}), BookingStatus.WAITING),
}


# Moves between a seat and the waiting list: the seat's calendar event changes (the feed shows
# a seat moved back to the waiting list as cancelled), so its revision goes up.
REVISING = frozenset({"promote", "demote"})


def _set_status(booking: Booking, action: str) -> None:
    sources, target = TRANSITIONS[action]
    if booking.status not in sources:
        raise VisitError(_("This booking is already cancelled."), code="wrong_status")
    booking.status = target
    if action in REVISING:
        booking.sequence += 1


def _locked_session(session: VisitSession) -> VisitSession:
    """The session's row locked until the end of the transaction, with its fresh values."""
    return (
        VisitSession.objects.select_for_update(of=("self",))
        .select_related("zone__edition")
        .get(pk=session.pk)
    )


# Zones -----------------------------------------------------------------------------------


def _check_zone(zone: Zone) -> None:
    if zone.host_company is not None and zone.host_company.edition_id != zone.edition_id:
        raise VisitError(
            _("The host company must take part in this edition."),
            code="host_outside",
            field="host_company",
        )
    unknown = sorted(set(zone.allowed_roles) - set(ParticipantRole.values))
    if not zone.allowed_roles or unknown:
        raise VisitError(
            _("Choose at least one participant role that may book."),
            code="no_role",
            field="allowed_roles",
        )


@transaction.atomic
def create_zone(edition: Edition, *, by: Any, **fields: Any) -> Zone:
    zone = Zone(edition=edition, **fields)
    _check_zone(zone)
    zone.full_clean()
    zone.save()
    log_action("visits.zone_create", by=by, edition=edition, obj=zone)
    return zone


@transaction.atomic
def update_zone(zone: Zone, *, by: Any, **fields: Any) -> Zone:
    """Locks the zone, then writes the fields that differ from `zone` as the caller read it,
    and those only (`set_changed`): a save of every field wrote back, over another organiser's
    concurrent change, the values read before. A smaller group size lowers the seats of the
    zone's open sessions to it (their rows locked after the zone's); people already booked keep
    their seats until the organiser confirms the protocol review (`trim_sessions`). Raises
    VisitError or ValidationError per field, VisitError(code="zone_gone") for a zone deleted
    meanwhile (its save inserted it again)."""
    if not lock_row(zone):
        raise VisitError(
            _("The zone %(zone)s was deleted meanwhile.") % {"zone": zone.name}, code="zone_gone"
        )
    changed = set_changed(zone, read=zone, **fields)
    _check_zone(zone)
    zone.full_clean()
    zone.save(update_fields=changed)
    lowered: list[int] = []
    if "group_size" in changed:
        # Locked in time order, as every writer of several sessions locks them (said here,
        # not left to the model's default ordering).
        over = VisitSession.objects.select_for_update().filter(
            zone=zone, status=VisitStatus.OPEN, seats__gt=zone.group_size
        )
        lowered = list(over.order_by("start", "pk").values_list("pk", flat=True))
        VisitSession.objects.filter(pk__in=lowered).update(seats=zone.group_size)
        lowered.sort()
    log_action(
        "visits.zone_update",
        by=by,
        edition=zone.edition,
        obj=zone,
        fields=sorted(changed),
        seats_lowered=lowered,
    )
    return zone


@transaction.atomic
def delete_zone(zone: Zone, *, by: Any) -> None:
    """Raises VisitError while people are booked or waiting for one of its sessions. Locks the
    zone's sessions first, in time order as every writer of several sessions does: deleted in
    the order the database read them, they deadlocked with a publication booking them."""
    list(VisitSession.objects.select_for_update().filter(zone=zone).order_by("start", "pk"))
    live = Booking.objects.filter(session__zone=zone, status__in=LIVE_BOOKING_STATUSES).count()
    if live:
        raise VisitError(
            ngettext(
                "%(count)s person is booked or waiting for a visit of this zone: cancel its "
                "sessions first.",
                "%(count)s people are booked or waiting for visits of this zone: cancel its "
                "sessions first.",
                live,
            )
            % {"count": live},
            code="zone_has_bookings",
        )
    log_action("visits.zone_delete", by=by, edition=zone.edition, obj=zone)
    zone.delete()


# Sessions --------------------------------------------------------------------------------


def _check_session(session: VisitSession) -> None:
    zone, edition = session.zone, session.zone.edition
    if session.start is None or session.end is None:
        return  # full_clean names the missing field
    if session.end <= session.start:
        raise VisitError(_("The visit must end after it starts."), code="order", field="end")
    days = {session.start.astimezone(edition.tzinfo).date()}
    days.add(session.end.astimezone(edition.tzinfo).date())
    if not days <= set(edition.days):
        raise VisitError(
            _("The visit must take place on the edition's days."), code="day", field="start"
        )
    if session.seats is not None and session.seats > zone.group_size:
        raise VisitError(
            _("At most %(size)s seats: the zone's group size.") % {"size": zone.group_size},
            code="seats_over_group",
            field="seats",
        )
    if session.guide_id is not None and not is_zone_host(session.guide, edition):
        raise VisitError(
            _("The guide must be a zone host of this edition."), code="guide", field="guide"
        )


@transaction.atomic
def create_session(zone: Zone, *, by: Any, **fields: Any) -> VisitSession:
    session = VisitSession(zone=zone, **fields)
    _check_session(session)
    session.full_clean()
    session.save()
    log_action("visits.session_create", by=by, edition=zone.edition, obj=session)
    return session


@transaction.atomic
def update_session(session: VisitSession, *, by: Any, **fields: Any) -> VisitSession:
    """Locks the session, then writes the fields that differ from `session` as the caller read
    it, and those only, onto the row as it is now: a save of every field wrote back the seats
    read before, over a smaller group's lowering (`update_zone`), checked against the zone as
    read. Raises VisitError(field="seats") below the people already booked, and
    VisitError(field="start") for new times while people are booked or waiting."""
    read = session
    wanted = {name: value for name, value in fields.items() if getattr(read, name) != value}
    session = _locked_session(read)
    changed = set_changed(session, read=read, **wanted)
    _check_session(session)
    if {"start", "end"} & set(changed):
        _refuse_moving_told_people(session)
        # The seats cancelled since stay in calendars, as cancelled events that move too.
        session.sequence += 1
        changed.append("sequence")
    booked = session.bookings.filter(status=BookingStatus.CONFIRMED).count()
    if session.seats < booked:
        raise VisitError(
            ngettext(
                "%(count)s person is booked: keep at least one seat.",
                "%(count)s people are booked: keep at least that many seats.",
                booked,
            )
            % {"count": booked},
            code="seats_below_booked",
            field="seats",
        )
    session.full_clean()
    session.save(update_fields=changed)
    log_action(
        "visits.session_update",
        by=by,
        edition=session.zone.edition,
        obj=session,
        fields=sorted(changed),
    )
    _promote(session, seats_free=session.seats - booked, by=by)
    return session


def _refuse_moving_told_people(session: VisitSession) -> None:
    """People booked or waiting were told the visit's time, which their agendas, calendar
    feeds and the meetings placed around it hold: as a slot under meetings, a visit with
    people does not move (issue 16). Cancelling it tells them."""
    told = session.bookings.filter(status__in=LIVE_BOOKING_STATUSES).count()
    if told:
        raise VisitError(
            ngettext(
                "%(count)s person is booked or waiting for this visit and was told its time: "
                "to move it, cancel it (they are told) and add another visit.",
                "%(count)s people are booked or waiting for this visit and were told its time: "
                "to move it, cancel it (they are told) and add another visit.",
                told,
            )
            % {"count": told},
            code="visit_told",
            field="start",
        )


@transaction.atomic
def cancel_session(session: VisitSession, *, by: Any, reason: str) -> list[Booking]:
    """Cancel an open session and every live booking of it; each person booked or waiting is
    told, in their language. Returns the bookings cancelled."""
    if not reason.strip():
        raise VisitError(_("Give a reason: the people booked will read it."), field="reason")
    zone = session.zone
    session = _locked_session(session)
    session.zone = zone
    if session.status == VisitStatus.CANCELLED:
        raise VisitError(_("This visit is already cancelled."), code="wrong_status")
    cancelled = _cancel(session, reason=reason)
    log_action(
        "visits.session_cancel", by=by, edition=zone.edition, obj=session, count=len(cancelled)
    )
    for booking in cancelled:
        emails.send_to(booking.participant, "session_cancelled", session=session, reason=reason)
    return cancelled


def _cancel(session: VisitSession, *, reason: str = "", protocol: bool = False) -> list[Booking]:
    now = timezone.now()
    session.status = VisitStatus.CANCELLED
    session.cancel_reason = reason[:300]
    session.cancelled_by_protocol = protocol
    session.cancelled_at = now
    session.save(update_fields=["status", "cancel_reason", "cancelled_by_protocol", "cancelled_at"])
    live = list(
        session.bookings.filter(status__in=LIVE_BOOKING_STATUSES).select_related(
            "participant__user", "participant__edition"
        )
    )
    for booking in live:
        _set_status(booking, "cancel")
        booking.cancelled_at = now
    Booking.objects.bulk_update(live, ["status", "cancelled_at"])
    return live


@dataclass(frozen=True)
class AllVisitsCancelled:
    """What turning visits off did: the sessions cancelled and how many people were told."""

    sessions: list[VisitSession]
    people_told: int


@transaction.atomic
def cancel_all_sessions(edition: Edition, *, by: Any) -> AllVisitsCancelled:
    """The protocol turned visits off: cancel every open session of the edition. Each person
    booked or waiting is told once, with all their visits cancelled. Nobody is re-booked when
    visits come back on."""
    sessions = list(
        VisitSession.objects.select_for_update(of=("self",))
        .filter(zone__edition=edition, status=VisitStatus.OPEN)
        .select_related("zone")
        .order_by("start", "pk")
    )
    told: dict[int, tuple[Participant, list[VisitSession]]] = {}
    for session in sessions:
        for booking in _cancel(session, protocol=True):
            told.setdefault(booking.participant_id, (booking.participant, []))[1].append(session)
    log_action(
        "visits.all_cancelled", by=by, edition=edition, sessions=len(sessions), people=len(told)
    )
    for participant, visits in told.values():
        emails.send_to(participant, "visits_off", sessions=visits)
    return AllVisitsCancelled(sessions=sessions, people_told=len(told))


@transaction.atomic
def update_visit_settings(
    edition: Edition,
    *,
    by: Any,
    reopen_wishes: bool = False,
    read: VisitSettings | None = None,
    **fields: Any,
) -> VisitSettings:
    """Save the booking rules; `reopen_wishes` lets participants change their wishes again
    after a scheduling run took them. Locks the settings' row.

    `read` is the settings as the caller read them (its form's initial values): only the values
    that differ from it are written, so that another organiser's change saved meanwhile stays;
    without it, every value given is. Raises ValidationError (per field) when invalid."""
    if read is not None:
        fields = {name: value for name, value in fields.items() if getattr(read, name) != value}
    found, _created = VisitSettings.objects.select_for_update().get_or_create(edition=edition)
    changed = set_changed(found, read=read or found, **fields)
    if reopen_wishes and found.wishes_closed_at is not None:
        found.wishes_closed_at = None
        changed.append("wishes_closed_at")
    found.full_clean()
    found.save(update_fields=changed)
    logged = {k: v if isinstance(v, int | str) else str(v) for k, v in fields.items()}
    log_action("visits.settings", by=by, edition=edition, obj=found, **logged)
    return found


@transaction.atomic
def trim_sessions(edition: Edition, *, by: Any) -> list[Booking]:
    """The organiser confirmed a smaller group size: in every open session with more people
    booked than seats, the latest bookings go back to the head of the waiting list, in their
    order of booking, and each person is told. First come, first served: the last to book
    lose their seat, and get the next one that frees. Locks the sessions. Returns the
    bookings moved."""
    pks = list(sessions_over_seats(edition).values_list("pk", flat=True))
    # Locked without the counts (no FOR UPDATE with GROUP BY); _trim counts again under it.
    locked = VisitSession.objects.select_for_update(of=("self",)).filter(pk__in=pks)
    moved: list[Booking] = []
    for session in locked.select_related("zone__edition").order_by("start", "pk"):
        moved += _trim(session, by=by)
    return moved


def _trim(session: VisitSession, *, by: Any) -> list[Booking]:
    confirmed = list(
        session.bookings.filter(status=BookingStatus.CONFIRMED)
        .select_related("participant__user", "participant__edition")
        .order_by("created_at", "pk")
    )
    over = confirmed[session.seats :]
    waiting = list(session.bookings.filter(status=BookingStatus.WAITING).order_by("position"))
    for booking in over:
        _set_status(booking, "demote")
    for position, booking in enumerate(over + waiting, start=1):
        booking.position = position
    Booking.objects.bulk_update(over + waiting, ["status", "position", "sequence"])
    for booking in over:
        log_action("visits.seat_lost", by=by, edition=session.zone.edition, obj=booking)
        emails.send_to(booking.participant, "seat_lost", session=session)
    return over


# Bookings --------------------------------------------------------------------------------


def role_allowed(zone: Zone, role: str) -> bool:
    allowed = set(zone.allowed_roles)
    if role == ParticipantRole.BOTH:
        return bool(allowed & {ParticipantRole.BUYER, ParticipantRole.SUPPLIER, role})
    return role in allowed


def check_conditions(session: VisitSession, participant: Participant) -> None:
    """The zone's access conditions and the participant's time: raises VisitError."""
    zone, edition = session.zone, session.zone.edition
    if not role_allowed(zone, participant.role):
        raise VisitError(
            _("Visits of %(zone)s are not open to participants with the role %(role)s.")
            % {"zone": zone.name, "role": participant.get_role_display().lower()},
            code="role_not_allowed",
        )
    if health_pass_required(zone) and not passed_entrance_on(participant, session.start):
        raise VisitError(
            _(
                "Visits of %(zone)s need a health pass checked at the entrance on the day "
                "of the visit: book once you have passed the entrance check."
            )
            % {"zone": zone.name},
            code="health_pass_required",
        )
    meeting = overlapping_meeting(session, participant)
    if meeting is not None and meeting.slot is not None:  # placed: it overlaps
        other = meeting.second if meeting.first_id == participant.pk else meeting.first
        raise VisitError(
            _("This visit, travel included, overlaps your meeting with %(name)s at %(time)s.")
            % {
                "name": other.user,
                "time": meeting.slot.start.astimezone(edition.tzinfo).strftime("%H:%M"),
            },
            code="overlaps_meeting",
        )
    visit = overlapping_visit(session, participant)
    if visit is not None:
        raise VisitError(
            _("This visit overlaps your visit of %(zone)s.") % {"zone": visit.session.zone.name},
            code="overlaps_visit",
        )


def book_visit(session: VisitSession, *, participant: Participant, by: Any) -> Booking:
    """A seat for `participant`, or a place at the end of the waiting list when the session is
    full. Raises VisitError when visits are off, the session is cancelled or started, the
    participant is not validated or already booked, or a condition of the zone is not met."""
    with transaction.atomic():
        # The person first, then the session, as a withdrawal does (`release_bookings`): a
        # seat booked while they withdraw would be left to someone not coming.
        participant.status = _locked_status(participant)
        session = _locked_session(session)
        edition = session.zone.edition
        if participant.edition_id != edition.pk:
            raise VisitError(_("This visit is not part of your edition."), code="edition")
        participant.edition = edition
        if not visits_allowed(edition):
            raise VisitError(_("Visits are off under the sanitary protocol."), code="visits_off")
        if wishes_mode(edition):
            raise VisitError(
                _(
                    "Visits of this edition are placed from wishes: rank the zones you would "
                    "like to visit instead of booking."
                ),
                code="wishes_mode",
            )
        if session.status != VisitStatus.OPEN:
            raise VisitError(_("This visit is cancelled."), code="cancelled")
        if session.start <= timezone.now():
            raise VisitError(_("This visit has already started."), code="started")
        if participant.status != ParticipantStatus.VALIDATED:
            raise VisitError(
                _("Your registration must be validated before you book a visit."),
                code="not_validated",
            )
        bookings = session.bookings
        if bookings.filter(participant=participant, status__in=LIVE_BOOKING_STATUSES).exists():
            raise VisitError(
                _("You are already booked or waiting for this visit."), code="already_booked"
            )
        check_conditions(session, participant)
        booked = bookings.filter(status=BookingStatus.CONFIRMED).count()
        booking = Booking(session=session, participant=participant)
        if booked < session.seats:
            booking.status = BookingStatus.CONFIRMED
        else:
            booking.status = BookingStatus.WAITING
            last = bookings.aggregate(Max("position"))["position__max"] or 0
            booking.position = last + 1
        booking.save()
        log_action("visits.book", by=by, edition=edition, obj=booking, status=str(booking.status))
    return booking


def _locked_status(participant: Participant) -> str:
    locked = Participant.objects.select_for_update().filter(pk=participant.pk)
    return str(locked.values_list("status", flat=True).get())


def cancel_booking(booking: Booking, *, by: Any) -> Booking:
    """Give up a seat (until the edition's deadline) or leave the waiting list (any time
    before the visit). A freed seat goes to the first person waiting, who is told."""
    with transaction.atomic():
        session = _locked_session(booking.session)
        return _cancel_booking(session, booking, by=by, deadline=True)


def _cancel_booking(session: VisitSession, booking: Booking, *, by: Any, deadline: bool) -> Booking:
    """`cancel_booking` with the session's lock held; `deadline`: refuse a seat given up
    after the edition's cancellation deadline."""
    edition = session.zone.edition
    booking = Booking.objects.select_related("participant").get(pk=booking.pk)
    was = booking.status
    _set_status(booking, "cancel")
    if was == BookingStatus.CONFIRMED and deadline:
        hours = settings_of(edition).cancellation_deadline_hours
        if timezone.now() > session.start - dt.timedelta(hours=hours):
            raise VisitError(
                _(
                    "Too late to cancel: bookings can be cancelled until %(hours)s hours "
                    "before the visit."
                )
                % {"hours": hours},
                code="deadline",
            )
    booking.cancelled_at = timezone.now()
    booking.position = None if was == BookingStatus.CONFIRMED else booking.position
    booking.save(update_fields=["status", "cancelled_at", "position"])
    log_action("visits.cancel_booking", by=by, edition=edition, obj=booking, was=str(was))
    if was == BookingStatus.CONFIRMED and session.status == VisitStatus.OPEN:
        # Counted: a session over its seats (a smaller group size) frees none.
        booked = session.bookings.filter(status=BookingStatus.CONFIRMED).count()
        _promote(session, seats_free=session.seats - booked, by=by)
    return booking


def release_bookings(participant: Participant, *, by: Any) -> list[Booking]:
    """Give back the seats and waiting places of a participant who withdraws, in the visits
    that have not begun, whatever the cancellation deadline (a seat of someone not coming
    helps nobody); each freed seat goes to the first person waiting, who is told. Visits
    begun stay as they are. Their visit wishes go too: kept, the publication booked the seat
    a run had placed them in (`book_placed_wishes`). Returns the cancelled bookings.

    The caller holds the participant's row lock in its transaction, so no booking of theirs
    starts meanwhile (`book_visit` locks the person first); then each session is locked, in
    time order (start, then id) as every writer of several sessions locks them: in id order,
    it deadlocked with a zone's edit (`update_zone`) on PostgreSQL.
    """
    live = (
        Booking.objects.filter(participant=participant, status__in=LIVE_BOOKING_STATUSES)
        .filter(session__start__gt=timezone.now())
        .select_related("session")
        .order_by("session__start", "session_id", "pk")
    )
    participant.visit_wishes.all().delete()  # under the person's lock, as `rank_zones` writes
    released = []
    for booking in live:
        session = _locked_session(booking.session)
        still_live = Booking.objects.filter(pk=booking.pk, status__in=LIVE_BOOKING_STATUSES)
        if session.start > timezone.now() and still_live.exists():
            released.append(_cancel_booking(session, booking, by=by, deadline=False))
    return released


def _promote(session: VisitSession, *, seats_free: int, by: Any) -> list[Booking]:
    """Give up to `seats_free` seats to the first people waiting whose time is free; each is
    told. The caller holds the session's lock."""
    promoted: list[Booking] = []
    if seats_free <= 0 or session.status != VisitStatus.OPEN:
        return promoted
    waiting = session.bookings.filter(
        # Someone whose validation ended or who withdrew waits no more (`release_bookings`).
        status=BookingStatus.WAITING,
        participant__status=ParticipantStatus.VALIDATED,
    ).select_related("participant__user", "participant__edition")
    for booking in waiting.order_by("position", "pk"):
        if len(promoted) == seats_free:
            break
        try:
            check_conditions(session, booking.participant)
        except VisitError:
            continue  # their time is taken now: they keep their place in the list
        _set_status(booking, "promote")
        booking.position = None
        booking.save(update_fields=["status", "position", "sequence"])
        log_action("visits.promote", by=by, edition=session.zone.edition, obj=booking)
        emails.send_to(booking.participant, "seat_freed", session=session)
        promoted.append(booking)
    return promoted


# Zone check-in ---------------------------------------------------------------------------


def check_in_visitor(
    session: VisitSession,
    *,
    by: Any,
    code: str | None = None,
    participant: Participant | None = None,
) -> Booking:
    """Check a participant in at the visit's meeting point, found by badge code or given, as
    the desk does. Raises CheckInError for an unknown badge, VisitError for someone not
    booked (or only waiting), already checked in, or, when a health pass is required, not
    checked in at the entrance with one that day.

    Locks the person, then the session, as a booking and a withdrawal do (`book_visit`,
    `release_bookings`): the other way round, a check-in and a withdrawal of the same person
    deadlocked on PostgreSQL."""
    edition = session.zone.edition  # the person is found in it before the session is locked
    with transaction.atomic():
        person = locked_participant(edition, code=code, participant=participant)
        session = _locked_session(session)
        zone = session.zone
        booking = (
            session.bookings.filter(participant=person, status__in=LIVE_BOOKING_STATUSES)
            .select_related("participant__user")
            .first()
        )
        names = {"name": person.user}
        if booking is None and participant is not None:
            # Chosen by id, which the form lets anyone change: naming them would let a zone
            # host read every participant's name; a badge shown is its holder's.
            raise VisitError(_("This person is not booked for this visit."), code="not_booked")
        if booking is None:
            raise VisitError(_("%(name)s is not booked for this visit.") % names, code="not_booked")
        if booking.status == BookingStatus.WAITING:
            raise VisitError(
                _("%(name)s is on the waiting list, not booked for this visit.") % names,
                code="waiting",
            )
        if booking.checked_in_at is not None:
            raise VisitError(
                _("%(name)s is already checked in for this visit.") % names,
                code="already_checked_in",
            )
        if health_pass_required(zone) and not passed_entrance_on(person, session.start):
            raise VisitError(
                _(
                    "%(name)s has not been checked in at the entrance with a health pass today: "
                    "send them to the entrance first."
                )
                % names,
                code="entrance_first",
            )
        booking.checked_in_at = timezone.now()
        booking.checked_in_by = by if getattr(by, "is_authenticated", False) else None
        booking.save(update_fields=["checked_in_at", "checked_in_by"])
        log_action("visits.check_in", by=by, edition=edition, obj=booking)
    return booking
