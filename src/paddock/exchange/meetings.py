"""Importing meeting wishes or fixed meetings from a table of email pairs, all or nothing.

A wish becomes a request from the first person to the second, suggested by the organiser,
with the file's priority, that the second person answers (`meetings.suggest_meeting`). A fixed
meeting is set up directly, without a request, and weighs as a must-meet
(`meetings.arrange_meeting`). Both tell the two people, as they do when used one by one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy, gettext_noop

from paddock.core.services import log_action
from paddock.core.table_statistics import refresh_table_statistics
from paddock.events.models import Edition
from paddock.events.services.locking import lock_edition
from paddock.exchange.cell_errors import CellError, Words, column_named, message
from paddock.exchange.columns import Column
from paddock.exchange.imports import RowError, failing_at
from paddock.exchange.mapping import Mapping, choice_lookup, normalise
from paddock.exchange.reading import Row, Table, reporting
from paddock.meetings import services
from paddock.meetings.enums import LIVE_REQUEST_STATUSES, MeetingStatus, RequestPriority
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.meetings.services.common import CLOSED_TO_REQUESTS
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant

MEETING_COLUMNS = (
    Column(
        "first_email",
        gettext_lazy("First email"),
        (
            "email 1",
            "requester",
            "from",
            "demandeur",
            "email du demandeur",
            "participant 1",
            "courriel 1",
            "de",
        ),
        required=True,
    ),
    Column(
        "second_email",
        gettext_lazy("Second email"),
        (
            "email 2",
            "recipient",
            "to",
            "destinataire",
            "email du destinataire",
            "participant 2",
            "courriel 2",
            "avec",
        ),
        required=True,
    ),
    Column("priority", gettext_lazy("Priority"), ("priorité", "importance")),
)


class MeetingKind(models.TextChoices):
    WISHES = "wishes", gettext_lazy("Meeting wishes: requests the second person answers")
    FIXED = "fixed", gettext_lazy("Fixed meetings: set up directly, to be scheduled")


@dataclass(frozen=True)
class PlannedPair:
    line: int
    first: Participant
    second: Participant
    priority: str

    @property
    def priority_label(self) -> str:
        return str(RequestPriority(self.priority).label)


@dataclass
class MeetingImportResult:
    pairs: list[PlannedPair] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    created: int = 0


def _pair(first: int, second: int) -> frozenset[int]:
    return frozenset((first, second))


def _taken_pairs(edition: Edition) -> set[frozenset[int]]:
    """Pairs with a live request or a meeting not cancelled: two queries."""
    requests = MeetingRequest.objects.filter(edition=edition, status__in=LIVE_REQUEST_STATUSES)
    meetings = Meeting.objects.filter(edition=edition).exclude(status=MeetingStatus.CANCELLED)
    return {_pair(*ids) for ids in requests.values_list("requester_id", "recipient_id")} | {
        _pair(*ids) for ids in meetings.values_list("first_id", "second_id")
    }


class _PairChecker:
    def __init__(self, edition: Edition, mapping: Mapping) -> None:
        self.mapping = mapping
        self.errors: list[CellError] = []
        # Without the declined invitations whose account went (issue 16): they take no part.
        people = edition.participants.exclude(user=None).select_related(
            "user", "company", "edition"
        )
        self.people = {person.user.email.lower(): person for person in people}
        self.priorities = choice_lookup(RequestPriority)

    def error(self, line: int, key: str, problem: Words) -> None:
        column = column_named(self.mapping, key, MEETING_COLUMNS)
        self.errors.append(CellError(line, column, problem))

    def cell(self, row: Row, key: str) -> str:
        index = self.mapping.index(key)
        return row.cells[index].strip() if index is not None and index < len(row.cells) else ""

    def person(self, row: Row, key: str) -> Participant | None:
        email = self.cell(row, key)
        if not email:
            self.error(row.line, key, message(gettext_noop("This value is required.")))
            return None
        person = self.people.get(email.lower())
        if person is None:
            self.error(
                row.line,
                key,
                message(gettext_noop("%(email)s takes no part in this edition."), email=email),
            )
        elif person.status != ParticipantStatus.VALIDATED:
            self.error(
                row.line,
                key,
                message(
                    gettext_noop("%(email)s is not a validated participant of this edition."),
                    email=email,
                ),
            )
            return None
        return person

    def priority(self, row: Row) -> str:
        value = self.cell(row, "priority")
        if not value:
            return RequestPriority.SHOULD
        code = self.priorities.get(normalise(value))
        if code is None:
            self.error(
                row.line,
                "priority",
                message(gettext_noop("Unknown value: %(value)s."), value=value),
            )
            return RequestPriority.SHOULD
        return code


def plan_meetings(
    edition: Edition,
    table: Table,
    mapping: Mapping,
    *,
    progress: Callable[[int], None] | None = None,
) -> MeetingImportResult:
    """Every pair the table would create, and every error by line and column; writes nothing.
    `progress` is told how many rows were checked as it goes (`reading.reporting`).

    Three queries whatever the size of the file.
    """
    checker = _PairChecker(edition, mapping)
    taken = _taken_pairs(edition)
    seen: dict[frozenset[int], int] = {}
    result = MeetingImportResult()
    if edition.status in CLOSED_TO_REQUESTS:
        closed = message(gettext_noop("This edition does not take meeting requests."))
        checker.errors.append(CellError(0, "", closed))
    for row in reporting(table.rows, progress):
        first, second = checker.person(row, "first_email"), checker.person(row, "second_email")
        priority = checker.priority(row)
        if first is None or second is None:
            continue
        pair = _pair(first.pk, second.pk)
        if first.pk == second.pk:
            checker.error(
                row.line,
                "second_email",
                message(
                    gettext_noop("%(email)s is named twice: a meeting needs two people."),
                    email=first.user.email,
                ),
            )
        elif first.company_id == second.company_id:
            checker.error(
                row.line,
                "second_email",
                message(
                    gettext_noop(
                        "%(first)s and %(second)s work for the same company: meetings are "
                        "between companies."
                    ),
                    first=first.user.email,
                    second=second.user.email,
                ),
            )
        elif pair in seen:
            checker.error(
                row.line,
                "second_email",
                message(gettext_noop("This pair is already on line %(line)d."), line=seen[pair]),
            )
        elif pair in taken:
            checker.error(
                row.line,
                "second_email",
                message(
                    gettext_noop(
                        "%(first)s and %(second)s already have a request or a meeting together."
                    ),
                    first=first.user.email,
                    second=second.user.email,
                ),
            )
        seen.setdefault(pair, row.line)
        result.pairs.append(PlannedPair(row.line, first, second, priority))
    result.errors = checker.errors
    return result


def import_meetings(
    edition: Edition,
    *,
    by: Any,
    table: Table,
    mapping: Mapping,
    kind: str,
    dry_run: bool = False,
) -> MeetingImportResult:
    """Create a wish (request) or a fixed meeting for every row, or nothing when any row is
    wrong. One transaction: the edition is locked first (`lock_edition`), as the grid's moves
    do, then every person of the file in id order (`_lock_people`), then the services lock
    each pair again and tell both people once it commits.
    Returns the result, whose `errors` list every problem by line and column."""
    result = plan_meetings(edition, table, mapping)
    if result.errors or dry_run:
        return result
    return write_meetings(edition, result, by=by, kind=kind, mapping=mapping)


def write_meetings(
    edition: Edition, result: MeetingImportResult, *, by: Any, kind: str, mapping: Mapping
) -> MeetingImportResult:
    """Create what `result`, a plan without errors made before this transaction (on SQLite
    it holds the database's write lock), lists, in one transaction; `result` with the count,
    or with the error of the first row refused now, and nothing written: the file's people
    are compared with the plan under their locks (`_check_people_as_planned`), and each pair
    is checked again by the services under its lock."""
    column = column_named(mapping, "second_email", MEETING_COLUMNS)
    try:
        with transaction.atomic():
            edition = lock_edition(edition)  # its status as it is now, for the services' check
            _lock_people(result.pairs)
            _check_people_as_planned(result.pairs)
            for pair in result.pairs:
                with failing_at(pair.line, column):
                    _create_pair(edition, pair, by=by, kind=kind)
            transaction.on_commit(
                partial(refresh_table_statistics, (MeetingRequest, Meeting)), robust=True
            )
            log_action(
                "meetings.import", by=by, edition=edition, kind=kind, count=len(result.pairs)
            )
    except RowError as failure:
        result.errors = [failure.error]
        return result
    result.created = len(result.pairs)
    return result


def _check_people_as_planned(pairs: list[PlannedPair]) -> None:
    """The people of the file are still as the plan read them before the transaction (status,
    company, edition), which the services check on the plan's objects: else raises RowError.
    One query, under their locks."""
    people = {person.pk: person for pair in pairs for person in (pair.first, pair.second)}
    planned = {pk: (p.status, p.company_id, p.edition_id) for pk, p in people.items()}
    rows = Participant.objects.filter(pk__in=list(people))
    now = {pk: rest for pk, *rest in rows.values_list("pk", "status", "company_id", "edition_id")}
    if {pk: tuple(values) for pk, values in now.items()} != planned:
        changed = gettext_noop(
            "Someone changed a person of the file since it was checked: nothing was imported. "
            "Check the file again."
        )
        raise RowError(CellError(0, "", message(changed)))


def _lock_people(pairs: list[PlannedPair]) -> None:
    """Lock every person of the file at once, in id order, as a request locks its two people
    (`meetings.services.common.lock_pair`). Locked pair by pair in the file's order, an import
    and a request (or two imports) on crossed pairs each held a person the other waited for:
    "deadlock detected" on PostgreSQL (issue 16). The caller holds the edition's lock: a move,
    which takes it first, waits for the import there rather than holding one person the import
    needs (issue 16)."""
    services.lock_participants(
        {person.pk for pair in pairs for person in (pair.first, pair.second)}
    )


def _create_pair(edition: Edition, pair: PlannedPair, *, by: Any, kind: str) -> None:
    if kind == MeetingKind.FIXED:
        services.arrange_meeting(edition, by=by, first=pair.first, second=pair.second)
    else:
        services.suggest_meeting(
            edition, by=by, first=pair.first, second=pair.second, priority=pair.priority
        )
