"""Writes about editions and their sanitary protocol."""

import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from paddock.accounts.enums import OutgoingMailKind
from paddock.accounts.outbox import drop_waiting_mail
from paddock.core.services import log_action, set_changed
from paddock.events.exceptions import ProtocolError
from paddock.events.models import PERSONS_PER_MEETING, Edition, EventSeries, SanitaryProtocol
from paddock.events.services.checks import check_field
from paddock.events.services.grid import carry_grid, lock_slots
from paddock.events.services.locking import lock_edition
from paddock.events.services.time_zone import carried_days, carry_visits, keep_local_times
from paddock.events.services.told_times import ToldTimes
from paddock.visits.services import AllVisitsCancelled, cancel_all_sessions


@transaction.atomic
def create_edition(series: EventSeries, *, by: Any, **fields: Any) -> Edition:
    """Create an edition with an empty protocol. The caller checked `can_create_edition`.

    Raises ValidationError (per field) when the edition's fields are invalid."""
    edition = Edition(series=series, **fields)
    edition.full_clean()
    edition.save()
    SanitaryProtocol.objects.create(edition=edition)
    log_action("edition.create", by=by, edition=edition, obj=edition)
    return edition


@transaction.atomic
def update_edition(
    edition: Edition,
    *,
    by: Any,
    read: Edition | None = None,
    keep_told_times: bool | ToldTimes = False,
    **fields: Any,
) -> Edition:
    """Change an edition's settings, and its series' `retention_months` when given; new dates
    carry the time grid, the visits and the wishes deadline along (`carried_days`,
    `carry_grid`, `carry_visits`), and a new time zone keeps the local times of the grid, the
    visits and the wishes deadline (`keep_local_times`; both at once: the carry, from the old
    zone's local times). The places the calendar feeds keep for cancelled events move with
    the grid in both cases (`meetings.feed_services.carry_kept_places`).

    `keep_told_times`: the organiser confirmed that a new time zone alone (the dates kept)
    moves the live meetings and the bookings of visits too, at their local times, and that
    their people are told (`keep_local_times`); without it, such a change is refused. A
    ToldTimes (the settings page's count) confirms those alone: when others would move under
    the locks, the change is refused (`told_times_changed`).

    `read` is the edition as the caller's edit form read it (`edition` itself, for the view):
    a field it changes that someone else saved since is refused (`set_changed`). Without it (a
    program, e.g. publishing), the values are set over the row as saved now: `edition` is read
    again under the edition's lock first.

    Raises ValidationError (per field) when invalid, ChangedMeanwhileError, GridError when the
    grid cannot follow, EditionError when the visits cannot or, without `keep_told_times`,
    people were told times that a new time zone would move."""
    if "retention_months" in fields:
        _set_retention(edition.series, fields.pop("retention_months"), by=by, edition=edition)
    if read is None:
        lock_edition(edition)
        edition.refresh_from_db()
    changed = {name: value for name, value in fields.items() if getattr(edition, name) != value}
    moved = bool({"start_date", "end_date"} & set(changed))
    rezoned = "timezone" in changed
    if moved or rezoned:
        lock_slots(edition)  # the edition, then its slots, as every grid write does
    old_start, old_end, old_zone = edition.start_date, edition.end_date, edition.timezone
    names = set_changed(edition, read=read, **changed)
    edition.full_clean()
    # The changed fields only: the others may have changed since `edition` was read (a
    # publication sets the status meanwhile, and a save waits for it).
    edition.save(update_fields=names)
    if not edition.takes_new_people and "status" in names:
        # Invitations still waiting would ask people into a convention that is over.
        drop_waiting_mail(edition, kind=OutgoingMailKind.INVITATION)
    # The zone whose local times the stored times keep: the old one, until kept in the new.
    read_in = zoneinfo.ZoneInfo(old_zone)
    days = carried_days(edition, old_start=old_start, old_end=old_end, read_in=read_in)
    if rezoned and not days:
        keep_local_times(edition, by=by, old_zone=old_zone, tell=keep_told_times)
        read_in = edition.tzinfo
    if moved:
        # When the days move too, each time goes from its local time in the old zone to the
        # same one in the new zone on its new day in one step: by way of the old day in the
        # new zone (or the new day in the old zone) a time could be refused that exists
        # where it lands (02:30 in Paris on the night the clocks go forward).
        field = "start_date" if edition.start_date != old_start else "end_date"
        slots = carry_grid(edition, by=by, days=days, field=field, read_in=read_in)
        visits = carry_visits(edition, by=by, days=days, field=field, read_in=read_in)
        if rezoned and days:  # as `keep_local_times` records a zone change alone
            log_action(
                "edition.timezone",
                by=by,
                edition=edition,
                obj=edition,
                old=old_zone,
                new=edition.timezone,
                slots=slots,
                visits=visits,
                days=days,
            )
    if moved or rezoned:
        from paddock.meetings.feed_services import carry_kept_places  # meetings sit above events

        carry_kept_places(edition, read_in=zoneinfo.ZoneInfo(old_zone), days=days)
    log_action("edition.update", by=by, edition=edition, obj=edition, fields=sorted(changed))
    return edition


