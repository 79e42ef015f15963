"""What an edition exports: one kind per file, each a list of translated headers and rows.

Each kind reads the edition with a fixed number of queries, whatever its size (tuples from
`values_list` where there are many rows, so that 20,000 meetings take a fraction of a second).
Headers and labels are in the file's language; times in the edition's time zone, without the
zone (spreadsheets know none). Adding a kind is a headers tuple, a rows function and a count
function, and one line in `KINDS`.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import Count, F, Min
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from paddock.checkin.models import CheckIn
from paddock.events.models import Edition
from paddock.exchange.columns import PARTICIPANT_COLUMNS
from paddock.exchange.writing import Cell, Table
from paddock.meetings.enums import MeetingStatus, RequestPriority, RequestStatus
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.outcomes.enums import NextStep, ValueBand
from paddock.outcomes.models import Outcome
from paddock.participants.models import Company, Need, Offer, Participant
from paddock.participants.queries import name_for_organisers_sql
from paddock.visits.enums import BookingStatus
from paddock.visits.models import Booking

Rows = list[list[Cell]]


@dataclass(frozen=True)
class Kind:
    key: str
    label: Promise
    headers: Sequence[Promise]
    rows: Callable[[Edition], Rows]
    count: Callable[[Edition], int]


def export_table(edition: Edition, kind: Kind, *, language: str) -> Table:
    """The kind's table, its headers and labels in `language`."""
    with translation.override(language):
        return Table(
            title=str(kind.label),
            headers=[str(header) for header in kind.headers],
            rows=kind.rows(edition),
        )


def export_filename(edition: Edition, kind: Kind, extension: str) -> str:
    """`<edition>-<kind>-<today in the edition's time zone>.<extension>`."""
    today = timezone.now().astimezone(edition.tzinfo).date()
    return f"{edition.slug}-{kind.key}-{today.isoformat()}.{extension}"


def kind_counts(edition: Edition) -> list[tuple[Kind, int]]:
    return [(kind, kind.count(edition)) for kind in KINDS.values()]


# Cell helpers.


def _local(zone: dt.tzinfo, moment: dt.datetime | None) -> dt.datetime | None:
    """A stored (UTC) moment as the wall-clock time of the edition's zone, without a zone."""
    if moment is None:
        return None
    return moment.astimezone(zone).replace(tzinfo=None)


def _person(first_name: str, last_name: str, email: str) -> str:
    return f"{first_name} {last_name}".strip() or email


def _labels(choices: type) -> dict[str, str]:
    """Code → label of a TextChoices in the active language ("" stays "")."""
    return {value: str(label) for value, label in choices.choices} | {"": ""}  # type: ignore[attr-defined]


def _capabilities(edition: Edition) -> dict[str, dict[int, str]]:
    """ "offers" and "needs": company id → capability codes separated by ", " (two queries)."""
    found: dict[str, dict[int, str]] = {}
    for key, model in (("offers", Offer), ("needs", Need)):
        codes: dict[int, list[str]] = defaultdict(list)
        rows = model.objects.filter(company__edition=edition, category__isnull=False)
        for company_id, code in rows.order_by("pk").values_list("company_id", "category__code"):
            codes[company_id].append(code)
        found[key] = {company_id: ", ".join(items) for company_id, items in codes.items()}
    return found


# Participants: the shared column list, then what only an export tells.

PARTICIPANT_EXTRA_HEADERS = (
    _("Status"),
    _("Registered on"),
    _("Validated on"),
    _("Checked in on"),
)


def _company_cells(company: Company, capabilities: dict[str, dict[int, str]]) -> dict[str, Cell]:
    return {
        "company": company.name,
        "country": countries.name(company.country.code) if company.country else "",
        "city": company.city,
        "sector": company.get_sector_display(),
        "size": company.get_size_display(),
        "website": company.website,
        "description": company.description,
        "offers": capabilities["offers"].get(company.pk, ""),
        "needs": capabilities["needs"].get(company.pk, ""),
    }


def participant_rows(edition: Edition) -> Rows:
    """One row per person, with the company's fields (four queries)."""
    zone = edition.tzinfo
    capabilities = _capabilities(edition)
    first_checkins = dict(
        CheckIn.objects.filter(edition=edition)
        .values("participant_id")
        .annotate(first=Min("checked_in_at"))
        .values_list("participant_id", "first")
    )
    people = (
        Participant.objects.filter(edition=edition)
        .select_related("user", "company")
        # Until the person accepts, the names the organisers gave, in order too (not the account's).
        .alias(
            shown_first_name=name_for_organisers_sql("first_name"),
            shown_last_name=name_for_organisers_sql("last_name"),
        )
        .order_by("company__name", "shown_last_name", "shown_first_name", "pk")
    )
    rows = []
    for person in people:
        first_name, last_name = person.names_for_organisers()
        cells = _company_cells(person.company, capabilities) | {
            "email": person.email_for_organisers(),
            "first_name": first_name,
            "last_name": last_name,
            "job_title": person.job_title,
            "phone": person.phone,
            "languages": ", ".join(person.languages),
            "role": person.get_role_display(),
        }
        rows.append(
            [cells[column.key] for column in PARTICIPANT_COLUMNS]
            + [
                person.get_status_display(),
                _local(zone, person.created_at),
                _local(zone, person.validated_at),
                _local(zone, first_checkins.get(person.pk)),
            ]
        )
    return rows


