"""Reads of outcomes: one side's meetings to rate, both sides for the organisers, the network."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from paddock.accounts.models import User
from paddock.events.models import Edition
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.outcomes.enums import NextStep, ValueBand
from paddock.outcomes.models import FollowUp, Outcome
from paddock.participants.models import Participant

# Meetings that may be rated once their slot is over: held, or marked as a no-show (a side
# may say it did take place after all).
RATED_STATUSES = (MeetingStatus.SCHEDULED, MeetingStatus.NO_SHOW)

_RELATED = ("first__user", "first__company", "second__user", "second__company", "slot", "edition")


def ended_meetings_of(participant: Participant, *, now: dt.datetime) -> QuerySet[Meeting]:
    """The participant's meetings whose slot has ended, in time order."""
    return (
        Meeting.objects.filter(
            Q(first=participant) | Q(second=participant),
            edition_id=participant.edition_id,
            status__in=RATED_STATUSES,
            slot__end__lte=now,
        )
        .select_related(*_RELATED)
        .order_by("slot__start", "pk")
    )


def ended_meeting_for(participant: Participant, pk: int, *, now: dt.datetime) -> Meeting:
    """One of the participant's ended meetings; 404 for any other meeting."""
    meeting = ended_meetings_of(participant, now=now).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def own_outcome(meeting: Meeting, participant: Participant) -> Outcome | None:
    return Outcome.objects.filter(meeting=meeting, participant=participant).first()


def own_follow_up(meeting: Meeting, participant: Participant, months: int) -> FollowUp | None:
    return FollowUp.objects.filter(meeting=meeting, participant=participant, months=months).first()


@dataclass
class RatedMeeting:
    """One ended meeting seen from one side, with that side's answer (never the other's)."""

    meeting: Meeting
    other: Participant
    outcome: Outcome | None


def meetings_to_rate(participant: Participant, *, now: dt.datetime) -> list[RatedMeeting]:
    """The participant's ended meetings with its own answers, unrated first; two queries."""
    meetings = list(ended_meetings_of(participant, now=now))
    outcomes = {
        outcome.meeting_id: outcome
        for outcome in Outcome.objects.filter(participant=participant, meeting__in=meetings)
    }
    rows = [
        RatedMeeting(meeting=m, other=m.other_side(participant), outcome=outcomes.get(m.pk))
        for m in meetings
    ]
    return sorted(rows, key=lambda row: row.outcome is not None)


@dataclass
class OutcomePair:
    """Both sides' answers about one meeting, for the organisers."""

    meeting: Meeting
    first: Outcome | None
    second: Outcome | None

    @property
    def sides(self) -> list[tuple[Participant, Outcome | None]]:
        return [(self.meeting.first, self.first), (self.meeting.second, self.second)]

    @property
    def disagreements(self) -> list[str]:
        """What the two sides disagree on: "took_place", "interest", "next_step"."""
        first, second = self.first, self.second
        if first is None or second is None:
            return []
        found = []
        if first.took_place != second.took_place:
            found.append("took_place")
        if (
            first.interest is not None
            and second.interest is not None
            and abs(first.interest - second.interest) >= 2
        ):
            found.append("interest")
        if first.next_step != second.next_step:
            found.append("next_step")
        return found


def outcome_pairs(edition: Edition, *, disagreeing: bool = False) -> list[OutcomePair]:
    """The edition's rated meetings with both sides' answers, in time order; two queries."""
    meetings = (
        Meeting.objects.filter(edition=edition, outcomes__isnull=False)
        .distinct()
        .select_related(*_RELATED)
        .order_by("slot__start", "pk")
    )
    by_side = {
        (outcome.meeting_id, outcome.participant_id): outcome
        for outcome in Outcome.objects.filter(meeting__edition=edition)
    }
    pairs = [
        OutcomePair(
            meeting=m,
            first=by_side.get((m.pk, m.first_id)),
            second=by_side.get((m.pk, m.second_id)),
        )
        for m in meetings
    ]
    if disagreeing:
        return [pair for pair in pairs if pair.disagreements]
    return pairs


@dataclass
class Contact:
    """Someone a person met, in one edition, with that person's own answer."""

    meeting: Meeting
    other: Participant
    outcome: Outcome | None


def network_of(user: User, *, now: dt.datetime) -> list[Contact]:
    """Everyone `user` met across editions (meetings held or marked as held), newest first,
    with the user's own answers only; two queries."""
    meetings = list(
        Meeting.objects.filter(
            Q(first__user=user) | Q(second__user=user),
            status=MeetingStatus.SCHEDULED,
            slot__end__lte=now,
        )
        .select_related(*_RELATED)
        .order_by("-slot__start", "pk")
    )
    outcomes = {
        outcome.meeting_id: outcome
        for outcome in Outcome.objects.filter(participant__user=user, meeting__in=meetings)
    }
    contacts = []
    for meeting in meetings:
        mine = (
            meeting.first if meeting.first.user_id == getattr(user, "pk", None) else meeting.second
        )
        contacts.append(
            Contact(
                meeting=meeting, other=meeting.other_side(mine), outcome=outcomes.get(meeting.pk)
            )
        )
    return contacts


@dataclass(frozen=True)
class OutcomeSummary:
    """What one edition's participants said came of their meetings: meetings that at least
    one side answered about, those where a side declared a next step, and the business at
    stake as the answers gave it (value band -> answers)."""

    answered: int
    next_step: int | None  # None when unknown (an edition before Paddock)
    value_bands: dict[str, int] = field(default_factory=dict)

    @property
    def next_step_rate(self) -> float | None:
        """Meetings that led to a next step among those answered, in percent."""
        if not self.answered or self.next_step is None:
            return None
        return round(100 * self.next_step / self.answered, 1)

    @property
    def value_band_counts(self) -> list[tuple[str, int]]:
        """(band's label, answers) for the bands given, the smallest first."""
        bands = self.value_bands
        return [(str(band.label), bands[band.value]) for band in ValueBand if band.value in bands]


def outcome_summaries(editions: Iterable[Edition]) -> dict[int, OutcomeSummary]:
    """Outcome summaries by edition id, for the editions with at least one answer; two
    queries whatever the number of editions and meetings."""
    answers = Outcome.objects.filter(meeting__edition__in=list(editions))
    meetings = answers.values("meeting__edition").annotate(
        answered=Count("meeting", distinct=True),
        next_step=Count("meeting", distinct=True, filter=~Q(next_step=NextStep.NONE)),
    )
    bands: defaultdict[int, dict[str, int]] = defaultdict(dict)
    for edition_id, band, number in (
        answers.exclude(value_band="")
        .values_list("meeting__edition", "value_band")
        .annotate(n=Count("pk"))
    ):
        bands[edition_id][band] = number
    return {
        row["meeting__edition"]: OutcomeSummary(
            answered=row["answered"],
            next_step=row["next_step"],
            value_bands=bands[row["meeting__edition"]],
        )
        for row in meetings
    }