def _set_retention(series: EventSeries, months: int | None, *, by: Any, edition: Edition) -> None:
    if series.retention_months == months:
        return
    series.retention_months = months
    series.full_clean()
    series.save(update_fields=["retention_months"])
    log_action("series.retention", by=by, edition=edition, obj=series, months=months)


@dataclass(frozen=True)
class ProtocolSaved:
    """The protocol as saved and, when the save turned visits off, what that cancelled."""

    protocol: SanitaryProtocol
    visits_cancelled: AllVisitsCancelled | None = None


@transaction.atomic
def update_protocol(
    edition: Edition,
    *,
    by: Any,
    max_persons_per_room: int | None,
    health_pass_required: bool,
    visits_allowed: bool,
    read: SanitaryProtocol | None = None,
) -> ProtocolSaved:
    """Set the edition's sanitary protocol (created if missing) and log old and new values.
    Visits off cancels every session at once (`cancel_all_sessions`), and the result says
    what that did. A stricter cap or the health pass changes no
    meeting here: the protocol review (scheduling) lists the conflicts and proposes a
    re-optimisation that the organiser confirms; check-ins apply the health pass at once.

    `read` is the protocol as the caller read it (its form's initial values): only the values
    that differ from it are written, so that another organiser's change saved meanwhile stays;
    without it, every value is. Locks the edition (`lock_edition`: the grid's moves read the
    cap under it, and wait), then the protocol.

    Raises ProtocolError(field="max_persons_per_room") below two persons (a meeting seats two)
    or above the bound.
    """
    if max_persons_per_room is not None and max_persons_per_room < PERSONS_PER_MEETING:
        raise ProtocolError(
            _("Allow at least %(count)s persons per room: a meeting seats two.")
            % {"count": PERSONS_PER_MEETING},
            code="protocol_cap_too_low",
            field="max_persons_per_room",
        )
    check_field(
        SanitaryProtocol,
        "max_persons_per_room",
        max_persons_per_room,
        error=ProtocolError,
        code="protocol_cap_too_high",
    )
    lock_edition(edition)
    protocol, _created = SanitaryProtocol.objects.select_for_update().get_or_create(edition=edition)
    new = {
        "max_persons_per_room": max_persons_per_room,
        "health_pass_required": health_pass_required,
        "visits_allowed": visits_allowed,
    }
    if read is not None:
        new = {name: value for name, value in new.items() if getattr(read, name) != value}
    changes = {
        name: [getattr(protocol, name), value]
        for name, value in new.items()
        if getattr(protocol, name) != value
    }
    protocol.save(update_fields=set_changed(protocol, read=read or protocol, **new))
    log_action("protocol.update", by=by, edition=edition, obj=protocol, changes=changes)
    if changes.get("visits_allowed") == [True, False]:
        # Visits off: every open session is cancelled and each person told once. Turning
        # them back on re-books nobody: people book again.
        return ProtocolSaved(protocol, visits_cancelled=cancel_all_sessions(edition, by=by))
    return ProtocolSaved(protocol)
