"""Meeting requests (participants act as themselves, as on the portal), meetings and agendas."""

import datetime as dt
from typing import Any, Literal

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import Field

from paddock.api.access import (
    Access,
    access_to,
    require_participant,
)
from paddock.api.pagination import PageQuery, page_of, paginate
from paddock.api.params import id_path, slug_path
from paddock.api.responses import responses
from paddock.api.serializers.meetings import (
    AgendaEntryOut,
    DeclineIn,
    MeetingOut,
    RequestIn,
    RequestOut,
    agenda_data,
    meeting_data,
    request_data,
)
from paddock.core.ids import MAX_ID
from paddock.meetings import services
from paddock.meetings.queries import (
    agenda_for,
    filtered_requests,
    meetings_of,
    meetings_of_edition,
    request_for,
    requests_of,
    schedule_published,
)
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant

router = Router(tags=["meetings"])


class RequestFilters(Schema):
    status: Literal["pending", "accepted", "declined", "cancelled", "expired"] | None = None


class MeetingFilters(Schema):
    day: dt.date | None = None
    room: int | None = Field(None, ge=1, le=MAX_ID)
    participant: int | None = Field(None, ge=1, le=MAX_ID)


def _requests(access: Access) -> Any:
    """The team sees the edition's requests (the organiser page); a participant their own."""
    if access.team:
        return filtered_requests(access.edition)
    return requests_of(require_participant(access))


@router.get("/editions/{slug}/requests", response=responses(ok=page_of(RequestOut)))
def list_requests(
    request: HttpRequest,
    page: Query[PageQuery],
    filters: Query[RequestFilters],
    slug: str = slug_path(),
) -> dict[str, Any]:
    items = _requests(access_to(request, slug))
    if filters.status:
        items = items.filter(status=filters.status)
    return paginate(request, items, page, request_data)


@router.get("/editions/{slug}/requests/{pk}", response=responses(ok=RequestOut))
def get_request(request: HttpRequest, slug: str = slug_path(), pk: int = id_path()) -> Any:
    item = _requests(access_to(request, slug)).filter(pk=pk).first()
    if item is None:
        raise Http404
    return request_data(item)


@router.post("/editions/{slug}/requests", response=responses(created=RequestOut))
def create_request(request: HttpRequest, payload: RequestIn, slug: str = slug_path()) -> Any:
    """Ask a validated participant for a meeting, as the portal's form does."""
    access = access_to(request, slug)
    me = require_participant(access)
    recipient = get_object_or_404(
        Participant.objects.select_related("user", "company"),
        edition=access.edition,
        status=ParticipantStatus.VALIDATED,
        pk=payload.recipient,
    )
    created = services.request_meeting(
        me, recipient=recipient, by=access.user, message=payload.message, priority=payload.priority
    )
    return Status(201, request_data(request_for(me, created.pk)))


def _act(request: HttpRequest, slug: str, pk: int) -> tuple[Access, Participant, Any]:
    access = access_to(request, slug)
    me = require_participant(access)
    return access, me, request_for(me, pk)


@router.post("/editions/{slug}/requests/{pk}/accept", response=responses(ok=RequestOut))
def accept_request(request: HttpRequest, slug: str = slug_path(), pk: int = id_path()) -> Any:
    access, me, item = _act(request, slug, pk)
    services.accept_request(item, by=access.user)
    return request_data(request_for(me, pk))


@router.post("/editions/{slug}/requests/{pk}/decline", response=responses(ok=RequestOut))
def decline_request(
    request: HttpRequest, payload: DeclineIn, slug: str = slug_path(), pk: int = id_path()
) -> Any:
    access, me, item = _act(request, slug, pk)
    services.decline_request(item, by=access.user, reason=payload.reason)
    return request_data(request_for(me, pk))


@router.post("/editions/{slug}/requests/{pk}/cancel", response=responses(ok=RequestOut))
def cancel_request(request: HttpRequest, slug: str = slug_path(), pk: int = id_path()) -> Any:
    access, me, item = _act(request, slug, pk)
    services.cancel_request(item, by=access.user)
    return request_data(request_for(me, pk))


@router.get("/editions/{slug}/meetings", response=responses(ok=page_of(MeetingOut)))
def list_meetings(
    request: HttpRequest,
    page: Query[PageQuery],
    filters: Query[MeetingFilters],
    slug: str = slug_path(),
) -> dict[str, Any]:
    """The team sees every meeting with its place; a participant their own, placed once the
    schedule is published (as their agenda)."""
    access = access_to(request, slug)
    if access.team:
        meetings = meetings_of_edition(access.edition)
        placed = True
    else:
        meetings = meetings_of(require_participant(access))
        placed = schedule_published(access.edition)
    if filters.participant is not None:
        meetings = meetings.filter(
            Q(first_id=filters.participant) | Q(second_id=filters.participant)
        )
    if placed and filters.day is not None:
        meetings = meetings.filter(slot__session__date=filters.day)
    if placed and filters.room is not None:
        meetings = meetings.filter(table__room_id=filters.room)
    meetings = meetings.order_by("slot__start", "pk")
    return paginate(request, meetings, page, lambda m: meeting_data(m, placed=placed))


@router.get("/editions/{slug}/agenda", response=responses(ok=page_of(AgendaEntryOut)))
def get_agenda(request: HttpRequest, page: Query[PageQuery], slug: str = slug_path()) -> Any:
    """The token owner's own agenda, as the portal's agenda page shows it."""
    access = access_to(request, slug)
    me = require_participant(access)
    published = schedule_published(access.edition)
    entries = agenda_for(me)
    return paginate(request, entries, page, lambda e: agenda_data(e, published=published))
