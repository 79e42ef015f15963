"""Reusable reads about editions."""

import datetime as dt
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.core.prepared import Param, Prepared
from paddock.events.edition_warnings import (
    EditionFacts,
    EditionWarning,
    SlotFacts,
    edition_warnings,
)
from paddock.events.enums import EditionRole, EditionStatus
from paddock.events.models import (
    Edition,
    EditionMembership,
    Interpreter,
    Room,
    SanitaryProtocol,
    Session,
    Table,
    TeamInvitation,
    TimeSlot,
)

if TYPE_CHECKING:  # participants depends on events, not the other way round at run time
    from paddock.participants.models import Participant


MANAGING_ROLES = [EditionRole.ORGANISER, EditionRole.STAFF]


def by_local_day(
    rows: QuerySet[Any], lookups: Callable[[dt.date], dict[str, Any]], *, edition: str = ""
) -> QuerySet[Any]:
    """The rows whose edition (`edition`: the path to it, empty for editions themselves)
    matches `lookups(today)`, today being the date where the edition is held, not the
    server's (UTC) around midnight. One condition per time zone in use, a handful at most."""
    path = f"{edition}__" if edition else ""
    zones = rows.order_by().values_list(f"{path}timezone", flat=True).distinct()
    held = Q(pk__in=[])
    for zone in zones:
        today = timezone.localdate(timezone=zoneinfo.ZoneInfo(zone))
        local = {f"{path}{lookup}": value for lookup, value in lookups(today).items()}
        held |= Q(**{f"{path}timezone": zone}, **local)
    return rows.filter(held)


def not_over(rows: QuerySet[Any], *, edition: str = "") -> QuerySet[Any]:
    """The rows whose edition is running or ahead: its last day is today or later where it is
    held, so that an edition in Paris is over at midnight in Paris, not at midnight UTC."""
    return by_local_day(rows, lambda today: {"end_date__gte": today}, edition=edition)


def edition_of_the_day(editions: QuerySet[Edition]) -> Edition | None:
    """The edition held today (where it is held), else the next one, else the latest past
    one."""
    return (
        not_over(editions).order_by("start_date").first() or editions.order_by("-end_date").first()
    )


def current_edition() -> Edition | None:
    """The edition to show on the home page: the next or running one, else the latest past one."""
    published = Edition.objects.exclude(status=EditionStatus.DRAFT).select_related("series")
    return edition_of_the_day(published)


def editions_of(user: Any) -> QuerySet[Edition]:
    """Editions where the person holds a role, organises the series or takes part."""
    return Edition.objects.filter(
        Q(memberships__user=user) | Q(series__organiser__members=user) | Q(participants__user=user)
    ).distinct()


@dataclass(frozen=True)
class ReaderZone:
    """The time zone of a page that belongs to no edition (API tokens, the admin): that of
    `edition`, or the server's when `edition` is None."""

    name: str
    edition: Edition | None

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.name)

    @property
    def note(self) -> str:
        """What the page says of its times, so that no one takes them for their own zone's."""
        if self.edition is None:
            return _("Times are in the %(zone)s time zone, the server’s.") % {"zone": self.name}
        return _("Times are in the %(zone)s time zone, that of %(edition)s.") % {
            "zone": self.name,
            "edition": self.edition.name,
        }


def reader_zone(user: Any) -> ReaderZone:
    """The zone a person reads times in away from an edition: that of their edition of the
    day (held today, else the next, else the latest past), where their meetings and deadlines
    are; the server's `TIME_ZONE` for someone of no edition."""
    edition = edition_of_the_day(editions_of(user)) if user.is_authenticated else None
    if edition is None:
        return ReaderZone(settings.TIME_ZONE, None)
    return ReaderZone(edition.timezone, edition)


def editions_managed_by(user: Any) -> QuerySet[Edition]:
    """Editions whose overview the user may open: as organiser (member of the series'
    organiser, or by role) or staff. Check-in agents reach their editions elsewhere."""
    base = Edition.objects.select_related("series", "series__organiser")
    if user.is_superuser:
        return base
    managing = Q(memberships__user=user, memberships__role__in=MANAGING_ROLES)
    return base.filter(Q(series__organiser__members=user) | managing).distinct()