# Companies.

COMPANY_KEYS = (
    "company",
    "country",
    "city",
    "sector",
    "size",
    "website",
    "description",
    "offers",
    "needs",
)
_HEADERS = {column.key: column.header for column in PARTICIPANT_COLUMNS}
COMPANY_HEADERS = (*(_HEADERS[key] for key in COMPANY_KEYS), _("Participants"))


def company_rows(edition: Edition) -> Rows:
    """One row per company, with its number of participants (three queries)."""
    capabilities = _capabilities(edition)
    companies = (
        Company.objects.filter(edition=edition)
        .annotate(people=Count("participants"))
        .order_by("name", "pk")
    )
    rows = []
    for company in companies:
        cells = _company_cells(company, capabilities)
        rows.append([cells[key] for key in COMPANY_KEYS] + [company.people])  # type: ignore[attr-defined]
    return rows


# Meeting requests.

REQUEST_HEADERS = (
    pgettext_lazy("meeting request", "From"),
    pgettext_lazy("meeting request", "From company"),
    pgettext_lazy("meeting request", "To"),
    pgettext_lazy("meeting request", "To company"),
    _("Priority"),
    _("Status"),
    _("Mutual"),
    _("Sent on"),
    _("Answered on"),
)
_SIDE = ("user__first_name", "user__last_name", "user__email", "company__name")


def _side(prefix: str) -> list[str]:
    return [f"{prefix}__{field}" for field in _SIDE]


def request_rows(edition: Edition) -> Rows:
    """One row per request, the oldest first (one query)."""
    zone = edition.tzinfo
    priorities, statuses = _labels(RequestPriority), _labels(RequestStatus)
    yes, no = gettext("yes"), gettext("no")
    values = (
        MeetingRequest.objects.filter(edition=edition)
        .order_by("created_at", "pk")
        .values_list(
            *_side("requester"),
            *_side("recipient"),
            "priority",
            "status",
            "mutual",
            "created_at",
            "answered_at",
        )
    )
    return [
        [
            _person(*row[0:3]),
            row[3],
            _person(*row[4:7]),
            row[7],
            priorities[row[8]],
            statuses[row[9]],
            yes if row[10] else no,
            _local(zone, row[11]),
            _local(zone, row[12]),
        ]
        for row in values
    ]


# Meetings.

MEETING_HEADERS = (
    _("Day"),
    _("Start"),
    _("End"),
    _("Room"),
    _("Table"),
    _("Participant"),
    _("Company"),
    pgettext_lazy("the other side of a meeting", "Participant met"),
    pgettext_lazy("the other side of a meeting", "Company met"),
    _("Status"),
)


def meeting_rows(edition: Edition) -> Rows:
    """One row per meeting in the order of the day: slot, room, table (one query).

    Meetings without a slot come last, with empty day, times and place."""
    zone = edition.tzinfo
    statuses = _labels(MeetingStatus)
    values = (
        Meeting.objects.filter(edition=edition)
        .order_by(
            F("slot__start").asc(nulls_last=True),
            "table__room__position",
            "table__room__name",
            "table__position",
            "table__label",
            "pk",
        )
        .values_list(
            "slot__start",
            "slot__end",
            "table__room__name",
            "table__label",
            *_side("first"),
            *_side("second"),
            "status",
        )
    )
    rows: Rows = []
    for start, end, room, table, *people, status in values:
        local_start, local_end = _local(zone, start), _local(zone, end)
        rows.append(
            [
                local_start.date() if local_start else None,
                local_start.time() if local_start else None,
                local_end.time() if local_end else None,
                room or "",
                table or "",
                _person(*people[0:3]),
                people[3],
                _person(*people[4:7]),
                people[7],
                statuses[status],
            ]
        )
    return rows


# Check-ins.

CHECKIN_HEADERS = (
    _("Participant"),
    _("Company"),
    _("Checked in at"),
    _("Place"),
    _("Checked in by"),
    _("Health pass checked"),
)


def checkin_rows(edition: Edition) -> Rows:
    """One row per arrival, the earliest first (one query)."""
    zone = edition.tzinfo
    entrance, yes, no = gettext("Entrance"), gettext("yes"), gettext("no")
    values = (
        CheckIn.objects.filter(edition=edition)
        .order_by("checked_in_at", "pk")
        .values_list(
            *_side("participant"),
            "checked_in_at",
            "room__name",
            "by__first_name",
            "by__last_name",
            "by__email",
            "health_pass_checked",
        )
    )
    return [
        [
            _person(*row[0:3]),
            row[3],
            _local(zone, row[4]),
            row[5] or entrance,
            _person(*row[6:9]) if row[8] else "",
            yes if row[9] else no,
        ]
        for row in values
    ]


