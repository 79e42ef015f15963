"""Reusable reads about requests, meetings and agendas, each in a bounded number of queries."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language

from paddock.accounts.models import display_name
from paddock.core.ids import is_id
from paddock.core.prepared import Param, Prepared
from paddock.core.text import plain_words
from paddock.events.enums import EditionStatus
from paddock.events.models import Edition, Table, TimeSlot
from paddock.meetings.enums import FREED_STATUSES, MeetingStatus, RequestStatus
from paddock.meetings.models import AgendaFeed, Meeting, MeetingRequest
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


# The calendar feed's address, read by the agenda page and by the feed itself: compiled once
# (paddock.core.prepared).
_FEED_TOKEN = Prepared(
    lambda: AgendaFeed.objects.filter(
        participant=Param("participant", models.BigIntegerField())
    ).values_list("token")
)
_FEED_BY_TOKEN = Prepared(
    lambda: AgendaFeed.objects.select_related("participant__user").filter(
        token=Param("token", models.CharField()),
        participant__edition=Param("edition", models.BigIntegerField()),
    )
)


def agenda_feed_token(participant: Participant) -> str | None:
    """The secret token of the participant's calendar feed, or None before its first use."""
    rows = _FEED_TOKEN.rows(participant=participant.pk)
    return str(rows[0][0]) if rows else None


def agenda_feed_with_token(edition: Edition, token: str) -> AgendaFeed | None:
    """The feed of `edition` whose token is `token` (a URL's, checked by its converter), with
    its participant and user; None for any other."""
    return _FEED_BY_TOKEN.first(token=token, edition=edition.pk)


_NO_BIGGER_ID = 2**63
_RECIPIENT = Prepared(
    lambda: Participant.objects.select_related("user", "company").filter(
        edition=Param("edition", models.BigIntegerField()),
        status=ParticipantStatus.VALIDATED,
        pk=Param("pk", models.BigIntegerField()),
    )
)


def recipient_of_request(edition: Edition, pk: int) -> Participant:
    """A validated participant of `edition` with user and company, whom a request may go to;
    404 for anyone else. Compiled once (paddock.core.prepared), as it is read on every request
    sent (issue 16)."""
    if not is_id(pk):  # from the address
        raise Http404
    found = _RECIPIENT.first(edition=edition.pk, pk=pk)
    if found is None:
        raise Http404
    found.edition = edition  # the same row, already read: not read again for the email's link
    return found


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
class RequestRow:
    """One request seen from one side, in plain values: what the requests page writes."""

    pk: int
    status: str
    priority: str
    mutual: bool
    suggested: bool  # by the organisers
    message: str
    decline_reason: str
    expires_at: dt.datetime | None
    sent: bool  # I asked
    other_name: str
    other_company: str
    meeting_begun: bool = False  # its meeting can no longer be cancelled (`meeting_has_begun`)


@dataclass
class RequestGroups:
    received: list[RequestRow] = field(default_factory=list)
    sent: list[RequestRow] = field(default_factory=list)
    accepted: list[RequestRow] = field(default_factory=list)
    past: list[RequestRow] = field(default_factory=list)


_PERSON: tuple[str, ...] = ("user__first_name", "user__last_name", "user__email", "company__name")
_REQUEST: tuple[str, ...] = (
    "pk",
    "status",
    "priority",
    "mutual",
    "suggested_by_id",
    "message",
    "decline_reason",
)
_REQUEST += ("expires_at", "requester_id")
_REQUEST += tuple(f"{side}__{name}" for side in ("requester", "recipient") for name in _PERSON)
_REQUEST += ("meeting__status", "meeting__slot__start")


