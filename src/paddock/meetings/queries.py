"""Reusable reads about requests, meetings and agendas, each in a bounded number of queries."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from paddock.core.text import plain_words
from paddock.events.enums import EditionStatus
from paddock.events.models import Edition, Table, TimeSlot
from paddock.meetings.enums import FREED_STATUSES, MeetingStatus, RequestStatus
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Need, Offer, Participant

# Once the edition reaches these, the schedule is published: agendas show times and tables.
PUBLISHED_STATUSES = frozenset({EditionStatus.SCHEDULED, EditionStatus.LIVE, EditionStatus.CLOSED})

_REQUEST_RELATED = (
    "requester__user",
    "requester__company",
    "recipient__user",
    "recipient__company",
)
_MEETING_RELATED = (
    "first__user",
    "first__company",
    "second__user",
    "second__company",
    "slot",
    "table__room",
    "request",
    "interpreter",
)


def schedule_published(edition: Edition) -> bool:
    return edition.status in PUBLISHED_STATUSES


def requests_of(participant: Participant) -> QuerySet[MeetingRequest]:
    """Every request the participant sent or received, with both sides loaded."""
    return (
        MeetingRequest.objects.filter(
            Q(requester=participant) | Q(recipient=participant), edition_id=participant.edition_id
        )
        .select_related(*_REQUEST_RELATED)
        .order_by("-created_at", "-pk")
    )


def request_for(participant: Participant, pk: int) -> MeetingRequest:
    """The request `pk` if the participant is one of its sides; 404 for any other."""
    return get_object_or_404(requests_of(participant), pk=pk)


@dataclass
class RequestGroups:
    received: list[MeetingRequest] = field(default_factory=list)
    sent: list[MeetingRequest] = field(default_factory=list)
    accepted: list[MeetingRequest] = field(default_factory=list)
    past: list[MeetingRequest] = field(default_factory=list)


def grouped_requests(participant: Participant) -> RequestGroups:
    """The participant's requests: waiting for me, waiting for them, accepted, and the rest."""
    groups = RequestGroups()
    for item in requests_of(participant):
        if item.status == RequestStatus.ACCEPTED:
            groups.accepted.append(item)
        elif item.status != RequestStatus.PENDING:
            groups.past.append(item)
        elif item.recipient_id == participant.pk:
            groups.received.append(item)
        else:
            groups.sent.append(item)
    return groups


def pair_state(first: Participant, second: Participant) -> str:
    """What stops `first` from asking `second`: "meeting" (an accepted request or a meeting),
    "requested" (first's request waits), or "" (free; a pending request from `second` does not
    count: asking back makes it mutual)."""
    pair = Q(first=first, second=second) | Q(first=second, second=first)
    if Meeting.objects.filter(pair).exclude(status=MeetingStatus.CANCELLED).exists():
        return "meeting"
    if MeetingRequest.objects.filter(
        requester=first, recipient=second, status=RequestStatus.PENDING
    ).exists():
        return "requested"
    return ""


def live_request_count(participant: Participant) -> int:
    return MeetingRequest.objects.filter(
        requester=participant, status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED]
    ).count()


def meetings_of(participant: Participant) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(
            Q(first=participant) | Q(second=participant), edition_id=participant.edition_id
        )
        .select_related(*_MEETING_RELATED)
        .order_by("slot__start", "pk")
    )


def meetings_of_edition(edition: Edition) -> QuerySet[Meeting]:
    """Every meeting of the edition with both sides and its place, in time order."""
    return (
        Meeting.objects.filter(edition=edition)
        .select_related(*_MEETING_RELATED)
        .order_by("slot__start", "pk")
    )


@dataclass
class AgendaEntry:
    """One meeting seen from one participant: who, and what brings them together."""

    meeting: Meeting
    other: Participant
    they_offer: list[str] = field(default_factory=list)
    they_need: list[str] = field(default_factory=list)
    message: str = ""

    @property
    def scheduled(self) -> bool:
        return self.meeting.slot_id is not None


def agenda_for(participant: Participant, *, include_cancelled: bool = False) -> list[AgendaEntry]:
    """The participant's meetings in time order (unscheduled last), each with its reasons.

    The reasons are the other company's offers matching my needs and its needs matching my
    offers (same capability), read in four queries whatever the number of meetings.
    """
    meetings = meetings_of(participant)
    if not include_cancelled:
        meetings = meetings.exclude(status=MeetingStatus.CANCELLED)
    entries = [AgendaEntry(meeting=m, other=m.other_side(participant)) for m in meetings]
    _add_reasons(participant, entries)
    entries.sort(key=lambda entry: (not entry.scheduled, _start_key(entry.meeting)))
    return entries


def _start_key(meeting: Meeting) -> float:
    return meeting.slot.start.timestamp() if meeting.slot_id else float(meeting.pk)


