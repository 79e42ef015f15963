"""Who is present where: each participant is where their latest check-in of the day (the
edition's local day) put them; someone who came yesterday and not yet today is nowhere."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils import timezone

from paddock.checkin.models import CheckIn
from paddock.checkin.queries import day_of
from paddock.core.prepared import Param, Prepared
from paddock.events.models import Edition, Room, SanitaryProtocol
from paddock.events.queries import protocol_of


@dataclass
class Place:
    """The entrance (room None) or a room, with the people whose latest check-in is there."""

    room: Room | None
    cap: int | None
    checkins: list[CheckIn] = field(default_factory=list)
    present: int | None = None
    """How many are there when counted without reading their check-ins (`place_of`)."""

    @property
    def count(self) -> int:
        return len(self.checkins) if self.present is None else self.present

    @property
    def at_cap(self) -> bool:
        return self.cap is not None and self.count >= self.cap


def room_cap(room: Room, protocol: SanitaryProtocol | None) -> int:
    """Persons the room may hold at once: its capacity, lowered by the protocol's cap."""
    if protocol is not None and protocol.max_persons_per_room is not None:
        return min(room.capacity, protocol.max_persons_per_room)
    return room.capacity


def _today(edition: Edition, now: dt.datetime | None) -> dt.datetime:
    """Where the edition's local day of `now` (default: the clock) starts."""
    return day_of(edition, now or timezone.now())[0]


def latest_checkins(edition: Edition, *, now: dt.datetime | None = None) -> QuerySet[CheckIn]:
    """The latest check-in of each participant of the edition who came on the day of `now`,
    in one query."""
    latest = CheckIn.objects.filter(participant=OuterRef("participant")).order_by(
        "-checked_in_at", "-pk"
    )
    return (
        CheckIn.objects.filter(
            edition=edition,
            pk=Subquery(latest.values("pk")[:1]),
            checked_in_at__gte=_today(edition, now),
        )
        .select_related("participant__user", "participant__company")
        .order_by("participant__user__last_name", "participant__user__first_name", "pk")
    )


def presence_of(edition: Edition, *, now: dt.datetime | None = None) -> list[Place]:
    """The entrance first, then every room of the edition, each with who is there now."""
    protocol = protocol_of(edition)
    rooms = list(Room.objects.filter(edition=edition).order_by("name"))
    places = [Place(room=None, cap=None)]
    places += [Place(room=room, cap=room_cap(room, protocol)) for room in rooms]
    by_room = {place.room.pk if place.room else None: place for place in places}
    for checkin in latest_checkins(edition, now=now):
        by_room[checkin.room_id].checkins.append(checkin)
    return places


def place_of(
    edition: Edition,
    room: Room | None,
    *,
    protocol: SanitaryProtocol | None,
    now: dt.datetime | None = None,
) -> Place:
    """One place of presence_of, for the desk's warning after a check-in at a room: how many
    are there, counted by the database (the desk asks at every scan, and a full room holds
    hundreds), without the check-ins themselves. `protocol` is the edition's, which the desk
    has read already (`protocol_of`): a room's cap follows it."""
    if room is None:
        present = latest_checkins(edition, now=now).filter(room=None).count()
        return Place(room=None, cap=None, present=present)
    counted = _PRESENT_IN_ROOM.rows(edition=edition.pk, room=room.pk, since=_today(edition, now))
    present = counted[0][0] if counted else 0
    return Place(room=room, cap=room_cap(room, protocol), present=present)


def _present_in_room() -> QuerySet[CheckIn]:
    """How many people's latest check-in is at the room, of today (none: no row)."""
    latest = CheckIn.objects.filter(participant=OuterRef("participant")).order_by(
        "-checked_in_at", "-pk"
    )
    return (
        CheckIn.objects.filter(
            edition=Param("edition", models.BigIntegerField()),
            room=Param("room", models.BigIntegerField()),
            pk=Subquery(latest.values("pk")[:1]),
            checked_in_at__gte=Param("since", models.DateTimeField()),
        )
        .order_by()
        .values("edition")
        .annotate(present=Count("pk"))
        .values_list("present")
    )


# Counted at every scan at a room: compiled once (paddock.core.prepared).
_PRESENT_IN_ROOM = Prepared(_present_in_room)
