"""Editions, rooms, tables and time slots (read)."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from paddock.api.access import access_to, require_taking_part, scoped_editions
from paddock.api.pagination import PageQuery, page_of, paginate
from paddock.api.params import slug_path
from paddock.api.responses import responses
from paddock.api.serializers.events import (
    EditionOut,
    RoomOut,
    SlotOut,
    TableOut,
    edition_data,
    room_data,
    slot_data,
    table_data,
)
from paddock.core.ids import MAX_ID
from paddock.events import rules
from paddock.events.models import Table
from paddock.events.queries import rooms_with_table_counts
from paddock.participants.enums import ParticipantStatus

router = Router(tags=["editions"])

TAKING_PART = (ParticipantStatus.REGISTERED, ParticipantStatus.VALIDATED)


class TableFilters(Schema):
    room: int | None = Field(None, ge=1, le=MAX_ID)


def _roles(request: HttpRequest, edition: Any) -> list[str]:
    """The roles the token's owner holds: "participant" once they accepted (registered or
    validated), not for an invitation unanswered or declined, nor once they withdrew."""
    user = request.auth.user  # type: ignore[attr-defined]
    roles = sorted(rules.roles_for(user, edition))
    if edition.participants.filter(user=user, status__in=TAKING_PART).exists():
        roles.append("participant")
    return roles


@router.get("/editions", response=responses(ok=page_of(EditionOut)))
def list_editions(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """The editions the token reaches."""
    editions = scoped_editions(request.auth)  # type: ignore[attr-defined]
    return paginate(request, editions, page, lambda e: edition_data(e, roles=_roles(request, e)))


@router.get("/editions/{slug}", response=responses(ok=EditionOut))
def get_edition(request: HttpRequest, slug: str = slug_path()) -> dict[str, Any]:
    access = access_to(request, slug)
    return edition_data(access.edition, roles=_roles(request, access.edition))


@router.get("/editions/{slug}/rooms", response=responses(ok=page_of(RoomOut)))
def list_rooms(
    request: HttpRequest, page: Query[PageQuery], slug: str = slug_path()
) -> dict[str, Any]:
    access = require_taking_part(access_to(request, slug))
    rooms = rooms_with_table_counts(access.edition).order_by("position", "name", "pk")
    return paginate(request, rooms, page, room_data)


@router.get("/editions/{slug}/tables", response=responses(ok=page_of(TableOut)))
def list_tables(
    request: HttpRequest,
    page: Query[PageQuery],
    filters: Query[TableFilters],
    slug: str = slug_path(),
) -> dict[str, Any]:
    access = require_taking_part(access_to(request, slug))
    tables = Table.objects.filter(room__edition=access.edition)
    if filters.room is not None:
        tables = tables.filter(room_id=filters.room)
    tables = tables.order_by("room__position", "room__name", "position", "label", "pk")
    return paginate(request, tables, page, table_data)


@router.get("/editions/{slug}/slots", response=responses(ok=page_of(SlotOut)))
def list_slots(
    request: HttpRequest, page: Query[PageQuery], slug: str = slug_path()
) -> dict[str, Any]:
    access = require_taking_part(access_to(request, slug))
    slots = access.edition.slots.select_related("session").order_by("start", "pk")
    return paginate(request, slots, page, slot_data)
