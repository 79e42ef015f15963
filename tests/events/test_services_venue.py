import pytest

from paddock.core.models import AuditEntry
from paddock.events import services
from paddock.events.exceptions import VenueError
from paddock.events.models import Room, SanitaryProtocol, Table
from tests import factories

pytestmark = pytest.mark.integration


def test_create_room_places_it_after_the_others_and_logs(edition, organiser_user):
    factories.make_room(edition, name="Tent", position=3)

    room = services.create_room(edition, by=organiser_user, name=" Hall B ", capacity=30)

    assert (room.name, room.capacity, room.position) == ("Hall B", 30, 4)
    assert list(AuditEntry.objects.values_list("action", "object_repr")) == [
        ("room.create", "Hall B")
    ]


def test_create_room_refuses_a_duplicate_name_in_any_case(edition, organiser_user):
    factories.make_room(edition, name="Tent")

    with pytest.raises(VenueError) as raised:
        services.create_room(edition, by=organiser_user, name="tent", capacity=10)

    assert (raised.value.code, raised.value.field, raised.value.message) == (
        "room_name_taken",
        "name",
        "A room named “tent” already exists in this edition.",
    )


def test_create_room_allows_a_name_used_by_another_edition(edition, organiser_user):
    factories.make_room(factories.make_edition(), name="Tent")

    room = services.create_room(edition, by=organiser_user, name="Tent", capacity=10)

    assert Room.objects.filter(name="Tent").count() == 2
    assert room.edition == edition


def test_update_room_keeps_its_own_name(edition, organiser_user):
    room = factories.make_room(edition, name="Tent", capacity=40)

    services.update_room(room, by=organiser_user, name="Tent", capacity=20)

    room.refresh_from_db()
    assert (room.name, room.capacity) == ("Tent", 20)


def test_update_room_refuses_another_rooms_name(edition, organiser_user):
    factories.make_room(edition, name="Tent")
    room = factories.make_room(edition, name="Hall")

    with pytest.raises(VenueError) as raised:
        services.update_room(room, by=organiser_user, name="Tent", capacity=20)

    assert raised.value.field == "name"
    assert Room.objects.get(pk=room.pk).name == "Hall"


def test_delete_room_deletes_its_tables(edition, organiser_user):
    room = factories.make_room(edition)
    factories.make_table(room)

    services.delete_room(room, by=organiser_user)

    assert (Room.objects.count(), Table.objects.count()) == (0, 0)


def test_add_tables_labels_them_in_sequence_after_the_existing_ones(edition, organiser_user):
    room = factories.make_room(edition)
    factories.make_table(room, label="A1", position=1)

    tables = services.add_tables(room, by=organiser_user, count=3, prefix="T", start=1)

    assert [(table.label, table.position) for table in tables] == [
        ("T1", 2),
        ("T2", 3),
        ("T3", 4),
    ]
    assert list(room.tables.values_list("label", flat=True)) == ["A1", "T1", "T2", "T3"]


def test_add_tables_refuses_labels_that_exist_and_names_them(edition, organiser_user):
    room = factories.make_room(edition)
    factories.make_table(room, label="T3")
    factories.make_table(room, label="T5")

    with pytest.raises(VenueError) as raised:
        services.add_tables(room, by=organiser_user, count=12, prefix="T", start=1)

    assert (raised.value.field, raised.value.message) == (
        "start",
        "The room already has tables labelled T3, T5.",
    )
    assert room.tables.count() == 2


def test_add_tables_allows_labels_used_in_another_room(edition, organiser_user):
    factories.make_table(factories.make_room(edition), label="T1")
    room = factories.make_room(edition)

    tables = services.add_tables(room, by=organiser_user, count=2, prefix="T", start=1)

    assert [table.label for table in tables] == ["T1", "T2"]


@pytest.mark.parametrize(
    ("count", "prefix", "field"),
    [(0, "T", "count"), (201, "T", "count"), (2, "X" * 19, "prefix")],
)
def test_add_tables_refuses_wrong_settings(edition, organiser_user, count, prefix, field):
    room = factories.make_room(edition)

    with pytest.raises(VenueError) as raised:
        services.add_tables(room, by=organiser_user, count=count, prefix=prefix, start=9)

    assert raised.value.field == field


def test_update_table_sets_label_and_home_participant(edition, organiser_user, participant):
    table = factories.make_table(factories.make_room(edition), label="T1")

    services.update_table(table, by=organiser_user, label="VIP", home_participant=participant)

    table.refresh_from_db()
    assert (table.label, table.home_participant) == ("VIP", participant)


def test_update_table_refuses_a_label_of_the_same_room(edition, organiser_user):
    room = factories.make_room(edition)
    factories.make_table(room, label="T1")
    table = factories.make_table(room, label="T2")

    with pytest.raises(VenueError) as raised:
        services.update_table(table, by=organiser_user, label="T1", home_participant=None)

    assert (raised.value.field, raised.value.message) == (
        "label",
        "This room already has a table labelled T1.",
    )


def test_update_table_refuses_a_participant_who_has_a_home_table(
    edition, organiser_user, participant
):
    room = factories.make_room(edition, name="Tent")
    factories.make_table(room, label="T1", home_participant=participant)
    table = factories.make_table(room, label="T2")

    with pytest.raises(VenueError) as raised:
        services.update_table(table, by=organiser_user, label="T2", home_participant=participant)

    assert (raised.value.field, raised.value.message) == (
        "home_participant",
        "This participant already has a home table: Tent · T1.",
    )


def test_update_table_refuses_a_participant_of_another_edition(edition, organiser_user):
    table = factories.make_table(factories.make_room(edition))
    stranger = factories.make_participant(factories.make_edition())

    with pytest.raises(VenueError) as raised:
        services.update_table(table, by=organiser_user, label="T1", home_participant=stranger)

    assert raised.value.code == "home_participant_foreign"


def test_meeting_cap_follows_tables_capacity_and_protocol(edition):
    room = factories.make_room(edition, capacity=30)
    protocol = SanitaryProtocol(max_persons_per_room=15)

    caps = [
        room.meeting_cap(10, None),
        room.meeting_cap(20, None),
        room.meeting_cap(20, protocol),
        room.meeting_cap(5, protocol),
    ]

    assert caps == [10, 15, 7, 5]
