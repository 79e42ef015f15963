"""Hand changes to the schedule: move, swap, lock. Every conflict is refused and explained.

Each change locks the edition (`lock_edition`: a publication or a change on the day waits for
it), then the time slots it writes into (`select_for_update`), then the participants (in id
order) and meetings it reads, so that two organisers moving meetings into the same slot, or
meetings of the same person, are served one at a time.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from paddock.core.services import log_action
from paddock.events.models import Edition, Interpreter, Table, TimeSlot
from paddock.events.queries import rooms_with_meeting_caps
from paddock.events.services.grid import lock_slots as lock_grid_slots
from paddock.meetings.enums import FREED_STATUSES, MeetingStatus
from paddock.meetings.models import Meeting
from paddock.meetings.services import lock_participants, lock_people
from paddock.participants.models import Participant
from paddock.scheduling.problem import needs_interpreter
from paddock.scheduling.services.errors import ScheduleConflictError, ScheduleError
from paddock.visits.queries import visitors_during


def lock_slots(edition: Edition, *slots: TimeSlot) -> None:
    """Lock the edition, then `slots`: the order of every write to the schedule
    (`events.services.grid.lock_slots`)."""
    lock_grid_slots(edition, pk__in={slot.pk for slot in slots})


def locked_meeting(meeting: Meeting) -> Meeting:
    """The meeting and its two participants, locked: moves of one person's meetings queue.

    The people first, in id order, as a request between them locks them (`lock_people`), then
    the meeting. Locked with the meeting, first then second whatever their ids, a move held one
    person while a request held the other: "deadlock detected" on PostgreSQL (issue 16)."""
    lock_people(meeting.first_id, meeting.second_id)
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("first__user", "second__user")
        .get(pk=meeting.pk)
    )


@dataclass
class Held:
    """What the meetings holding a slot take: people, tables, room places, interpreters."""

    people: set[int]
    tables: set[int]
    per_room: Counter[int]
    interpreters: set[int]  # interpreters busy in the slot


@dataclass
class SlotRules:
    """What the rules of a place read about one slot, loaded once and checked for many
    candidates (the grid's move, the live page's offers)."""

    others: list[Meeting]  # meetings holding a table in the slot (table and people loaded)
    away: set[int]  # participants unavailable in the slot
    homes: dict[int, int]  # participant pk -> home table pk
    caps: dict[int, int]  # room pk -> meetings the room holds at once
    interpreters: list[Interpreter]  # those who work in the slot
    visiting: dict[int, Any] = field(default_factory=dict)  # participant pk -> zone visited
    _all: Held | None = field(default=None, repr=False)

    def held(self, ignore: set[int]) -> Held:
        """The summary of the slot's meetings without those in `ignore` (being moved)."""
        if ignore & {other.pk for other in self.others}:
            return _summary(other for other in self.others if other.pk not in ignore)
        if self._all is None:
            self._all = _summary(self.others)
        return self._all


def _summary(meetings: Iterable[Meeting]) -> Held:
    held = Held(set(), set(), Counter(), set())
    for meeting in meetings:
        held.people |= {meeting.first_id, meeting.second_id}
        if meeting.table is None:  # read in a slot, so placed: never
            continue
        held.tables.add(meeting.table.pk)
        held.per_room[meeting.table.room_id] += 1
        if meeting.interpreter_id is not None:
            held.interpreters.add(meeting.interpreter_id)
    return held


def slot_rules(
    edition: Edition, slots: list[TimeSlot], *, lock: bool = False
) -> dict[int, SlotRules]:
    """The rules' data for each slot, in six queries whatever the number of slots; `lock`
    locks the meetings read (inside a transaction that already locked the slots)."""
    pks = [slot.pk for slot in slots]
    held = (
        Meeting.objects.filter(slot_id__in=pks)
        .exclude(status__in=FREED_STATUSES)
        .select_related("table", "first", "second")
    )
    if lock:
        held = held.select_for_update(of=("self",))
    away = Participant.unavailable_slots.through.objects.filter(timeslot_id__in=pks).values_list(
        "timeslot_id", "participant_id"
    )
    homes = dict(
        Table.objects.filter(room__edition=edition, home_participant__isnull=False).values_list(
            "home_participant_id", "pk"
        )
    )
    caps = {
        room.pk: room.meeting_cap_now  # type: ignore[attr-defined]  # the query's annotation
        for room in rooms_with_meeting_caps(edition)
    }
    working = _working_interpreters(edition, pks)
    out = {pk: SlotRules([], set(), homes, caps, working[pk]) for pk in pks}
    for meeting in held:
        if meeting.slot_id is not None:  # read in the slots: never None
            out[meeting.slot_id].others.append(meeting)
    for slot_pk, participant_pk in away:
        out[slot_pk].away.add(participant_pk)
    for slot_pk, visitors in visitors_during(edition, slots).items():
        out[slot_pk].visiting = visitors
    return out


