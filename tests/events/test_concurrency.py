"""Concurrent writes to an edition: overlapping slots (one slot is added), its settings saved
during a publication; on PostgreSQL and SQLite."""

import datetime as dt
import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from paddock.core.exceptions import DomainError
from paddock.events import services
from paddock.events.enums import EditionStatus
from paddock.events.exceptions import GridError, VenueError
from paddock.events.models import Edition, Interpreter, Room, Session, Table, TimeSlot
from paddock.events.services import editions, venue
from paddock.events.services import interpreters as interpreter_services
from paddock.events.views import protocol as protocol_views
from paddock.meetings.models import Meeting
from paddock.scheduling import services as scheduling_services
from paddock.scheduling.services import moves
from tests import factories
from tests.concurrency import held, race, signalled, slowed
from tests.edit_forms import opened_data
from tests.scheduling.helpers import make_meeting, make_slots, person, place

pytestmark = [pytest.mark.integration, pytest.mark.concurrency]

JUNE_12 = dt.date(2031, 6, 12)


def _utc(hour, minute=0):
    return dt.datetime.combine(JUNE_12, dt.time(hour, minute), tzinfo=dt.UTC)


@pytest.fixture
def session(db):
    edition = factories.make_edition(start_date=JUNE_12)
    return Session.objects.create(edition=edition, name="Morning", date=JUNE_12)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="an exclusion constraint")
def test_the_database_refuses_overlapping_slots(session):
    TimeSlot.objects.create(
        edition=session.edition, session=session, start=_utc(7), end=_utc(7, 30)
    )

    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        TimeSlot.objects.create(
            edition=session.edition, session=session, start=_utc(7, 15), end=_utc(7, 45)
        )

    assert "slot_no_overlap" in str(raised.value)


@pytest.mark.django_db(transaction=True)
def test_concurrent_overlapping_slots_leave_exactly_one():
    edition = factories.make_edition(start_date=JUNE_12)
    session = Session.objects.create(edition=edition, name="Morning", date=JUNE_12)
    user = factories.make_user()

    def add(minute: int) -> str:
        services.add_slot(session, by=user, start=_utc(7, minute), end=_utc(7, minute + 30))
        return "added"

    outcomes = race(add, [(0,), (5,), (10,), (15,)], GridError, lambda error: error.code)

    assert sorted(outcomes) == ["added", "slot_overlap", "slot_overlap", "slot_overlap"]
    assert TimeSlot.objects.filter(edition=edition).count() == 1


@pytest.mark.django_db(transaction=True)
def test_slot_delete_racing_a_move_into_it_is_refused_not_a_database_error(monkeypatch):
    edition = factories.make_edition()
    organiser = factories.make_user()
    table = factories.make_table(factories.make_room(edition, name="Tent", capacity=40))
    slot = make_slots(edition, 1)[0]
    meeting = make_meeting(person(edition, "Anna"), person(edition, "Bert"))
    slowed(monkeypatch, moves, "conflicts_at")  # the move holds the slot's lock a while

    def attempt(kind):
        if kind == "move":
            scheduling_services.move_meeting(meeting, by=organiser, slot=slot, table=table)
            return "moved"
        time.sleep(0.2)  # the move takes the slot's lock first
        services.delete_slot(TimeSlot.objects.get(pk=slot.pk), by=organiser)
        return "deleted"

    outcomes = race(attempt, [("move",), ("delete",)], GridError, lambda error: error.code)

    assert (sorted(outcomes), list(Meeting.objects.values_list("slot", flat=True))) == (
        ["moved", "place_held"],
        [slot.pk],
    )