def _add_reasons(participant: Participant, entries: list[AgendaEntry]) -> None:
    if not entries:
        return
    companies = {entry.other.company_id for entry in entries}
    mine_needed = set(
        Need.objects.filter(company_id=participant.company_id, category__isnull=False).values_list(
            "category_id", flat=True
        )
    )
    mine_offered = set(
        Offer.objects.filter(company_id=participant.company_id, category__isnull=False).values_list(
            "category_id", flat=True
        )
    )
    offers = Offer.objects.filter(company_id__in=companies, category_id__in=mine_needed)
    needs = Need.objects.filter(company_id__in=companies, category_id__in=mine_offered)
    offered_by: dict[int, list[str]] = {}
    needed_by: dict[int, list[str]] = {}
    for item in offers.select_related("category").order_by("pk"):
        offered_by.setdefault(item.company_id, []).append(item.category.label)
    for item in needs.select_related("category").order_by("pk"):
        needed_by.setdefault(item.company_id, []).append(item.category.label)
    for entry in entries:
        entry.they_offer = offered_by.get(entry.other.company_id, [])
        entry.they_need = needed_by.get(entry.other.company_id, [])
        request = entry.meeting.request
        entry.message = request.message if request is not None else ""


def feed_entries(participant: Participant) -> list[AgendaEntry]:
    """What the calendar feed shows once published: placed meetings, cancelled ones included,
    and those that lost their place since a publication (left out by a later run), at the
    place last published, so that calendars drop them as they drop a cancelled meeting."""
    if not schedule_published(participant.edition):
        return []
    entries = agenda_for(participant, include_cancelled=True)
    # A meeting never placed keeps sequence 0: no publication can have shown it.
    dropped = [entry.meeting for entry in entries if not entry.scheduled and entry.meeting.sequence]
    _put_back_where_published(participant.edition, dropped)
    return [entry for entry in entries if entry.scheduled]


def _put_back_where_published(edition: Edition, meetings: list[Meeting]) -> None:
    """Give each of `meetings`, in memory only, the slot and table of the latest publication
    that had it; one that no publication had stays without. The publications are the
    scheduling app's snapshots, read through the edition's reverse relation, as meetings sits
    below scheduling and does not import it; the newest first, until each meeting is found."""
    wanted = {str(meeting.pk): meeting for meeting in meetings}
    places: dict[str, list[int]] = {}
    if wanted:
        snapshots = edition.published_schedules.order_by("-published_at", "-pk")
        for assignments in snapshots.values_list("assignments", flat=True).iterator(chunk_size=1):
            places |= {
                key: assignments[key] for key in wanted.keys() - places if key in assignments
            }
            if len(places) == len(wanted):
                break
    slots = TimeSlot.objects.in_bulk([slot for slot, _table in places.values()])
    tables = Table.objects.select_related("room").in_bulk(
        [table for _slot, table in places.values()]
    )
    for key, (slot, table) in places.items():
        if slot in slots and table in tables:
            wanted[key].slot, wanted[key].table = slots[slot], tables[table]


def held_and_missed(*, now: dt.datetime | None = None) -> dict[str, Count]:
    """Aggregates over meetings, shared by the reports and the series' history: "held" (still
    scheduled and its slot over: a missed meeting becomes a no-show) and "no_show"."""
    now = now or timezone.now()
    return {
        "held": Count("pk", filter=Q(status=MeetingStatus.SCHEDULED, slot__end__lte=now)),
        "no_show": Count("pk", filter=Q(status=MeetingStatus.NO_SHOW)),
    }


def schedulable_meetings(edition: Edition) -> QuerySet[Meeting]:
    """The meetings a scheduling run places: every one neither cancelled nor a no-show, with
    its weight, both participants, and its current slot and table (kept when `locked`)."""
    return (
        Meeting.objects.filter(edition=edition)
        .exclude(status__in=FREED_STATUSES)
        .select_related("first", "second", "slot", "table")
        .order_by("pk")
    )


def filtered_requests(
    edition: Edition, *, status: str = "", search: str = ""
) -> QuerySet[MeetingRequest]:
    """The edition's requests for organisers, by status and a name or company search."""
    queryset = MeetingRequest.objects.filter(edition=edition).select_related(
        *_REQUEST_RELATED, "suggested_by"
    )
    if status:
        queryset = queryset.filter(status=status)
    for word in plain_words(search):
        queryset = queryset.filter(
            Q(requester__user__first_name__icontains=word)
            | Q(requester__user__last_name__icontains=word)
            | Q(requester__company__name__icontains=word)
            | Q(recipient__user__first_name__icontains=word)
            | Q(recipient__user__last_name__icontains=word)
            | Q(recipient__company__name__icontains=word)
        )
    return queryset.order_by("-created_at", "-pk")


def validated_participants(edition: Edition) -> QuerySet[Participant]:
    return (
        edition.participants.filter(status=ParticipantStatus.VALIDATED)
        .select_related("user", "company")
        .order_by("company__name", "user__last_name")
    )