def _working_interpreters(edition: Edition, pks: list[int]) -> dict[int, list[Interpreter]]:
    """Per slot, the edition's interpreters who work in it, in two queries."""
    interpreters = list(edition.interpreters.all())
    away = Interpreter.unavailable_slots.through.objects.filter(timeslot_id__in=pks)
    off = set(away.values_list("timeslot_id", "interpreter_id"))
    return {pk: [i for i in interpreters if (pk, i.pk) not in off] for pk in pks}


def place_conflicts(
    people: list[Participant],
    table: Table,
    rules: SlotRules,
    *,
    ignore: set[int],
    interpreter: int | None = None,
) -> list[str]:
    """Every rule that two `people` meeting at `table` in the slot of `rules` would break,
    in plain words; `ignore` names meetings being moved away from the slot, `interpreter`
    the one the meeting keeps if it has one."""
    held = rules.held(ignore)
    return (
        _busy_people(people, rules, held)
        + table_conflicts(people, table, rules, ignore=ignore)
        + _interpreter_conflicts(people, rules, held, interpreter)
    )


def people_conflicts(people: list[Participant], rules: SlotRules, *, ignore: set[int]) -> list[str]:
    """The rules about the two people alone, whatever the table: busy, away, interpreters."""
    held = rules.held(ignore)
    return _busy_people(people, rules, held) + _interpreter_conflicts(people, rules, held, None)


def table_conflicts(
    people: list[Participant], table: Table, rules: SlotRules, *, ignore: set[int]
) -> list[str]:
    """The rules about the table: taken, a home table elsewhere, the room's cap."""
    held = rules.held(ignore)
    out = []
    if table.pk in held.tables:
        out.append(_("Table %(table)s is already taken at that time.") % {"table": table.label})
    homes = {person.pk: rules.homes[person.pk] for person in people if person.pk in rules.homes}
    if homes and table.pk not in homes.values():
        names = [str(person.user) for person in people if person.pk in homes]
        out.append(
            _("%(names)s receives every meeting at a home table; choose that table.")
            % {"names": ", ".join(names)}
        )
    room = table.room
    cap = rules.caps.get(room.pk, 0)
    if held.per_room[room.pk] >= cap:
        out.append(
            _("%(room)s already holds its maximum of %(cap)s meetings at that time.")
            % {"room": room.name, "cap": cap}
        )
    return out


def _busy_people(people: list[Participant], rules: SlotRules, held: Held) -> list[str]:
    out = []
    for person in people:
        if person.pk in rules.away:
            out.append(_("%(name)s is unavailable at that time.") % {"name": person.user})
        if person.pk in rules.visiting:
            out.append(
                _("%(name)s is on the visit of %(zone)s at that time (travel included).")
                % {"name": person.user, "zone": rules.visiting[person.pk].name}
            )
        if person.pk in held.people:
            out.append(_("%(name)s already has a meeting at that time.") % {"name": person.user})
    return out


def interpreter_for(
    people: list[Participant], rules: SlotRules, held: Held, current: int | None
) -> Interpreter | None:
    """Who interprets the two people in the slot: the meeting's interpreter (`current`) when
    it has one, else the first free interpreter speaking a language of each side. None when
    the edition has no interpreter, the two share a language, or nobody is free."""
    if not rules.interpreters or not _needs_interpreter(*people):
        return None
    for interpreter in rules.interpreters:
        if current is not None and interpreter.pk != current:
            continue
        spoken = set(interpreter.languages)
        if interpreter.pk not in held.interpreters and all(
            spoken & set(person.languages) for person in people if person.languages
        ):
            return interpreter
    return None


def _interpreter_conflicts(
    people: list[Participant], rules: SlotRules, held: Held, current: int | None
) -> list[str]:
    if not rules.interpreters or not _needs_interpreter(*people):
        return []
    if interpreter_for(people, rules, held, current) is not None:
        return []
    if current is not None:
        return [_("Its interpreter is busy or does not work at that time.")]
    return [_("No interpreter who speaks a language of each side is free at that time.")]