@pytest.mark.django_db(transaction=True)
def test_edition_renamed_during_its_first_publication_stays_scheduled():
    """The organiser saves the edition's settings (read before the publication commits) while
    the schedule is published: the save waits for the publication, then wrote back every
    field as it had read them, the status the publication set (scheduled) included."""
    edition = factories.make_edition(start_date=JUNE_12)
    room = factories.make_room(edition)
    place(
        make_meeting(person(edition, "Anna"), person(edition, "Bert")),
        make_slots(edition, 1)[0],
        factories.make_table(room),
    )
    organiser = factories.make_user()
    read = Edition.objects.get(pk=edition.pk)  # as the settings page's request reads it
    published = threading.Event()

    def publish():
        with transaction.atomic():
            scheduling_services.publish_schedule(edition, by=organiser)
            published.set()
            time.sleep(0.5)  # the rest of the publication: its emails
        return "published"

    def rename():
        published.wait(10)
        services.update_edition(read, by=organiser, name="Renamed")
        return "renamed"

    outcomes = race(lambda job: job(), [(publish,), (rename,)], Exception, str)

    assert sorted(outcomes) == ["published", "renamed"]
    assert Edition.objects.values_list("name", "status").get(pk=edition.pk) == (
        "Renamed",
        EditionStatus.SCHEDULED,
    )


def _while_deleting(monkeypatch, delete, change):
    """`delete()` and `change()` at once, `change` starting once the row is deleted and the
    deletion not yet committed; each outcome is what it returned or (code, field, message)."""
    deleting = threading.Event()
    signalled(monkeypatch, venue, "log_action", deleting)
    slowed(monkeypatch, venue, "log_action")

    def deletion():
        delete()
        return "deleted"

    def after_deletion():
        deleting.wait(10)
        return change()

    outcomes = race(
        lambda job: job(),
        [(deletion,), (after_deletion,)],
        VenueError,
        lambda error: (error.code, error.field, error.message),
    )
    return sorted(outcomes, key=str)


@pytest.mark.django_db(transaction=True)
def test_table_relabelled_while_it_is_deleted_stays_deleted(monkeypatch):
    """An organiser relabels a table (read before) while another deletes it: the relabelling
    waited for the deletion, then its save found no row to update and inserted the table
    again. It is refused instead, naming the table, and the table stays deleted."""
    edition = factories.make_edition(start_date=JUNE_12)
    table = factories.make_table(factories.make_room(edition), label="T1")
    organiser, read = factories.make_user(), Table.objects.get(pk=table.pk)

    outcomes = _while_deleting(
        monkeypatch,
        lambda: services.delete_table(Table.objects.get(pk=table.pk), by=organiser),
        lambda: services.update_table(read, by=organiser, label="T9", home_participant=None),
    )

    assert outcomes == [("table_gone", "label", "The table T1 was deleted meanwhile."), "deleted"]
    assert list(Table.objects.filter(room__edition=edition)) == []


@pytest.mark.django_db(transaction=True)
def test_room_renamed_while_it_is_deleted_stays_deleted(monkeypatch):
    """As for a table: the renaming waited for the deletion, then inserted the room again
    (without its tables). It is refused instead, naming the room."""
    edition = factories.make_edition(start_date=JUNE_12)
    room = factories.make_room(edition, name="Tent")
    factories.make_table(room, label="T1")
    organiser, read = factories.make_user(), Room.objects.get(pk=room.pk)

    outcomes = _while_deleting(
        monkeypatch,
        lambda: services.delete_room(Room.objects.get(pk=room.pk), by=organiser),
        lambda: services.update_room(read, by=organiser, name="Hall", capacity=40),
    )

    assert outcomes == [("room_gone", "name", "The room Tent was deleted meanwhile."), "deleted"]
    assert list(Room.objects.filter(edition=edition)) == []


