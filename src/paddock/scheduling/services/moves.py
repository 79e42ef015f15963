"""Hand changes to the schedule: move, swap, lock. Every conflict is refused and explained.

Each change locks the time slots it writes into (`select_for_update`), then the meetings and
participants it reads, so that two organisers moving meetings into the same slot, or meetings of
the same person, are served one at a time.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from paddock.core.services import log_action
from paddock.events.models import Edition, Table, TimeSlot
from paddock.events.queries import protocol_of
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.participants.models import Participant
from paddock.scheduling.problem import needs_interpreter
from paddock.scheduling.services.errors import ScheduleConflictError, ScheduleError


def _lock_slots(edition: Edition, *slots: TimeSlot) -> None:
    pks = sorted({slot.pk for slot in slots})
    list(TimeSlot.objects.select_for_update().filter(edition=edition, pk__in=pks).order_by("pk"))


def _locked_meeting(meeting: Meeting) -> Meeting:
    """The meeting and its two participants, locked: moves of one person's meetings queue."""
    return (
        Meeting.objects.select_for_update(of=("self", "first", "second"))
        .select_related("first__user", "second__user")
        .get(pk=meeting.pk)
    )


def _in_slot(slot: TimeSlot, ignore: set[int]) -> list[Meeting]:
    """The live meetings of the slot (locked), without those being moved."""
    return list(
        Meeting.objects.select_for_update(of=("self",))
        .filter(slot=slot)
        .exclude(status=MeetingStatus.CANCELLED)
        .exclude(pk__in=ignore)
        .select_related("table")
    )


def conflicts_at(meeting: Meeting, *, slot: TimeSlot, table: Table, ignore: set[int]) -> list[str]:
    """Every rule that placing `meeting` at (slot, table) would break, in plain words."""
    others = _in_slot(slot, ignore | {meeting.pk})
    people = [meeting.first, meeting.second]
    out = _people_conflicts(people, slot, others)
    if any(other.table_id == table.pk for other in others):
        out.append(_("Table %(table)s is already taken at that time.") % {"table": table.label})
    out += _home_conflicts(people, table)
    out += _capacity_conflicts(meeting, table, others)
    return out


def _people_conflicts(
    people: list[Participant], slot: TimeSlot, others: list[Meeting]
) -> list[str]:
    out = []
    away = set(
        Participant.unavailable_slots.through.objects.filter(
            timeslot_id=slot.pk, participant_id__in=[p.pk for p in people]
        ).values_list("participant_id", flat=True)
    )
    for person in people:
        if person.pk in away:
            out.append(_("%(name)s is unavailable at that time.") % {"name": person.user})
        if any(person.pk in (other.first_id, other.second_id) for other in others):
            out.append(_("%(name)s already has a meeting at that time.") % {"name": person.user})
    return out


def _home_conflicts(people: list[Participant], table: Table) -> list[str]:
    homes = dict(
        Table.objects.filter(home_participant__in=people).values_list("home_participant_id", "pk")
    )
    if not homes or table.pk in homes.values():
        return []
    names = [str(person.user) for person in people if person.pk in homes]
    return [
        _("%(names)s receives every meeting at a home table; choose that table.")
        % {"names": ", ".join(names)}
    ]


def _capacity_conflicts(meeting: Meeting, table: Table, others: list[Meeting]) -> list[str]:
    out = []
    room = table.room
    room_tables = Table.objects.filter(room=room).count()
    cap = room.meeting_cap(room_tables, protocol_of(room.edition))
    if sum(1 for other in others if other.table.room_id == room.pk) >= cap:
        out.append(
            _("%(room)s already holds its maximum of %(cap)s meetings at that time.")
            % {"room": room.name, "cap": cap}
        )
    edition = meeting.edition
    if edition.interpreters_available and _needs_interpreter(meeting):
        busy = sum(1 for other in others if _needs_interpreter(other))
        if busy >= edition.interpreters_available:
            out.append(
                _("All %(count)s interpreters are busy at that time.")
                % {"count": edition.interpreters_available}
            )
    return out