def conflicts_at(
    meeting: Meeting, *, slot: TimeSlot, table: Table, ignore: set[int]
) -> tuple[list[str], Interpreter | None]:
    """Every rule that placing `meeting` at (slot, table) would break, in plain words, and
    the interpreter it would have there. Locks the meetings of the slot."""
    rules = slot_rules(meeting.edition, [slot], lock=True)[slot.pk]
    people, ignore = [meeting.first, meeting.second], ignore | {meeting.pk}
    current = meeting.interpreter_id
    conflicts = place_conflicts(people, table, rules, ignore=ignore, interpreter=current)
    return conflicts, interpreter_for(people, rules, rules.held(ignore), current)


def _needs_interpreter(first: Participant, second: Participant) -> bool:
    return needs_interpreter(first.languages or [], second.languages or [])


def _place(
    meeting: Meeting,
    slot: TimeSlot | None,
    table: Table | None,
    interpreter: Interpreter | None = None,
) -> bool:
    changed = (meeting.slot_id, meeting.table_id) != (
        slot.pk if slot else None,
        table.pk if table else None,
    )
    # A no-show placed again (its pair came after all) is a meeting to hold again.
    changed = changed or meeting.status == MeetingStatus.NO_SHOW
    meeting.slot, meeting.table, meeting.absent = slot, table, ""
    meeting.interpreter = interpreter
    meeting.status = MeetingStatus.SCHEDULED if slot else MeetingStatus.TO_SCHEDULE
    if changed:
        meeting.sequence += 1
    meeting.save(
        update_fields=["slot", "table", "status", "absent", "sequence", "interpreter", "updated_at"]
    )
    return changed


def _require_live(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ScheduleError(_("This meeting was cancelled; it cannot be placed."))


@transaction.atomic
def move_meeting(meeting: Meeting, *, by: Any, slot: TimeSlot, table: Table) -> Meeting:
    """Put a meeting at (slot, table) by hand. Locks the edition, the slot and the meetings in it.

    Raises ScheduleConflictError listing every broken rule (participant busy or unavailable, table
    taken, home table, room cap, interpreters), ScheduleError for a cancelled meeting.
    """
    edition = meeting.edition
    if slot.edition_id != edition.pk or table.room.edition_id != edition.pk:
        raise ScheduleError(_("That slot or table belongs to another edition."))
    lock_slots(edition, slot)
    meeting = locked_meeting(meeting)
    _require_live(meeting)
    conflicts, interpreter = conflicts_at(meeting, slot=slot, table=table, ignore=set())
    if conflicts:
        raise ScheduleConflictError(conflicts, field="slot")
    _place(meeting, slot, table, interpreter)
    log_action("schedule.move", by=by, edition=edition, obj=meeting, slot=slot.pk, table=table.pk)
    return meeting


@transaction.atomic
def swap_meetings(first: Meeting, second: Meeting, *, by: Any) -> tuple[Meeting, Meeting]:
    """Exchange the slots and tables of two placed meetings of one edition.

    Locks the edition, both slots and both meetings; raises ScheduleConflictError naming the
    rules either meeting would break at the other's place, ScheduleError when one is not placed.
    """
    if first.pk == second.pk or first.edition_id != second.edition_id:
        raise ScheduleError(_("Choose another meeting of this edition to swap with."))
    if first.slot is None or second.slot is None:
        raise ScheduleError(_("Both meetings must be placed to swap them."))
    lock_slots(first.edition, first.slot, second.slot)
    # The four people at once, in id order: locked meeting by meeting, a swap held one pair
    # while a request between one person of each held the other (issue 16).
    lock_participants({first.first_id, first.second_id, second.first_id, second.second_id})
    first, second = locked_meeting(first), locked_meeting(second)
    _require_live(first)
    _require_live(second)
    if MeetingStatus.NO_SHOW in (first.status, second.status):
        # A no-show no longer holds its place: there is nothing to exchange.
        raise ScheduleError(_("Both meetings must be placed to swap them."))
    ignore = {first.pk, second.pk}
    slot_a, table_a, slot_b, table_b = first.slot, first.table, second.slot, second.table
    if slot_a is None or table_a is None or slot_b is None or table_b is None:
        raise ScheduleError(_("Both meetings must be placed to swap them."))  # unplaced since
    conflicts, first_interpreter = conflicts_at(first, slot=slot_b, table=table_b, ignore=ignore)
    found, second_interpreter = conflicts_at(second, slot=slot_a, table=table_a, ignore=ignore)
    conflicts += found
    if conflicts:
        raise ScheduleConflictError(list(dict.fromkeys(conflicts)), field="other")
    # Free the first place before filling it: a table holds one meeting per slot.
    Meeting.objects.filter(pk=first.pk).update(
        slot=None, table=None, status=MeetingStatus.TO_SCHEDULE
    )
    _place(second, slot_a, table_a, second_interpreter)
    _place(first, slot_b, table_b, first_interpreter)
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
