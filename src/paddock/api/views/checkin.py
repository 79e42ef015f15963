"""Check-ins: check-in agents and the organisers' team scan through the check-in service."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from paddock.api.access import access_to, require_checkin_agent
from paddock.api.pagination import PageQuery, page_of, paginate
from paddock.api.params import slug_path
from paddock.api.problems import ApiProblemError
from paddock.api.responses import responses
from paddock.api.serializers.checkin import CheckInIn, CheckInOut, checkin_data
from paddock.checkin import services
from paddock.checkin.models import CheckIn

router = Router(tags=["check-in"])


def _invalid(field: str, message: str) -> ApiProblemError:
    detail = _("The request is invalid: see the errors of each field.")
    return ApiProblemError(422, "invalid", detail, errors=[{"field": field, "message": message}])


@router.get("/editions/{slug}/checkins", response=responses(ok=page_of(CheckInOut)))
def list_checkins(request: HttpRequest, page: Query[PageQuery], slug: str = slug_path()) -> Any:
    access = access_to(request, slug)
    require_checkin_agent(access)
    checkins = (
        CheckIn.objects.filter(edition=access.edition)
        .select_related("participant__user", "participant__company", "room")
        .order_by("-checked_in_at", "-pk")
    )
    return paginate(request, checkins, page, checkin_data)


@router.post("/editions/{slug}/checkins", response=responses(created=CheckInOut))
def create_checkin(request: HttpRequest, payload: CheckInIn, slug: str = slug_path()) -> Any:
    access = access_to(request, slug)
    require_checkin_agent(access)
    edition = access.edition
    if not payload.code and payload.participant is None:
        raise _invalid("code", _("Give a badge code or a participant."))
    participant = None
    if payload.participant is not None:
        participant = edition.participants.filter(pk=payload.participant).first()
        if participant is None:
            raise _invalid("participant", _("No such participant in this edition."))
    room = None
    if payload.room is not None:
        room = edition.rooms.filter(pk=payload.room).first()
        if room is None:
            raise _invalid("room", _("No such room in this edition."))
    checkin = services.check_in(
        edition,
        by=access.user,
        code=payload.code,
        participant=participant,
        room=room,
        health_pass_checked=payload.health_pass_checked,
    )
    return Status(201, checkin_data(checkin))
