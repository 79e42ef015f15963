"""Visits: zones and sessions for whoever sees them on the web, bookings as the portal makes
them, and the people booked for the zone hosts and organisers."""

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from django.db.models import Q, QuerySet
from django.db.models.functions import TruncDate
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from paddock.api.access import Access, access_to, forbidden, require_participant
from paddock.api.pagination import PageQuery, page_of, paginate
from paddock.api.params import id_path, slug_path
from paddock.api.responses import responses
from paddock.api.serializers.visits import (
    BookingOut,
    VisitorOut,
    VisitOut,
    ZoneOut,
    booking_data,
    visit_data,
    visitor_data,
    zone_data,
)
from paddock.core.ids import MAX_ID
from paddock.events.queries import protocol_of
from paddock.participants.models import Participant
from paddock.visits import rules, services
from paddock.visits.enums import VisitStatus
from paddock.visits.models import Booking, VisitSession, Zone
from paddock.visits.queries import (
    bookings_of,
    my_bookings,
    people_of,
    session_for,
    visits_allowed,
    with_counts,
)

router = Router(tags=["visits"])


class VisitFilters(Schema):
    zone: int | None = Field(None, ge=1, le=MAX_ID)
    day: dt.date | None = None
    status: Literal["open", "cancelled"] | None = None


class BookingFilters(Schema):
    status: Literal["confirmed", "waiting", "cancelled"] | None = None


@dataclass
class Visits:
    """What the token's owner sees of the edition's visits, as on the web: the team every
    session; a zone host the open sessions they guide; a validated participant the open
    sessions not yet started, while the sanitary protocol allows visits."""

    access: Access
    sessions: QuerySet[VisitSession]
    participant: Participant | None
    edition_pass: bool

    def data(self, session: VisitSession, mine: dict[int, Booking]) -> dict[str, Any]:
        session.zone.edition = self.access.edition
        return visit_data(session, edition_pass=self.edition_pass, mine=mine.get(session.pk))

    def mine(self) -> dict[int, Booking]:
        return bookings_of(self.participant) if self.participant is not None else {}


def _visits(access: Access) -> Visits:
    edition, user = access.edition, access.user
    sessions = VisitSession.objects.filter(zone__edition=edition)
    participant = access.validated
    if not rules.can_manage_visits(user, edition):
        host = rules.can_host_visits(user, edition)
        if participant is None and not host:
            raise forbidden(
                _("Only validated participants, zone hosts and the organisers' team see visits.")
            )
        seen = Q(guide=user, status=VisitStatus.OPEN) if host else Q(pk__in=[])
        if participant is not None and visits_allowed(edition):
            seen |= Q(status=VisitStatus.OPEN, start__gt=timezone.now())
        sessions = sessions.filter(seen)
    protocol = protocol_of(edition)
    return Visits(
        access=access,
        sessions=with_counts(sessions.select_related("zone__host_company")),
        participant=participant,
        edition_pass=bool(protocol and protocol.health_pass_required),
    )


@router.get("/editions/{slug}/zones", response=responses(ok=page_of(ZoneOut)))
def list_zones(request: HttpRequest, page: Query[PageQuery], slug: str = slug_path()) -> Any:
    """The zones of the sessions the token's owner sees, with their conditions."""
    visits = _visits(access_to(request, slug))
    zones = (
        Zone.objects.filter(pk__in=visits.sessions.values("zone"))
        .select_related("host_company")
        .order_by("name_en", "pk")
    )
    edition_pass = visits.edition_pass
    return paginate(request, zones, page, lambda zone: zone_data(zone, edition_pass=edition_pass))


@router.get("/editions/{slug}/visits", response=responses(ok=page_of(VisitOut)))
def list_visits(
    request: HttpRequest,
    page: Query[PageQuery],
    filters: Query[VisitFilters],
    slug: str = slug_path(),
) -> Any:
    """Sessions with their seats left and conditions; `mine` is the reader's own booking."""
    visits = _visits(access_to(request, slug))
    sessions = visits.sessions
    if filters.zone is not None:
        sessions = sessions.filter(zone_id=filters.zone)
    if filters.status is not None:
        sessions = sessions.filter(status=filters.status)
    if filters.day is not None:
        # The day as the edition's clock reads it; no arithmetic on the day, which may be the
        # first or last of the calendar.
        local_day = TruncDate("start", tzinfo=visits.access.edition.tzinfo)
        sessions = sessions.annotate(local_day=local_day).filter(local_day=filters.day)
    mine = visits.mine()
    sessions = sessions.order_by("start", "zone__name_en", "pk")
    return paginate(request, sessions, page, lambda session: visits.data(session, mine))


def _visit(visits: Visits, pk: int) -> VisitSession:
    session = visits.sessions.filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


@router.get("/editions/{slug}/visits/{pk}", response=responses(ok=VisitOut))
def get_visit(request: HttpRequest, slug: str = slug_path(), pk: int = id_path()) -> Any:
    visits = _visits(access_to(request, slug))
    return visits.data(_visit(visits, pk), visits.mine())


@router.get("/editions/{slug}/visits/{pk}/bookings", response=responses(ok=page_of(VisitorOut)))
def list_visitors(
    request: HttpRequest, page: Query[PageQuery], slug: str = slug_path(), pk: int = id_path()
) -> Any:
    """The people booked, then the waiting list in order: for the organisers' team, and for
    the zone host who guides the session."""
    access = access_to(request, slug)
    if not rules.can_host_visits(access.user, access.edition):
        raise forbidden(_("Only zone hosts and the organisers' team see who is booked."))
    session = session_for(access.edition, pk)
    if not rules.can_guide_session(access.user, session):
        raise Http404
    return paginate(request, people_of(session), page, visitor_data)


@router.get("/editions/{slug}/bookings", response=responses(ok=page_of(BookingOut)))
def list_bookings(
    request: HttpRequest,
    page: Query[PageQuery],
    filters: Query[BookingFilters],
    slug: str = slug_path(),
) -> Any:
    """The token owner's own bookings, live or cancelled."""
    me = require_participant(access_to(request, slug))
    bookings = my_bookings(me)
    if filters.status is not None:
        bookings = bookings.filter(status=filters.status)
    return paginate(request, bookings, page, booking_data)


def _own_booking(me: Participant, pk: int) -> Booking:
    return get_object_or_404(my_bookings(me), pk=pk)


@router.post("/editions/{slug}/visits/{pk}/book", response=responses(created=BookingOut))
def book_visit(request: HttpRequest, slug: str = slug_path(), pk: int = id_path()) -> Any:
    """A seat, or a place at the end of the waiting list when the visit is full, as the
    portal's button: the zone's conditions and the participant's meetings are checked."""
    access = access_to(request, slug)
    me = require_participant(access)
    session = session_for(access.edition, pk)
    booking = services.book_visit(session, participant=me, by=access.user)
    return Status(201, booking_data(_own_booking(me, booking.pk)))


@router.post("/editions/{slug}/bookings/{pk}/cancel", response=responses(ok=BookingOut))
def cancel_booking(request: HttpRequest, slug: str = slug_path(), pk: int = id_path()) -> Any:
    """Give up a seat (until the edition's deadline) or leave the waiting list; a freed seat
    goes to the first person waiting."""
    access = access_to(request, slug)
    me = require_participant(access)
    services.cancel_booking(_own_booking(me, pk), by=access.user)
    return booking_data(_own_booking(me, pk))
