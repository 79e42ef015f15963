import pytest
from django.urls import reverse

from paddock.events.models import Room, SanitaryProtocol, Table
from tests import factories
from tests.edit_forms import post_as_opened
from tests.events.helpers import swapped_out_of_band

pytestmark = pytest.mark.integration


def _url(name, edition, *args):
    return reverse(f"events:{name}", args=[edition.slug, *args])


def _field_errors(response, field):
    return response.context["form"].errors.get(field)


def test_room_list_shows_capacity_tables_and_meeting_cap(organiser_client, edition):
    SanitaryProtocol.objects.filter(edition=edition).update(max_persons_per_room=10)
    room = factories.make_room(edition, name="Tent", capacity=40)
    for label in ["T1", "T2", "T3", "T4", "T5", "T6"]:
        factories.make_table(room, label=label)

    response = organiser_client.get(_url("room-list", edition))

    rows = [
        (r.name, r.capacity, r.table_count, r.meeting_cap_now) for r in response.context["rooms"]
    ]
    assert (response.status_code, rows) == (200, [("Tent", 40, 6, 5)])
    assert "40 persons" in response.content.decode()


def test_organiser_creates_a_room_and_lands_on_its_tables(organiser_client, edition):
    response = organiser_client.post(
        _url("room-create", edition), {"name": "Tent", "capacity": "40"}
    )

    room = Room.objects.get()
    assert (room.name, room.capacity, room.edition) == ("Tent", 40, edition)
    assert response.url == _url("room-detail", edition, room.pk)


def test_duplicate_room_name_is_shown_next_to_the_name(organiser_client, edition):
    factories.make_room(edition, name="Tent")

    response = organiser_client.post(
        _url("room-create", edition), {"name": "Tent", "capacity": "40"}
    )

    assert (response.status_code, _field_errors(response, "name")) == (
        200,
        ["A room named “Tent” already exists in this edition."],
    )
    assert 'id="field-name"' in response.content.decode()


def test_room_capacity_must_be_positive(organiser_client, edition):
    response = organiser_client.post(
        _url("room-create", edition), {"name": "Tent", "capacity": "0"}
    )

    assert _field_errors(response, "capacity") == [
        "Ensure this value is greater than or equal to 1."
    ]


def test_organiser_edits_a_room(organiser_client, edition):
    room = factories.make_room(edition, name="Tent", capacity=40)

    form = organiser_client.get(_url("room-update", edition, room.pk)).context["form"]
    response = post_as_opened(
        organiser_client,
        _url("room-update", edition, room.pk),
        {"name": "Big tent", "capacity": "80"},
    )

    room.refresh_from_db()
    assert form.initial == {"name": "Tent", "capacity": 40}
    assert (response.url, room.name, room.capacity) == (_url("room-list", edition), "Big tent", 80)


def test_organiser_deletes_a_room_after_confirming(organiser_client, edition):
    room = factories.make_room(edition, name="Tent")
    factories.make_table(room)

    page = organiser_client.get(_url("room-delete", edition, room.pk))
    response = organiser_client.post(_url("room-delete", edition, room.pk))

    assert (page.context["question"], page.context["consequence"]) == (
        "Delete the room Tent?",
        "Its 1 table will be deleted too.",
    )
    assert (response.url, Room.objects.count()) == (_url("room-list", edition), 0)


def test_room_of_another_edition_is_not_found(organiser_client, edition):
    other = factories.make_room(factories.make_edition())

    response = organiser_client.get(_url("room-detail", edition, other.pk))

    assert response.status_code == 404


def test_organiser_adds_tables_in_bulk(organiser_client, edition):
    room = factories.make_room(edition)

    response = organiser_client.post(
        _url("room-detail", edition, room.pk),
        {"count": "12", "prefix": "T", "start": "1"},
        follow=True,
    )

    labels = [table.label for table in response.context["tables"]]
    messages = [str(message) for message in response.context["messages"]]
    assert labels == [f"T{n}" for n in range(1, 13)]
    assert messages == ["12 tables added: T1 to T12."]


def test_bulk_tables_refuses_existing_labels_next_to_the_first_number(organiser_client, edition):
    room = factories.make_room(edition)
    factories.make_table(room, label="T2")

    response = organiser_client.post(
        _url("room-detail", edition, room.pk), {"count": "3", "prefix": "T", "start": "1"}
    )

    assert _field_errors(response, "start") == ["The room already has a table labelled T2."]
    assert room.tables.count() == 1


def test_organiser_edits_a_table_with_a_home_participant(organiser_client, edition, participant):
    table = factories.make_table(factories.make_room(edition), label="T1")

    response = post_as_opened(
        organiser_client,
        _url("table-update", edition, table.pk),
        {"label": "T1", "home_participant": participant.pk},
    )

    table.refresh_from_db()
    assert (response.url, table.home_participant) == (
        _url("room-detail", edition, table.room_id),
        participant,
    )


def test_table_form_offers_only_participants_of_the_edition(organiser_client, edition, participant):
    factories.make_participant(factories.make_edition())
    table = factories.make_table(factories.make_room(edition))

    form = organiser_client.get(_url("table-update", edition, table.pk)).context["form"]

    assert list(form.fields["home_participant"].queryset) == [participant]


def test_home_participant_taken_is_shown_next_to_the_field(organiser_client, edition, participant):
    room = factories.make_room(edition, name="Tent")
    factories.make_table(room, label="T1", home_participant=participant)
    table = factories.make_table(room, label="T2")

    response = post_as_opened(
        organiser_client,
        _url("table-update", edition, table.pk),
        {"label": "T2", "home_participant": participant.pk},
    )

    assert _field_errors(response, "home_participant") == [
        "This participant already has a home table: Tent · T1."
    ]


def test_table_delete_under_htmx_updates_the_room_counts(organiser_client, edition):
    room = factories.make_room(edition, name="Tent", capacity=40)
    table, _, _ = (factories.make_table(room) for _ in range(3))

    response = organiser_client.post(
        _url("table-delete", edition, table.pk), HTTP_HX_REQUEST="true"
    )

    assert (response.status_code, swapped_out_of_band(response), Table.objects.count()) == (
        200,
        [
            ("room-summary", "Holds 40 persons · at most 2 meetings at once · Edit the room"),
            ("table-count", "2 tables"),
        ],
        2,
    )


def test_table_delete_without_htmx_redirects_to_the_room(organiser_client, edition):
    table = factories.make_table(factories.make_room(edition))

    response = organiser_client.post(_url("table-delete", edition, table.pk))

    assert (response.url, Table.objects.count()) == (_url("room-detail", edition, table.room_id), 0)


def test_bulk_tables_form_numbers_on_after_the_existing_tables(organiser_client, edition):
    room = factories.make_room(edition)
    factories.make_table(room, label="T1")
    factories.make_table(room, label="T2")

    form = organiser_client.get(_url("room-detail", edition, room.pk)).context["form"]

    assert (form["start"].value(), form["prefix"].value(), form["count"].value()) == (3, "T", 10)


def test_home_table_choices_leave_out_people_who_have_not_accepted_their_invitation(
    client, edition, organiser_user
):
    table = factories.make_table(factories.make_room(edition))
    accepted = {
        status: factories.make_participant(edition, status=status)
        for status in ("invited", "declined", "registered", "validated")
    }
    client.force_login(organiser_user)

    form = client.get(reverse("events:table-update", args=[edition.slug, table.pk])).context["form"]

    assert list(form.fields["home_participant"].queryset) == sorted(
        [accepted["registered"], accepted["validated"]], key=lambda p: p.user.last_name
    )