@pytest.mark.django_db(transaction=True)
def test_interpreter_deleted_while_a_move_gives_them_a_meeting_is_kept(monkeypatch):
    """A grid move gives a meeting its interpreter while an organiser deletes that
    interpreter: the deletion counted no live meeting (the move not committed yet) and went
    on; the move's commit then failed on PostgreSQL (its meeting names a deleted row: a server
    error). The deletion waits for the move (the edition first, as moves lock it) and is
    refused, naming the meeting it now interprets."""
    edition = factories.make_edition(start_date=JUNE_12)
    table = factories.make_table(factories.make_room(edition))
    slot = make_slots(edition, 1)[0]
    meeting = make_meeting(
        person(edition, "Anna", languages=["fr"]), person(edition, "Dora", languages=["de"])
    )
    yuki = factories.make_interpreter(edition, name="Yuki", languages=["fr", "de"])
    organiser = factories.make_user()
    moving = threading.Event()
    signalled(monkeypatch, moves, "log_action", moving)  # placed, not committed yet
    slowed(monkeypatch, moves, "log_action")

    def move():
        scheduling_services.move_meeting(meeting, by=organiser, slot=slot, table=table)
        return "moved"

    def delete():
        moving.wait(10)
        services.delete_interpreter(Interpreter.objects.get(pk=yuki.pk), by=organiser)
        return "deleted"

    outcomes = race(lambda job: job(), [(move,), (delete,)], DomainError, lambda e: e.code)

    assert sorted(outcomes) == ["interpreter_busy", "moved"]
    assert Meeting.objects.values_list("interpreter__name", flat=True).get(pk=meeting.pk) == "Yuki"


def _home_set_during_a_move(monkeypatch, *, move_to: str):
    """An organiser makes table T2 Anna's home while another moves her meeting with Bert to
    `move_to` ("T1" or "T2"), the move starting once the table is locked; the outcomes, and
    the meeting's table label with the home table's participant afterwards."""
    edition = factories.make_edition()
    room = factories.make_room(edition)
    tables = {label: factories.make_table(room, label=label) for label in ("T1", "T2")}
    slot = make_slots(edition, 1)[0]
    anna = person(edition, "Anna")
    meeting = make_meeting(anna, person(edition, "Bert"))
    organiser = factories.make_user()
    editing = held(monkeypatch, venue, "_lock_or_refuse")

    def attempt(job):
        if job == "home":
            services.update_table(
                Table.objects.get(pk=tables["T2"].pk), by=organiser, label="T2",
                home_participant=anna,
            )  # fmt: skip
            return "home set"
        editing.wait(10)
        scheduling_services.move_meeting(meeting, by=organiser, slot=slot, table=tables[move_to])
        return "moved"

    outcomes = race(attempt, [("home",), ("move",)], DomainError, lambda error: error.message)
    placed = Meeting.objects.values_list("table__label", flat=True).get(pk=meeting.pk)
    home = Table.objects.values_list("home_participant__user__first_name", flat=True)
    return sorted(outcomes), placed, home.get(pk=tables["T2"].pk)


@pytest.mark.django_db(transaction=True)
def test_table_made_a_home_while_a_meeting_moves_to_it_both_succeed(monkeypatch):
    """The home's save held the table, then waited at its commit for Anna's row (the home's
    reference to her), which the move had locked; the move waited at its commit for the
    table (the meeting's reference to it): on PostgreSQL "deadlock detected", a server error.
    The home's change now takes the edition first, as moves do, and they follow each other."""
    result = _home_set_during_a_move(monkeypatch, move_to="T2")

    assert result == (["home set", "moved"], "T2", "Anna")


@pytest.mark.django_db(transaction=True)
def test_table_made_a_home_while_a_meeting_moves_elsewhere_refuses_the_move(monkeypatch):
    """The move read the home tables while the home's save was not committed yet, and put
    Anna's meeting at another table than her new home. It now waits for the home (the edition
    first) and is refused, as it would be a moment later."""
    result = _home_set_during_a_move(monkeypatch, move_to="T1")

    assert result == (
        ["Anna Test receives every meeting at a home table; choose that table.", "home set"],
        None,
        "Anna",
    )