def rooms_with_table_counts(edition: Edition) -> QuerySet[Room]:
    return edition.rooms.annotate(table_count=Count("tables"))


def slots_overlapping(
    edition: Edition, start: dt.datetime, end: dt.datetime, *, exclude_pk: int | None = None
) -> QuerySet[TimeSlot]:
    overlapping = edition.slots.filter(start__lt=end, end__gt=start)
    if exclude_pk is not None:
        overlapping = overlapping.exclude(pk=exclude_pk)
    return overlapping


# Read up to four times by a check-in scan (issue 16): compiled once (paddock.core.prepared).
PROTOCOL = Prepared(
    lambda: SanitaryProtocol.objects.filter(edition=Param("edition", models.BigIntegerField()))
)


def protocol_of(edition: Edition) -> SanitaryProtocol | None:
    """The edition's protocol, or None for an edition made before protocols existed."""
    return PROTOCOL.first(edition=edition.pk)


# The check-in desk's places, at every scan: compiled once (paddock.core.prepared).
_ROOMS = Prepared(
    lambda: Room.objects.filter(edition=Param("edition", models.BigIntegerField())).order_by("name")
)


def rooms_of(edition: Edition) -> list[Room]:
    """The edition's rooms by name."""
    return _ROOMS.all(edition=edition.pk)


_UNKNOWN: Any = object()


def rooms_with_meeting_caps(edition: Edition, protocol: Any = _UNKNOWN) -> list[Room]:
    """Rooms with `table_count` and `meeting_cap_now` under the protocol (the edition's own,
    read here unless given): two queries, or one."""
    if protocol is _UNKNOWN:
        protocol = protocol_of(edition)
    rooms = list(rooms_with_table_counts(edition))
    for room in rooms:
        room.meeting_cap_now = room.meeting_cap(room.table_count, protocol)  # type: ignore[attr-defined]
    return rooms


def tables_of(room: Room) -> QuerySet[Table]:
    return room.tables.select_related("home_participant__user", "home_participant__company")


def participants_for_home_tables(edition: Edition) -> QuerySet["Participant"]:
    """Those who registered: an invitation not yet accepted gives no table, nor shows the
    account (statuses spelt out, since events sits below participants)."""
    registered = edition.participants.filter(status__in=["registered", "validated"])
    return registered.select_related("user", "company").order_by(
        "company__name", "user__last_name", "user__first_name"
    )


def sessions_with_slots(edition: Edition) -> QuerySet[Session]:
    return edition.sessions.prefetch_related(
        Prefetch("slots", queryset=TimeSlot.objects.order_by("start"))
    )


def next_slot_times(session: Session) -> tuple[dt.datetime, dt.datetime] | None:
    """A suggestion for a new slot: right after the session's last one, of the same length."""
    last = session.slots.order_by("-start").first()
    if last is None:
        return None
    return last.end, last.end + (last.end - last.start)


def team_of(edition: Edition) -> QuerySet[EditionMembership]:
    """The edition's roles held by membership (staff, check-in agents), by address."""
    return edition.memberships.select_related("user").order_by("user__email", "role")


def team_invitations_of(edition: Edition) -> QuerySet[TeamInvitation]:
    """The roles offered and not accepted yet (pending or declined), by the address typed;
    nothing of the invited account is read, so that organisers learn nothing of it."""
    return edition.team_invitations.order_by("email")


def warnings_for(edition: Edition) -> list[EditionWarning]:
    """What looks wrong with the edition today, in its own time zone (edition_warnings)."""
    tz = edition.tzinfo
    facts = EditionFacts(edition.status, edition.end_date, edition.registration_open)
    slots = [
        SlotFacts(
            f"{slot.session} {slot.start.astimezone(tz):%H:%M}–{slot.end.astimezone(tz):%H:%M}",
            slot.start.astimezone(tz),
            slot.end.astimezone(tz),
        )
        for slot in edition.slots.select_related("session").order_by("start")
    ]
    return edition_warnings(facts, slots, today=timezone.localdate(timezone=tz))


def interpreter_for(edition: Edition, pk: int) -> Interpreter:
    """An interpreter of `edition`, or 404."""
    interpreter = get_object_or_404(Interpreter, edition=edition, pk=pk)
    interpreter.edition = edition
    return interpreter