# Visits: one row per booking.

VISIT_HEADERS = (
    _("Zone"),
    _("Day"),
    _("Start"),
    _("End"),
    _("Participant"),
    _("Company"),
    _("Booking"),
    _("Place on the waiting list"),
    _("Booked on"),
    _("Checked in at"),
)


def visit_rows(edition: Edition) -> Rows:
    """One row per booking, in the order of the visits (one query). The zone's name is in the
    file's language."""
    zone = edition.tzinfo
    statuses = _labels(BookingStatus)
    name = (
        "session__zone__name_fr" if translation.get_language() == "fr" else "session__zone__name_en"
    )
    values = (
        Booking.objects.filter(session__zone__edition=edition)
        .order_by("session__start", name, "status", "position", "pk")
        .values_list(
            name,
            "session__start",
            "session__end",
            *_side("participant"),
            "status",
            "position",
            "created_at",
            "checked_in_at",
        )
    )
    rows: Rows = []
    for zone_name, start, end, *person, status, position, created, checked_in in values:
        local_start = _local(zone, start)
        rows.append(
            [
                zone_name,
                local_start.date() if local_start else None,
                local_start.time() if local_start else None,
                _local(zone, end).time() if end else None,
                _person(*person[0:3]),
                person[3],
                statuses[status],
                position if status == BookingStatus.WAITING else None,
                _local(zone, created),
                _local(zone, checked_in),
            ]
        )
    return rows


def _visit_count(edition: Edition) -> int:
    return Booking.objects.filter(session__zone__edition=edition).count()


# Outcomes: one row per side's answer about a meeting.

OUTCOME_HEADERS = (
    _("Day"),
    _("Start"),
    _("Participant"),
    _("Company"),
    pgettext_lazy("the other side of a meeting", "Participant met"),
    pgettext_lazy("the other side of a meeting", "Company met"),
    _("Took place"),
    _("Interest (1-5)"),
    _("Next step"),
    _("Value"),
    _("Comment for the organisers"),
    _("Answered on"),
)


def outcome_rows(edition: Edition) -> Rows:
    """One row per answer, by meeting then side (one query)."""
    zone = edition.tzinfo
    steps, bands = _labels(NextStep), _labels(ValueBand)
    yes, no = gettext("yes"), gettext("no")
    values = (
        Outcome.objects.filter(meeting__edition=edition)
        .order_by(F("meeting__slot__start").asc(nulls_last=True), "meeting_id", "pk")
        .values_list(
            "meeting__slot__start",
            "participant_id",
            "meeting__first_id",
            *_side("meeting__first"),
            *_side("meeting__second"),
            "took_place",
            "interest",
            "next_step",
            "value_band",
            "comment",
            "answered_at",
        )
    )
    rows: Rows = []
    for start, side, first_id, *cells in values:
        first, second = cells[0:4], cells[4:8]
        took_place, interest, step, band, comment, answered = cells[8:]
        me, other = (first, second) if side == first_id else (second, first)
        local_start = _local(zone, start)
        rows.append(
            [
                local_start.date() if local_start else None,
                local_start.time() if local_start else None,
                _person(*me[0:3]),
                me[3],
                _person(*other[0:3]),
                other[3],
                yes if took_place else no,
                interest,
                steps[step or ""],
                bands[band or ""],
                comment,
                _local(zone, answered),
            ]
        )
    return rows


def _outcome_count(edition: Edition) -> int:
    return Outcome.objects.filter(meeting__edition=edition).count()


def _of_edition(model: type) -> Callable[[Edition], int]:
    """Counts the model's rows of the edition."""
    return lambda edition: model.objects.filter(edition=edition).count()  # type: ignore[attr-defined]


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        Kind(
            "participants",
            _("Participants"),
            (*(column.header for column in PARTICIPANT_COLUMNS), *PARTICIPANT_EXTRA_HEADERS),
            participant_rows,
            _of_edition(Participant),
        ),
        Kind("companies", _("Companies"), COMPANY_HEADERS, company_rows, _of_edition(Company)),
        Kind(
            "requests",
            _("Meeting requests"),
            REQUEST_HEADERS,
            request_rows,
            _of_edition(MeetingRequest),
        ),
        Kind("meetings", _("Meetings"), MEETING_HEADERS, meeting_rows, _of_edition(Meeting)),
        Kind("checkins", _("Check-ins"), CHECKIN_HEADERS, checkin_rows, _of_edition(CheckIn)),
        Kind("visits", _("Visits"), VISIT_HEADERS, visit_rows, _visit_count),
        Kind("outcomes", _("Outcomes"), OUTCOME_HEADERS, outcome_rows, _outcome_count),
    )
}
