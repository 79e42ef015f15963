"""Hand moves, swaps and locks: every conflict refused with its reason."""

import pytest

from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.scheduling import services
from paddock.scheduling.problem import build_problem
from tests import factories
from tests.scheduling.helpers import place, state

pytestmark = pytest.mark.integration


def _refused(meeting, organiser_user, slot, table):
    with pytest.raises(services.ScheduleConflictError) as refused:
        services.move_meeting(meeting, by=organiser_user, slot=slot, table=table)
    return refused.value.conflicts


def test_move_places_a_meeting_and_raises_its_revision(organiser_user, venue, meetings):
    slot, table = venue.slots[2], venue.tables[1]

    services.move_meeting(meetings[0], by=organiser_user, slot=slot, table=table)

    meeting = Meeting.objects.get(pk=meetings[0].pk)
    assert (meeting.slot, meeting.table, meeting.status, meeting.sequence) == (
        venue.slots[2],
        venue.tables[1],
        MeetingStatus.SCHEDULED,
        1,
    )


def test_move_into_a_busy_participant_and_taken_table_is_refused(
    edition, organiser_user, venue, meetings
):
    place(meetings[0], venue.slots[0], venue.tables[0])  # Anna and Bert
    before = state(edition)

    conflicts = _refused(meetings[1], organiser_user, venue.slots[0], venue.tables[0])

    assert (conflicts, state(edition)) == (
        [
            "Anna Test already has a meeting at that time.",
            "Table T1 is already taken at that time.",
        ],
        before,
    )


def test_move_into_an_unavailable_slot_is_refused(organiser_user, venue, people, meetings):
    people.dora.unavailable_slots.add(venue.slots[3])

    conflicts = _refused(meetings[2], organiser_user, venue.slots[3], venue.tables[0])

    assert conflicts == ["Dora Test is unavailable at that time."]


def test_move_away_from_a_home_table_is_refused(organiser_user, venue, people, meetings):
    venue.tables[2].home_participant = people.dora
    venue.tables[2].save()

    conflicts = _refused(meetings[2], organiser_user, venue.slots[0], venue.tables[0])

    assert conflicts == ["Dora Test receives every meeting at a home table; choose that table."]


def test_move_beyond_the_room_cap_is_refused(edition, organiser_user, venue, meetings):
    edition.protocol.max_persons_per_room = 2  # one meeting at a time
    edition.protocol.save()
    place(meetings[0], venue.slots[0], venue.tables[0])

    conflicts = _refused(meetings[3], organiser_user, venue.slots[0], venue.tables[1])

    assert conflicts == [
        "Bert Test already has a meeting at that time.",
        "Tent already holds its maximum of 1 meetings at that time.",
    ]


def test_move_needing_an_interpreter_when_none_is_free_is_refused(
    edition, organiser_user, venue, people, meetings
):
    yuki = factories.make_interpreter(edition, name="Yuki", languages=["fr", "en", "de"])
    other = factories.make_participant(edition, languages=["de"])
    place(Meeting.objects.create(edition=edition, first=people.bert, second=other),
          venue.slots[1], venue.tables[0], interpreter=yuki)  # fmt: skip

    conflicts = _refused(meetings[2], organiser_user, venue.slots[1], venue.tables[1])

    assert conflicts == ["No interpreter who speaks a language of each side is free at that time."]


def test_move_to_a_slot_where_its_interpreter_is_busy_is_refused(
    edition, organiser_user, venue, people, meetings
):
    yuki = factories.make_interpreter(edition, name="Yuki", languages=["fr", "en", "de"])
    factories.make_interpreter(edition, name="Hans", languages=["fr", "en", "de"])
    other = factories.make_participant(edition, languages=["de"])
    place(Meeting.objects.create(edition=edition, first=people.bert, second=other),
          venue.slots[1], venue.tables[0], interpreter=yuki)  # fmt: skip
    place(meetings[2], venue.slots[0], venue.tables[1], interpreter=yuki)
    before = state(edition)

    conflicts = _refused(meetings[2], organiser_user, venue.slots[1], venue.tables[1])

    assert (conflicts, state(edition)) == (
        ["Its interpreter is busy or does not work at that time."],
        before,
    )


def test_move_keeps_the_interpreter_free_at_the_new_slot(
    edition, organiser_user, venue, people, meetings
):
    factories.make_interpreter(edition, name="Hans", languages=["fr", "de"])
    yuki = factories.make_interpreter(edition, name="Yuki", languages=["fr", "de"])
    place(meetings[2], venue.slots[0], venue.tables[1], interpreter=yuki)

    moved = services.move_meeting(
        meetings[2], by=organiser_user, slot=venue.slots[2], table=venue.tables[0]
    )

    assert (moved.slot, moved.interpreter) == (venue.slots[2], yuki)


def test_move_gives_a_free_interpreter_who_speaks_both_languages(
    edition, organiser_user, venue, people, meetings
):
    factories.make_interpreter(edition, name="Ana", languages=["fr", "en"])
    hans = factories.make_interpreter(edition, name="Hans", languages=["fr", "de"])

    moved = services.move_meeting(
        meetings[2], by=organiser_user, slot=venue.slots[2], table=venue.tables[0]
    )

    assert moved.interpreter == hans


def test_swap_exchanges_places(organiser_user, venue, meetings):
    place(meetings[0], venue.slots[0], venue.tables[0])
    place(meetings[3], venue.slots[1], venue.tables[1])

    services.swap_meetings(meetings[0], meetings[3], by=organiser_user)

    rows = Meeting.objects.filter(pk__in=[meetings[0].pk, meetings[3].pk]).order_by("pk")
    assert [(m.slot, m.table, m.sequence) for m in rows] == [
        (venue.slots[1], venue.tables[1], 1),
        (venue.slots[0], venue.tables[0], 1),
    ]


def test_swap_into_a_conflict_is_refused(edition, organiser_user, venue, meetings):
    place(meetings[0], venue.slots[0], venue.tables[0])  # Anna and Bert
    place(meetings[1], venue.slots[1], venue.tables[0])  # Anna and Carl
    place(meetings[3], venue.slots[0], venue.tables[1])  # Bert and Carl
    before = state(edition)

    with pytest.raises(services.ScheduleConflictError) as refused:
        services.swap_meetings(meetings[1], meetings[3], by=organiser_user)

    assert (refused.value.conflicts, state(edition)) == (
        ["Anna Test already has a meeting at that time."],
        before,
    )


def test_locked_meeting_is_fixed_in_later_runs(edition, organiser_user, venue, meetings):
    place(meetings[0], venue.slots[0], venue.tables[0])

    services.set_meeting_lock(meetings[0], by=organiser_user, locked=True)

    first = build_problem(edition).meetings[0]
    assert (first.required, first.fixed.slot, first.fixed.table) == (
        True,
        f"s{venue.slots[0].pk}",
        f"t{venue.tables[0].pk}",
    )


def test_locking_an_unplaced_meeting_is_refused(organiser_user, meetings):
    with pytest.raises(services.ScheduleError) as refused:
        services.set_meeting_lock(meetings[0], by=organiser_user, locked=True)

    assert refused.value.message == "Place the meeting before locking it."