@pytest.mark.django_db(transaction=True)
def test_table_relabelled_while_its_home_is_set_keeps_both():
    """Two organisers edit one table from the page each read: one relabels it, the other sets
    its home participant. The second save wrote back every field as its page had read them,
    undoing the first's change; each now writes the fields it changed only."""
    edition = factories.make_edition()
    table = factories.make_table(factories.make_room(edition), label="T1")
    anna = person(edition, "Anna")
    organiser = factories.make_user()
    read = {job: Table.objects.get(pk=table.pk) for job in ("label", "home")}

    def edit(job):
        if job == "label":
            services.update_table(
                read[job], by=organiser, read=read[job], label="T9", home_participant=None
            )
        else:
            services.update_table(
                read[job], by=organiser, read=read[job], label="T1", home_participant=anna
            )
        return job

    outcomes = race(edit, [("label",), ("home",)], DomainError, lambda error: error.code)

    assert (sorted(outcomes), Table.objects.values_list("label", "home_participant").get()) == (
        ["home", "label"],
        ("T9", anna.pk),
    )


@pytest.mark.django_db(transaction=True)
def test_room_renamed_while_it_is_resized_keeps_both():
    """As for a table: one organiser renames a room while another changes its capacity; both
    changes are kept."""
    edition = factories.make_edition()
    room = factories.make_room(edition, name="Tent", capacity=40)
    organiser = factories.make_user()
    read = {job: Room.objects.get(pk=room.pk) for job in ("name", "capacity")}

    def edit(job):
        if job == "name":
            services.update_room(read[job], by=organiser, name="Hall", capacity=40)
        else:
            services.update_room(read[job], by=organiser, name="Tent", capacity=60)
        return job

    outcomes = race(edit, [("name",), ("capacity",)], DomainError, lambda error: error.code)

    assert (sorted(outcomes), Room.objects.values_list("name", "capacity").get()) == (
        ["capacity", "name"],
        ("Hall", 60),
    )


@pytest.mark.django_db(transaction=True)
def test_protocol_cap_lowered_while_the_health_pass_is_required_keeps_both(monkeypatch):
    """Two organisers save the protocol's form at once, one with a lower cap per room, the
    other requiring the health pass. Each request read the protocol before the other's save;
    the second wrote back the values its form was sent with, the old cap included. Each now
    writes the values it changed from what its request read, and those only."""
    edition, organiser = factories.make_edition(), factories.make_user()
    edition.series.organiser.members.add(organiser)
    _set_protocol(edition, organiser, max_persons_per_room=10)
    url = reverse("events:protocol", args=[edition.slug])
    opener = Client()
    opener.force_login(organiser)
    sent = opened_data(opener, url)  # the page both organisers opened
    slowed(monkeypatch, protocol_views, "protocol_of")  # both read it before either saves

    def save(changes):
        client = Client(raise_request_exception=False)
        client.force_login(organiser)
        return client.post(url, {**sent, **changes}).status_code

    changes = [({"max_persons_per_room": "6"},), ({"health_pass_required": "on"},)]
    outcomes = race(save, changes, Exception, repr)

    protocol = Edition.objects.get(pk=edition.pk).protocol
    assert (outcomes, protocol.max_persons_per_room, protocol.health_pass_required) == (
        [302, 302],
        6,
        True,
    )


def _set_protocol(edition, organiser, *, max_persons_per_room):
    services.update_protocol(
        edition, by=organiser, max_persons_per_room=max_persons_per_room,
        health_pass_required=False, visits_allowed=True,
    )  # fmt: skip


