"""Organiser pages answer in a fixed number of queries, whatever the size of the edition."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from paddock.events.models import Session, TeamInvitation, TimeSlot
from tests import factories
from tests.edit_forms import opened_data

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


def _settings_save_queries(client, edition, slots):
    """The queries of the settings page's save that moves the edition a week later, with
    `slots` slots in its grid."""
    session = Session.objects.create(edition=edition, name="Morning", date=edition.start_date)
    start = dt.datetime(2031, 6, 12, 7, tzinfo=dt.UTC)
    TimeSlot.objects.bulk_create(
        TimeSlot(
            edition=edition,
            session=session,
            start=start + dt.timedelta(minutes=30 * number),
            end=start + dt.timedelta(minutes=30 * (number + 1)),
        )
        for number in range(slots)
    )
    url = reverse("events:edition-update", args=[edition.slug])
    data = opened_data(client, url) | {"start_date": "2031-06-19", "end_date": "2031-06-19"}
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert (response.status_code, edition.slots.filter(start__gt=start).count()) == (302, slots)
    return len(queries)


def test_settings_save_moving_a_big_grid_query_count(client, organiser_user):
    """New dates move the whole grid: its slots are written together, not one by one."""
    client.force_login(organiser_user)
    small, big = (factories.make_edition(start_date=dt.date(2031, 6, 12)) for _ in range(2))
    for edition in (small, big):
        edition.series.organiser.members.add(organiser_user)

    assert _settings_save_queries(client, small, 2) == _settings_save_queries(client, big, 20)
