"""The zones open to visits in the demo: two team paddocks, a manufacturer's workshop and the
technical centre, with guided sessions and their bookings.

Zones and sessions go through the services. Bookings are demo data written directly, like the
2019 meetings (`meetings.py`): the booking service refuses visits already past, and both demo
editions are. They respect what the service checks: nobody is booked on a visit that overlaps,
travel included, one of their meetings or another of their visits; the people beyond the
seats wait in order.
"""

import datetime as dt
import random
from typing import Any

from paddock.events.models import Edition
from paddock.participants.enums import ParticipantStatus
from paddock.visits import services
from paddock.visits.enums import BookingStatus, ZoneKind
from paddock.visits.models import Booking, VisitSession
from paddock.visits.queries import overlapping_meeting, overlapping_visit

# (English name, French name, kind, host, meeting point, group size, safety notes)
ZONES = (
    ("Mulsanne Racing paddock", "Paddock de Mulsanne Racing", ZoneKind.TEAM_PADDOCK,
     "Mulsanne Racing", "Paddock gate 3", 8, "Closed shoes; no photos in the garage."),
    ("Hunaudières Motorsport paddock", "Paddock d’Hunaudières Motorsport", ZoneKind.TEAM_PADDOCK,
     "Hunaudières Motorsport", "Paddock gate 5", 8, "Ear protection provided."),
    ("Arnage Automobiles workshop", "Atelier d’Arnage Automobiles", ZoneKind.WORKSHOP,
     "Arnage Automobiles", "Village entrance, stand 12", 10, "Safety glasses provided."),
    ("Technical centre", "Centre technique", ZoneKind.TECHNICAL_CENTRE,
     "Automobile Club de l’Ouest", "Technical centre reception", 12, ""),
)  # fmt: skip
# Local start times of the sessions of each day, one per zone and day, in zone order:
# around lunch, when no meeting runs, and late in the afternoon.
STARTS = (dt.time(12, 40), dt.time(12, 45), dt.time(17, 0), dt.time(17, 5))
VISIT_MINUTES = 50
WAITING = 2


def build_visits(edition: Edition, *, by: Any, seed: int) -> list[VisitSession]:
    """The zones and their sessions (one per zone and day), booked to the last seat with a few
    people waiting when there are enough free people."""
    rng = random.Random(seed)  # noqa: S311  # demo data, not security
    people = list(
        edition.participants.filter(status=ParticipantStatus.VALIDATED)
        .select_related("user", "edition")
        .order_by("pk")
    )
    sessions = []
    for index, (name_en, name_fr, kind, host, point, size, notes) in enumerate(ZONES):
        zone = services.create_zone(
            edition,
            by=by,
            name_en=name_en,
            name_fr=name_fr,
            kind=kind,
            host_name=host,
            meeting_point=point,
            safety_notes=notes,
            guide_languages=["fr", "en"],
            group_size=size,
        )
        for day in edition.days:
            start = dt.datetime.combine(day, STARTS[index], tzinfo=edition.tzinfo)
            session = services.create_session(
                zone,
                by=by,
                start=start,
                end=start + dt.timedelta(minutes=VISIT_MINUTES),
                seats=min(size, max(len(people) // len(ZONES) - WAITING, 2)),
            )
            _book(session, rng.sample(people, len(people)))
            sessions.append(session)
    return sessions


def _book(session: VisitSession, candidates: list[Any]) -> None:
    confirmed = waiting = 0
    for person in candidates:
        if waiting == WAITING:
            return
        if overlapping_meeting(session, person) or overlapping_visit(session, person):
            continue
        if confirmed < session.seats:
            Booking.objects.create(
                session=session, participant=person, status=BookingStatus.CONFIRMED
            )
            confirmed += 1
        else:
            waiting += 1
            Booking.objects.create(
                session=session, participant=person, status=BookingStatus.WAITING, position=waiting
            )