def meeting_has_begun(status: str, start: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether a meeting's slot has begun or it was marked a no-show: what happened on the
    day stays on record, and the meeting can no longer be cancelled (`cancel_meeting_of`)."""
    if status == MeetingStatus.NO_SHOW:
        return True
    return status != MeetingStatus.CANCELLED and start is not None and start <= now


def _requests_of_participant() -> QuerySet[MeetingRequest]:
    me = Param("me", models.BigIntegerField())
    return MeetingRequest.objects.filter(
        Q(requester=me) | Q(recipient=me), edition_id=Param("edition", models.BigIntegerField())
    )


# The requests page and the card of each answer to a request, at every load: compiled once
# (paddock.core.prepared). Building and compiling the query over four relations cost Django
# some 4,600 Python calls a request (issue 16).
_REQUEST_ROWS = Prepared(
    lambda: _requests_of_participant().order_by("-created_at", "-pk").values_list(*_REQUEST)
)
_REQUEST_ROW = Prepared(
    lambda: (
        _requests_of_participant()
        .filter(pk=Param("pk", models.BigIntegerField()))
        .values_list(*_REQUEST)
    )
)


def request_rows(participant: Participant, *, pk: int | None = None) -> list[RequestRow]:
    """The participant's requests (or only `pk`) as plain rows, newest first, in one query.
    Reading them as models through four relations cost most of the requests page."""
    me, edition = participant.pk, participant.edition_id
    if pk is None:
        values = _REQUEST_ROWS.rows(me=me, edition=edition)
    else:
        values = _REQUEST_ROW.rows(me=me, edition=edition, pk=pk)
    now = timezone.now()
    return [_request_row(row, me, now) for row in values]


def _request_row(values: tuple[Any, ...], me: int, now: dt.datetime) -> RequestRow:
    pk, status, priority, mutual, suggested_by, message, reason, expires_at = values[:8]
    sent = values[8] == me
    first, last, email, company = values[13:17] if sent else values[9:13]
    meeting_status, start = values[17:19]
    begun = meeting_status is not None and meeting_has_begun(meeting_status, start, now)
    return RequestRow(
        pk, status, priority, mutual, suggested_by is not None, message, reason, expires_at, sent,
        display_name(first, last, email), company, begun,
    )  # fmt: skip


def grouped_requests(participant: Participant) -> RequestGroups:
    """The participant's requests: waiting for me, waiting for them, accepted, and the rest."""
    groups = RequestGroups()
    for item in request_rows(participant):
        if item.status == RequestStatus.ACCEPTED:
            groups.accepted.append(item)
        elif item.status != RequestStatus.PENDING:
            groups.past.append(item)
        elif not item.sent:
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
    return meeting.slot.start.timestamp() if meeting.slot is not None else float(meeting.pk)


def _add_reasons(participant: Participant, entries: list[AgendaEntry]) -> None:
    if not entries:
        return
    offered_by, needed_by = _reasons(participant, {entry.other.company_id for entry in entries})
    for entry in entries:
        entry.they_offer = offered_by.get(entry.other.company_id, [])
        entry.they_need = needed_by.get(entry.other.company_id, [])
        request = entry.meeting.request
        entry.message = request.message if request is not None else ""


def _reasons(
    participant: Participant, companies: set[int]
) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Company → labels (active language) of its offers that match my needs, and of its needs
    that match my offers: two queries, plain values. The companies are those of everyone I
    share a meeting with (any status): `companies` are among them, and the queries, compiled
    once (paddock.core.prepared), read them by a subquery rather than by a list of ids."""
    french = (get_language() or "en").startswith("fr")
    labelled: list[dict[int, list[str]]] = []
    for kind in (Offer, Need):
        by_company: dict[int, list[str]] = {}
        for company, text in _REASONS[kind, french].rows(
            me=participant.pk, company=participant.company_id
        ):
            if company in companies:
                by_company.setdefault(company, []).append(text)
        labelled.append(by_company)
    return labelled[0], labelled[1]


def _reasons_query(kind: type[Offer] | type[Need], *, french: bool) -> Prepared[Any]:
    """Offers (or needs) of my meetings' other companies whose category is among my needs (or
    offers), in the order of their pk, as (company, label) in one language."""
    mine = Param("company", models.BigIntegerField())
    me = Param("me", models.BigIntegerField())
    other = Need if kind is Offer else Offer
    matching = other.objects.filter(company_id=mine, category__isnull=False).values("category_id")
    met_second = Meeting.objects.filter(first_id=me).values("second__company_id")
    met_first = Meeting.objects.filter(second_id=me).values("first__company_id")
    label = "category__label_fr" if french else "category__label_en"
    return Prepared(
        lambda: (
            kind.objects.filter(
                Q(company_id__in=met_second) | Q(company_id__in=met_first),
                category_id__in=matching,
            )
            .order_by("pk")
            .values_list("company_id", label)
        )
    )


_REASONS = {
    (kind, french): _reasons_query(kind, french=french)
    for kind in (Offer, Need)
    for french in (False, True)
}


@dataclass
class AgendaPerson:
    """The other side of a meeting as an agenda shows it, in plain values."""

    name: str
    job_title: str  # empty unless they show it
    company_id: int
    company: str
    country: str  # ISO code


@dataclass
class AgendaRow:
    """One meeting seen from one participant, in plain values: what the agenda page and the
    calendar feed write. Reading models through eight relations cost most of those pages."""

    pk: int
    status: str
    sequence: int
    updated_at: dt.datetime | None
    start: dt.datetime | None
    end: dt.datetime | None
    room: str
    table: str
    interpreter: str
    message: str
    other: AgendaPerson
    they_offer: list[str] = field(default_factory=list)
    they_need: list[str] = field(default_factory=list)

    @property
    def scheduled(self) -> bool:
        return self.start is not None


_SIDE: tuple[str, ...] = (
    "user__first_name",
    "user__last_name",
    "user__email",
    "job_title",
    "show_job_title",
)
_SIDE += ("company_id", "company__name", "company__country")
_ROW: tuple[str, ...] = (
    "pk",
    "status",
    "sequence",
    "updated_at",
    "slot__start",
    "slot__end",
    "table__label",
)
_ROW += ("table__room__name", "interpreter__name", "request__message", "first_id")


def _agenda_rows_query(*, include_cancelled: bool) -> Prepared[Meeting]:
    """The meetings of `agenda_rows` as values, compiled once (paddock.core.prepared): building
    and compiling this query cost more than reading its rows."""
    me = Param("me", models.BigIntegerField())

    def build() -> QuerySet[Meeting]:
        meetings = Meeting.objects.filter(
            Q(first_id=me) | Q(second_id=me),
            edition_id=Param("edition", models.BigIntegerField()),
        )
        if not include_cancelled:
            meetings = meetings.exclude(status=MeetingStatus.CANCELLED)
        columns = _ROW + tuple(f"{side}__{name}" for side in ("first", "second") for name in _SIDE)
        return meetings.order_by("slot__start", "pk").values_list(*columns)

    return Prepared(build)


_AGENDA_ROWS = {
    cancelled: _agenda_rows_query(include_cancelled=cancelled) for cancelled in (False, True)
}


def agenda_rows(participant: Participant, *, include_cancelled: bool = False) -> list[AgendaRow]:
    """As `agenda_for`, in plain values: three queries whatever the number of meetings."""
    meetings = _AGENDA_ROWS[include_cancelled].rows(
        me=participant.pk, edition=participant.edition_id
    )
    rows = [_agenda_row(values, participant.pk) for values in meetings]
    if rows:
        offered_by, needed_by = _reasons(participant, {row.other.company_id for row in rows})
        for row in rows:
            row.they_offer = offered_by.get(row.other.company_id, [])
            row.they_need = needed_by.get(row.other.company_id, [])
    rows.sort(key=lambda row: (row.start is None, row.start.timestamp() if row.start else row.pk))
    return rows


def _agenda_row(values: tuple[Any, ...], me: int) -> AgendaRow:
    pk, status, sequence, updated_at, start, end, table, room, interpreter, message = values[:10]
    first_id, sides = values[10], values[11:]
    side = sides[len(_SIDE) :] if first_id == me else sides[: len(_SIDE)]
    first_name, last_name, email, job_title, show_job_title, company_id, company, country = side
    name = display_name(first_name, last_name, email)
    other = AgendaPerson(name, job_title if show_job_title else "", company_id, company, country)
    return AgendaRow(
        pk,
        status,
        sequence,
        updated_at,
        start,
        end,
        room or "",
        table or "",
        interpreter or "",
        message or "",
        other,
    )


def feed_entries(participant: Participant) -> list[AgendaRow]:
    """What the calendar feed shows once published: placed meetings, cancelled ones included,
    and those that lost their place since a publication (left out by a later run), at the
    place last published, so that calendars drop them as they drop a cancelled meeting."""
    if not schedule_published(participant.edition):
        return []
    rows = agenda_rows(participant, include_cancelled=True)
    # A meeting never placed keeps sequence 0: no publication can have shown it.
    _put_back_where_published(
        participant.edition, [row for row in rows if not row.scheduled and row.sequence]
    )
    return [row for row in rows if row.scheduled]


def _put_back_where_published(edition: Edition, rows: list[AgendaRow]) -> None:
    """Give each of `rows`, in memory only, the slot and table of the latest publication that
    had its meeting; when that slot or table was deleted since, the place kept for calendars
    at the deletion (`Meeting.kept_place`). One that no publication had and whose place no
    deletion kept stays without."""
    places = published_places(edition, [row.pk for row in rows])
    wanted = {row.pk: row for row in rows}
    for pk, place in resolved_places(places).items():
        wanted[pk].start, wanted[pk].end, wanted[pk].room, wanted[pk].table = place
    unplaced = [row.pk for row in rows if row.start is None]
    if unplaced:
        kept = Meeting.objects.filter(pk__in=unplaced, kept_place__isnull=False)
        for pk, stored in kept.values_list("pk", "kept_place"):
            if stored is None:  # read with a kept place: never
                continue
            row = wanted[pk]
            row.start = dt.datetime.fromisoformat(stored["start"])
            row.end = dt.datetime.fromisoformat(stored["end"])
            row.room, row.table = stored["room"], stored["table"]


Place = tuple[dt.datetime, dt.datetime, str, str]  # start, end, room's name, table's label


def resolved_places(places: dict[int, tuple[int, int]]) -> dict[int, Place]:
    """The time and names of each meeting's slot and table in `places` (meeting id to slot
    id and table id); a meeting whose slot or table no longer exists is left out."""
    slots = TimeSlot.objects.in_bulk([slot for slot, _table in places.values()])
    tables = Table.objects.select_related("room").in_bulk(
        [table for _slot, table in places.values()]
    )
    return {
        pk: (slots[slot].start, slots[slot].end, tables[table].room.name, tables[table].label)
        for pk, (slot, table) in places.items()
        if slot in slots and table in tables
    }


def published_places(edition: Edition, meetings: list[int]) -> dict[int, tuple[int, int]]:
    """The slot and table at which the latest publication that had each of `meetings` placed
    it; a meeting that no publication had is left out. The publications are the scheduling
    app's snapshots, read through the edition's reverse relation, as meetings sits below
    scheduling and does not import it; the newest first, until each meeting is found."""
    wanted = {str(pk) for pk in meetings}
    places: dict[str, list[int]] = {}
    if wanted:
        snapshots = edition.published_schedules.order_by("-published_at", "-pk")
        for assignments in snapshots.values_list("assignments", flat=True).iterator(chunk_size=1):
            found = wanted.intersection(assignments) - places.keys()
            places |= {key: assignments[key] for key in found}
            if len(places) == len(wanted):
                break
    return {int(key): (slot, table) for key, (slot, table) in places.items()}


def left_out_since_published(edition: Edition, slots: list[int] | None) -> list[int]:
    """The meetings without a place that a calendar feed shows (cancelled) at a slot of
    `slots` (None: any slot of the edition), where the latest publication that had them
    placed them (`feed_entries`)."""
    if slots is not None and not slots:
        return []
    # A meeting never placed keeps sequence 0: no publication can have shown it.
    pks = list(
        Meeting.objects.filter(edition=edition, slot=None, sequence__gt=0).values_list(
            "pk", flat=True
        )
    )
    places = published_places(edition, pks)
    return [pk for pk, (slot, _table) in places.items() if slots is None or slot in slots]


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
