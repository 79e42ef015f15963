"""Wishes mode: participants rank zones, a scheduling run places them with the meetings, and
publishing the schedule books the seats it gave.

Ranking closes at the organiser's deadline or when a scheduling run takes the wishes; the
organiser may reopen it. Booking a placed wish locks the session and counts its seats again,
as first-come-first-served booking does, so seats are never overbooked.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.core.services import log_action
from paddock.events.models import Edition
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from paddock.visits.enums import LIVE_BOOKING_STATUSES, BookingStatus, VisitStatus
from paddock.visits.models import Booking, VisitSession, VisitSettings, VisitWish, Zone
from paddock.visits.queries import (
    entrance_days,
    health_pass_required,
    wishes_mode,
    wishes_open,
)
from paddock.visits.services import VisitError, check_conditions, role_allowed


def zone_field(zone: Zone) -> str:
    """The form field of a zone's rank, named by the errors about that zone."""
    return f"zone_{zone.pk}"


def _check_wish(zone: Zone, participant: Participant, days: set[Any]) -> None:
    """The zone's conditions, as booking enforces them: roles, an open session, and for a
    health pass the entrance check passed on the day of one of its sessions."""
    field = zone_field(zone)
    if zone.edition_id != participant.edition_id:
        raise VisitError(_("This zone is not part of your edition."), code="edition", field=field)
    if not role_allowed(zone, participant.role):
        raise VisitError(
            _("Visits of %(zone)s are not open to participants with the role %(role)s.")
            % {"zone": zone.name, "role": participant.get_role_display().lower()},
            code="role_not_allowed",
            field=field,
        )
    sessions = list(zone.sessions.filter(status=VisitStatus.OPEN))
    if not sessions:
        raise VisitError(
            _("%(zone)s has no visit open.") % {"zone": zone.name}, code="no_session", field=field
        )
    tz = participant.edition.tzinfo
    if health_pass_required(zone) and not {s.start.astimezone(tz).date() for s in sessions} & days:
        raise VisitError(
            _(
                "Visits of %(zone)s need a health pass checked at the entrance on the day "
                "of the visit: rank it once you have passed the entrance check."
            )
            % {"zone": zone.name},
            code="health_pass_required",
            field=field,
        )


def rank_zones(participant: Participant, *, zones: Sequence[Zone], by: Any) -> list[VisitWish]:
    """Replace the participant's wishes with `zones`, first choice first (an empty list
    withdraws them). Raises VisitError when the edition is not in wishes mode, the wishes are
    closed, the participant is not validated, a zone is named twice, or a zone's conditions
    are not met (the error names that zone's field); nothing changes then."""
    edition = participant.edition
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        participant.edition = edition
        if not wishes_mode(edition):
            raise VisitError(
                _("Visits of this edition are booked first come, first served."),
                code="not_wishes_mode",
            )
        if not wishes_open(edition, timezone.now()):
            raise VisitError(
                _("Wishes are closed: the organisers are placing the visits."),
                code="wishes_closed",
            )
        if participant.status != ParticipantStatus.VALIDATED:
            raise VisitError(
                _("Your registration must be validated before you rank the zones."),
                code="not_validated",
            )
        days = entrance_days(edition).get(participant.pk, set())
        seen: set[int] = set()
        for zone in zones:
            if zone.pk in seen:
                raise VisitError(
                    _("%(zone)s is ranked twice.") % {"zone": zone.name},
                    code="twice",
                    field=zone_field(zone),
                )
            seen.add(zone.pk)
            _check_wish(zone, participant, days)
        participant.visit_wishes.all().delete()
        wishes = VisitWish.objects.bulk_create(
            VisitWish(participant=participant, zone=zone, rank=rank)
            for rank, zone in enumerate(zones, start=1)
        )
        log_action(
            "visits.wishes", by=by, edition=edition, obj=participant, zones=[z.pk for z in zones]
        )
    return wishes


@transaction.atomic
def close_wishes(edition: Edition, *, by: Any) -> bool:
    """A scheduling run takes the wishes: nobody may change them until the organiser reopens
    them. Returns whether they were open (False outside wishes mode)."""
    if not wishes_mode(edition):
        return False
    found, _created = VisitSettings.objects.select_for_update().get_or_create(edition=edition)
    if found.wishes_closed_at is not None:
        return False
    found.wishes_closed_at = timezone.now()
    found.save(update_fields=["wishes_closed_at"])
    log_action("visits.wishes_closed", by=by, edition=edition, obj=found)
    return True


def book_placed_wishes(
    edition: Edition, *, placements: Iterable[tuple[int, int]], by: Any
) -> tuple[list[Booking], list[tuple[VisitWish, str]]]:
    """Book the seats a scheduling run gave: (wish pk, session pk) pairs. A seat already held
    is kept as it is; a placement that no longer fits (session cancelled or full, conditions
    no longer met) is refused with the reason, and its wish stays without a seat. Locks the
    sessions at once, in time order as every other writer of several sessions does
    (`update_zone`, `trim_sessions`), then counts each one's seats again: locked in the wishes'
    order, a publication and a zone's edit deadlocked on PostgreSQL (issue 16). Call it inside
    the publication's transaction."""
    placements = sorted(placements)
    sessions = VisitSession.objects.select_for_update(of=("self",)).order_by("start", "pk")
    list(sessions.filter(pk__in={s for _w, s in placements}).values_list("pk"))
    wishes = VisitWish.objects.filter(
        pk__in=[w for w, _s in placements], zone__edition=edition
    ).select_related("participant__user", "participant__edition", "zone")
    by_pk = {wish.pk: wish for wish in wishes}
    booked: list[Booking] = []
    refused: list[tuple[VisitWish, str]] = []
    for wish_pk, session_pk in placements:
        wish = by_pk.get(wish_pk)
        if wish is None:
            continue  # withdrawn since the run: nothing to book
        try:
            booking = _book_wish(wish, session_pk, by=by)
        except VisitError as error:
            refused.append((wish, error.message))
        else:
            if booking is not None:
                booked.append(booking)
    return booked, refused


def _book_wish(wish: VisitWish, session_pk: int, *, by: Any) -> Booking | None:
    session = (
        VisitSession.objects.select_for_update(of=("self",))
        .select_related("zone__edition")
        .filter(pk=session_pk, zone=wish.zone_id)
        .first()
    )
    if session is None or session.status != VisitStatus.OPEN:
        raise VisitError(_("This visit is cancelled."), code="cancelled")
    participant = wish.participant
    if participant.status != ParticipantStatus.VALIDATED:
        # Put back to registered since the run (validation withdrawn): as `book_visit`, no
        # seat for someone not validated.
        raise VisitError(
            _("%(name)s is no longer validated.") % {"name": participant.name_for_organisers()},
            code="not_validated",
        )
    live = session.bookings.filter(participant=participant, status__in=LIVE_BOOKING_STATUSES)
    if live.filter(status=BookingStatus.CONFIRMED).exists():
        return None
    if session.bookings.filter(status=BookingStatus.CONFIRMED).count() >= session.seats:
        raise VisitError(_("This visit is full."), code="full")
    check_conditions(session, participant)
    live.update(status=BookingStatus.CANCELLED, cancelled_at=timezone.now())  # a waiting place
    booking = Booking.objects.create(
        session=session, participant=participant, status=BookingStatus.CONFIRMED
    )
    log_action("visits.book_wish", by=by, edition=session.zone.edition, obj=booking, wish=wish.pk)
    return booking
