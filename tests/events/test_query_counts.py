"""Organiser pages answer in a fixed number of queries, whatever the size of the edition."""

import datetime as dt

import pytest
from django.urls import reverse

from paddock.events.models import Session, TeamInvitation, TimeSlot
from tests import factories

pytestmark = pytest.mark.integration

# Session, user, edition, then the viewer's roles (memberships, organiser membership).
REQUEST_OVERHEAD = 5


def _edition_with_rooms(organiser_user, count):
    edition = factories.make_edition()
    edition.series.organiser.members.add(organiser_user)
    for _ in range(count):
        room = factories.make_room(edition)
        factories.make_table(room, home_participant=factories.make_participant(edition))
        factories.make_table(room)
    return edition


def _edition_with_sessions(organiser_user, count):
    edition = factories.make_edition(start_date=dt.date(2031, 6, 12))
    edition.series.organiser.members.add(organiser_user)
    start = dt.datetime(2031, 6, 12, 7, tzinfo=dt.UTC)
    for number in range(count):
        session = Session.objects.create(
            edition=edition, name=f"Session {number}", date=edition.start_date, position=number
        )
        for _ in range(2):
            end = start + dt.timedelta(minutes=30)
            TimeSlot.objects.create(edition=edition, session=session, start=start, end=end)
            start = end
    return edition


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("page", ["events:room-list", "events:protocol"])
def test_room_pages_query_count(client, organiser_user, django_assert_num_queries, count, page):
    edition = _edition_with_rooms(organiser_user, count)
    client.force_login(organiser_user)

    # rooms with their table counts, protocol
    with django_assert_num_queries(REQUEST_OVERHEAD + 2):
        client.get(reverse(page, args=[edition.slug]))


@pytest.mark.parametrize("count", [1, 3])
def test_room_detail_query_count(client, organiser_user, django_assert_num_queries, count):
    edition = _edition_with_rooms(organiser_user, 1)
    room = edition.rooms.get()
    for _ in range(count):
        factories.make_table(room, home_participant=factories.make_participant(edition))
    client.force_login(organiser_user)

    # room, tables with their home participants, protocol
    with django_assert_num_queries(REQUEST_OVERHEAD + 3):
        client.get(reverse("events:room-detail", args=[edition.slug, room.pk]))


@pytest.mark.parametrize("count", [1, 3])
def test_grid_query_count(client, organiser_user, django_assert_num_queries, count):
    edition = _edition_with_sessions(organiser_user, count)
    client.force_login(organiser_user)

    # slot count, sessions, their slots
    with django_assert_num_queries(REQUEST_OVERHEAD + 3):
        client.get(reverse("events:grid", args=[edition.slug]))


@pytest.mark.parametrize("count", [1, 3])
def test_team_page_query_count(client, organiser_user, django_assert_num_queries, count):
    edition = factories.make_edition()
    edition.series.organiser.members.add(organiser_user)
    for role in ["staff", "checkin", "staff"][:count]:
        factories.give_role(factories.make_user(), edition, role)
        invitee = factories.make_user()
        TeamInvitation.objects.create(edition=edition, user=invitee, email=invitee.email, role=role)
    client.force_login(organiser_user)

    # the roles with their users, the invitations, the organisation's members
    with django_assert_num_queries(REQUEST_OVERHEAD + 3):
        client.get(reverse("events:team", args=[edition.slug]))


@pytest.mark.parametrize("count", [1, 3])
def test_interpreter_list_query_count(client, organiser_user, django_assert_num_queries, count):
    edition = _edition_with_sessions(organiser_user, 1)
    for _ in range(count):
        factories.make_interpreter(edition).unavailable_slots.add(edition.slots.first())
    client.force_login(organiser_user)

    # interpreters with their counts, slot count, the form's slots: checked, then offered
    with django_assert_num_queries(REQUEST_OVERHEAD + 4):
        client.get(reverse("events:interpreter-list", args=[edition.slug]))