def _cap_lowered_during_a_move(monkeypatch, module, name, lower):
    """Room Tent (two tables, four persons: two meetings at once) holds Anna and Bert's
    meeting at T1 in the slot; an organiser lowers its cap to one meeting (`lower()`, held
    once `module.name` returned) while another moves Carl and Dora's meeting to T2 in that
    slot, the move starting meanwhile. The outcomes, and the tables taken in the slot."""
    edition = factories.make_edition()
    room = factories.make_room(edition, name="Tent", capacity=4)
    tables = [factories.make_table(room, label=label) for label in ("T1", "T2")]
    slot = make_slots(edition, 1)[0]
    place(make_meeting(person(edition, "Anna"), person(edition, "Bert")), slot, tables[0])
    meeting = make_meeting(person(edition, "Carl"), person(edition, "Dora"))
    organiser = factories.make_user()
    lowering = held(monkeypatch, module, name)

    def attempt(job):
        if job == "lower":
            lower(edition, room, organiser)
            return "lowered"
        lowering.wait(10)
        scheduling_services.move_meeting(meeting, by=organiser, slot=slot, table=tables[1])
        return "moved"

    outcomes = race(attempt, [("lower",), ("move",)], DomainError, lambda error: error.message)
    taken = Meeting.objects.filter(slot=slot).order_by("table__label")
    return sorted(outcomes), list(taken.values_list("table__label", flat=True))


@pytest.mark.django_db(transaction=True)
def test_room_capacity_lowered_while_a_meeting_moves_into_it_refuses_the_move(monkeypatch):
    """The move read the room's capacity while the lower one was saved, not committed yet,
    and put a second meeting in a room that now holds one. The capacity's change now takes
    the edition first, as moves do: the move waits for it and is refused."""

    def lower(edition, room, organiser):
        services.update_room(Room.objects.get(pk=room.pk), by=organiser, name="Tent", capacity=2)

    result = _cap_lowered_during_a_move(monkeypatch, venue, "_save_room", lower)

    assert result == (
        ["Tent already holds its maximum of 1 meetings at that time.", "lowered"],
        ["T1"],
    )


@pytest.mark.django_db(transaction=True)
def test_protocol_cap_lowered_while_a_meeting_moves_into_a_room_refuses_the_move(monkeypatch):
    """As for the room's capacity, with the protocol's cap per room (none before; two persons
    now): the protocol's change takes the edition first, and the move waits for it."""

    def lower(edition, room, organiser):
        _set_protocol(edition, organiser, max_persons_per_room=2)

    result = _cap_lowered_during_a_move(monkeypatch, editions, "log_action", lower)

    assert result == (
        ["Tent already holds its maximum of 1 meetings at that time.", "lowered"],
        ["T1"],
    )


@pytest.mark.django_db(transaction=True)
def test_interpreter_made_unavailable_while_a_move_gives_them_a_meeting_is_no_deadlock(
    monkeypatch,
):
    """An organiser unticks a slot of an interpreter while a grid move gives them a meeting in
    that slot. The edit locked the interpreter's row first, then waited for the slot (its
    unavailability refers to it) that the move held, while the move waited for the interpreter
    (its meeting refers to them): a deadlock on PostgreSQL, a server error for one of the two.
    The edit takes the edition first, as a move and a deletion do."""
    edition = factories.make_edition(start_date=JUNE_12)
    table = factories.make_table(factories.make_room(edition))
    slot = make_slots(edition, 1)[0]
    meeting = make_meeting(
        person(edition, "Anna", languages=["fr"]), person(edition, "Dora", languages=["de"])
    )
    yuki = factories.make_interpreter(edition, name="Yuki", languages=["fr", "de"])
    organiser = factories.make_user()
    editing = held(monkeypatch, interpreter_services, "lock_row", seconds=1.5)

    def edit():
        services.update_interpreter(
            Interpreter.objects.get(pk=yuki.pk), by=organiser, name="Yuki", email="",
            languages=["fr", "de"], available_slots=[],
        )  # fmt: skip
        return "edited"

    def move():
        editing.wait(10)
        scheduling_services.move_meeting(meeting, by=organiser, slot=slot, table=table)
        return "moved"

    outcomes = race(lambda job: job(), [(edit,), (move,)], DomainError, lambda e: e.code)

    assert sorted(outcomes) == ["edited", "moved"]
    # The move read the interpreter's slots as the edit left them: she no longer works then.
    assert Meeting.objects.values_list("slot", "interpreter").get(pk=meeting.pk) == (slot.pk, None)
