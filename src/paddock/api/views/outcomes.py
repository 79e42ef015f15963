"""Outcomes: a participant reads and writes their own side's answers about their ended
meetings, through the portal's services; the organisers read both sides."""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema

from paddock.api.access import Access, access_to, require_participant
from paddock.api.pagination import PageQuery, page_of, paginate
from paddock.api.params import id_path, months_path, slug_path
from paddock.api.responses import responses
from paddock.api.serializers.outcomes import (
    FollowUpIn,
    FollowUpMonths,
    OutcomeIn,
    OutcomeOut,
    outcome_data,
    side_data,
)
from paddock.meetings.models import Meeting
from paddock.outcomes import services
from paddock.outcomes.models import FollowUp, Outcome
from paddock.outcomes.queries import OutcomePair, ended_meeting_for, meetings_to_rate, outcome_pairs
from paddock.participants.models import Participant

router = Router(tags=["outcomes"])

FollowUps = dict[tuple[int, int], list[FollowUp]]
MONTHS = months_path()


class OutcomeFilters(Schema):
    disagreeing: bool = False


def _follow_ups(follow_ups: Iterable[FollowUp]) -> FollowUps:
    found: FollowUps = defaultdict(list)
    for item in follow_ups:
        found[item.meeting_id, item.participant_id].append(item)
    return found


def _own_row(meeting: Meeting, me: Participant, outcome: Outcome | None, found: FollowUps) -> Any:
    """The meeting seen from `me`'s side: the other side's answers are never in it."""
    side = side_data(me, outcome, found.get((meeting.pk, me.pk), []))
    return outcome_data(meeting, [side], [])


def _pair_row(pair: OutcomePair, found: FollowUps) -> Any:
    sides = [
        side_data(person, outcome, found.get((pair.meeting.pk, person.pk), []))
        for person, outcome in pair.sides
    ]
    return outcome_data(pair.meeting, sides, pair.disagreements)


@router.get("/editions/{slug}/outcomes", response=responses(ok=page_of(OutcomeOut)))
def list_outcomes(
    request: HttpRequest,
    page: Query[PageQuery],
    filters: Query[OutcomeFilters],
    slug: str = slug_path(),
) -> Any:
    """The team: every rated meeting with both sides (`disagreeing`: only where they
    disagree). A participant: their ended meetings, unrated first, with their own answers."""
    access = access_to(request, slug)
    if access.team:
        pairs = outcome_pairs(access.edition, disagreeing=filters.disagreeing)
        found = _follow_ups(FollowUp.objects.filter(meeting__edition=access.edition))
        return paginate(request, pairs, page, lambda pair: _pair_row(pair, found))
    me = require_participant(access)
    rows = [] if filters.disagreeing else meetings_to_rate(me, now=timezone.now())
    found = _follow_ups(FollowUp.objects.filter(participant=me))
    return paginate(request, rows, page, lambda row: _own_row(row.meeting, me, row.outcome, found))


def _team_pair(access: Access, pk: int) -> OutcomePair:
    meeting = get_object_or_404(
        Meeting.objects.select_related(
            "first__user", "first__company", "second__user", "second__company", "slot"
        ),
        edition=access.edition,
        pk=pk,
    )
    answers = {o.participant_id: o for o in Outcome.objects.filter(meeting=meeting)}
    return OutcomePair(
        meeting=meeting, first=answers.get(meeting.first_id), second=answers.get(meeting.second_id)
    )


def _own(me: Participant, meeting: Meeting) -> Any:
    outcome = Outcome.objects.filter(meeting=meeting, participant=me).first()
    found = _follow_ups(FollowUp.objects.filter(meeting=meeting, participant=me))
    return _own_row(meeting, me, outcome, found)


@router.get("/editions/{slug}/outcomes/{meeting}", response=responses(ok=OutcomeOut))
def get_outcome(request: HttpRequest, slug: str = slug_path(), meeting: int = id_path()) -> Any:
    access = access_to(request, slug)
    if access.team:
        pair = _team_pair(access, meeting)
        return _pair_row(pair, _follow_ups(FollowUp.objects.filter(meeting=pair.meeting)))
    me = require_participant(access)
    return _own(me, ended_meeting_for(me, meeting, now=timezone.now()))


def _writer(request: HttpRequest, slug: str, meeting: int) -> tuple[Access, Participant, Meeting]:
    access = access_to(request, slug)
    me = require_participant(access)
    return access, me, ended_meeting_for(me, meeting, now=timezone.now())


@router.put("/editions/{slug}/outcomes/{meeting}", response=responses(ok=OutcomeOut))
def put_outcome(
    request: HttpRequest, payload: OutcomeIn, slug: str = slug_path(), meeting: int = id_path()
) -> Any:
    """Your answer about one of your ended meetings, as the portal's form (until the edition
    closes); it replaces the previous one."""
    access, me, held = _writer(request, slug, meeting)
    services.record_outcome(held, participant=me, by=access.user, **payload.model_dump())
    return _own(me, held)


@router.put(
    "/editions/{slug}/outcomes/{meeting}/follow-ups/{months}", response=responses(ok=OutcomeOut)
)
def put_follow_up(
    request: HttpRequest,
    payload: FollowUpIn,
    slug: str = slug_path(),
    meeting: int = id_path(),
    months: FollowUpMonths = MONTHS,
) -> Any:
    """Your answer, 3, 6 or 12 months after the edition, to "did it lead to business?"."""
    access, me, held = _writer(request, slug, meeting)
    services.record_follow_up(
        held, participant=me, months=int(months), by=access.user, **payload.model_dump()
    )
    return _own(me, held)