def _needs_interpreter(meeting: Meeting) -> bool:
    return needs_interpreter(meeting.first.languages or [], meeting.second.languages or [])


def _place(meeting: Meeting, slot: TimeSlot | None, table: Table | None) -> bool:
    changed = (meeting.slot_id, meeting.table_id) != (
        slot.pk if slot else None,
        table.pk if table else None,
    )
    meeting.slot, meeting.table = slot, table
    meeting.status = MeetingStatus.SCHEDULED if slot else MeetingStatus.TO_SCHEDULE
    if changed:
        meeting.sequence += 1
    meeting.save(update_fields=["slot", "table", "status", "sequence", "updated_at"])
    return changed


def _require_live(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ScheduleError(_("This meeting was cancelled; it cannot be placed."))


@transaction.atomic
def move_meeting(meeting: Meeting, *, by: Any, slot: TimeSlot, table: Table) -> Meeting:
    """Put a meeting at (slot, table) by hand. Locks the slot and the meetings in it.

    Raises ScheduleConflictError listing every broken rule (participant busy or unavailable, table
    taken, home table, room cap, interpreters), ScheduleError for a cancelled meeting.
    """
    edition = meeting.edition
    if slot.edition_id != edition.pk or table.room.edition_id != edition.pk:
        raise ScheduleError(_("That slot or table belongs to another edition."))
    _lock_slots(edition, slot)
    meeting = _locked_meeting(meeting)
    _require_live(meeting)
    conflicts = conflicts_at(meeting, slot=slot, table=table, ignore=set())
    if conflicts:
        raise ScheduleConflictError(conflicts, field="slot")
    _place(meeting, slot, table)
    log_action("schedule.move", by=by, edition=edition, obj=meeting, slot=slot.pk, table=table.pk)
    return meeting


@transaction.atomic
def swap_meetings(first: Meeting, second: Meeting, *, by: Any) -> tuple[Meeting, Meeting]:
    """Exchange the slots and tables of two placed meetings of one edition.

    Locks both slots and both meetings; raises ScheduleConflictError naming the rules either
    meeting would break at the other's place, ScheduleError when one is not placed.
    """
    if first.pk == second.pk or first.edition_id != second.edition_id:
        raise ScheduleError(_("Choose another meeting of this edition to swap with."))
    if first.slot_id is None or second.slot_id is None:
        raise ScheduleError(_("Both meetings must be placed to swap them."))
    _lock_slots(first.edition, first.slot, second.slot)
    first, second = _locked_meeting(first), _locked_meeting(second)
    _require_live(first)
    _require_live(second)
    ignore = {first.pk, second.pk}
    slot_a, table_a, slot_b, table_b = first.slot, first.table, second.slot, second.table
    conflicts = conflicts_at(first, slot=slot_b, table=table_b, ignore=ignore)
    conflicts += conflicts_at(second, slot=slot_a, table=table_a, ignore=ignore)
    if conflicts:
        raise ScheduleConflictError(list(dict.fromkeys(conflicts)), field="other")
    # Free the first place before filling it: a table holds one meeting per slot.
    Meeting.objects.filter(pk=first.pk).update(
        slot=None, table=None, status=MeetingStatus.TO_SCHEDULE
    )
    _place(second, slot_a, table_a)
    _place(first, slot_b, table_b)
    log_action("schedule.swap", by=by, edition=first.edition, obj=first, other=second.pk)
    return first, second


@transaction.atomic
def set_meeting_lock(meeting: Meeting, *, by: Any, locked: bool) -> Meeting:
    """Lock (later runs keep its slot and table) or unlock a placed meeting."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked and meeting.slot_id is None:
        raise ScheduleError(_("Place the meeting before locking it."))
    _require_live(meeting)
    meeting.locked = locked
    meeting.save(update_fields=["locked", "updated_at"])
    log_action("schedule.lock" if locked else "schedule.unlock", by=by, edition=meeting.edition,
               obj=meeting)  # fmt: skip
    return meeting
