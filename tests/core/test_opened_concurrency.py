"""A colleague's save that lands after an edit form's POST read the row, and before the
service locked it, is reported as a conflict when both changed the same field (`core.opened`
compares the page with the POST's read; `core.services.set_changed` compares that read with
the row under the lock)."""

import datetime as dt
import re
import threading

import pytest
from django.db import connections
from django.urls import reverse

from paddock.events import services
from paddock.events.models import Room, Session, TimeSlot
from paddock.participants import profile
from tests import factories
from tests.edit_forms import opened_data

pytestmark = [pytest.mark.integration, pytest.mark.concurrency]


@pytest.fixture
def organiser_client(client, organiser_user):
    client.force_login(organiser_user)
    return client


def _between_the_read_and_the_lock(monkeypatch, module, name, colleague):
    """`module.name`, the service the view calls after its form compared the page with the
    row it read, first lets `colleague()` save in another request (thread and connection)."""
    real = getattr(module, name)

    def colleague_first(*args, **kwargs):
        thread = threading.Thread(target=_in_own_connection, args=(colleague,))
        thread.start()
        thread.join()
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, colleague_first)


def _in_own_connection(call):
    try:
        call()
    finally:
        connections.close_all()


def _errors(response):
    return re.findall(
        r'<[^>]*class="errorlist[^"]*"[^>]*>\s*<li>([^<]*)', response.content.decode()
    )


@pytest.mark.django_db(transaction=True)
def test_a_capacity_saved_between_the_post_s_read_and_the_lock_is_a_conflict(
    organiser_client, edition, monkeypatch
):
    room = factories.make_room(edition, name="Tent", capacity=10)
    url = reverse("events:room-update", args=[edition.slug, room.pk])
    opened = opened_data(organiser_client, url)
    real_update = services.update_room

    def colleague():
        real_update(Room.objects.get(pk=room.pk), by=None, name="Tent", capacity=20)

    _between_the_read_and_the_lock(monkeypatch, services, "update_room", colleague)

    response = organiser_client.post(url, {**opened, "capacity": "30"})

    assert (response.status_code, _errors(response), Room.objects.get(pk=room.pk).capacity) == (
        200,
        [
            "Someone else changed this since you opened the page, to a value you did not see. "
            "Check it and save again."
        ],
        20,
    )


@pytest.mark.django_db(transaction=True)
def test_another_field_saved_between_the_post_s_read_and_the_lock_stays(
    organiser_client, edition, monkeypatch
):
    room = factories.make_room(edition, name="Tent", capacity=10)
    url = reverse("events:room-update", args=[edition.slug, room.pk])
    opened = opened_data(organiser_client, url)
    real_update = services.update_room

    def colleague():
        real_update(Room.objects.get(pk=room.pk), by=None, name="Big tent", capacity=10)

    _between_the_read_and_the_lock(monkeypatch, services, "update_room", colleague)

    response = organiser_client.post(url, {**opened, "capacity": "30"})

    room.refresh_from_db()
    assert (response.status_code, room.name, room.capacity) == (302, "Big tent", 30)


@pytest.mark.django_db(transaction=True)
def test_slots_saved_from_another_tab_between_the_post_s_read_and_the_lock_are_a_conflict(
    client, edition, monkeypatch
):
    me = factories.make_participant(edition)
    client.force_login(me.user)
    session = Session.objects.create(edition=edition, name="Morning", date=edition.start_date)
    start = dt.datetime.combine(edition.start_date, dt.time(7), tzinfo=dt.UTC)
    slots = [
        TimeSlot.objects.create(
            edition=edition,
            session=session,
            start=start + dt.timedelta(minutes=30 * n),
            end=start + dt.timedelta(minutes=30 * n + 25),
        )
        for n in range(2)
    ]
    page = reverse("participants-portal:profile", args=[edition.slug])
    opened = opened_data(client, page, form="availability_form")
    real_set = profile.set_unavailable_slots

    def other_tab():
        real_set(me, by=me.user, slots=[slots[1]])

    _between_the_read_and_the_lock(monkeypatch, profile, "set_unavailable_slots", other_tab)

    response = client.post(
        reverse("participants-portal:profile-availability", args=[edition.slug]),
        {**opened, "slots": [slots[0].pk]},
    )

    assert (response.status_code, set(me.unavailable_slots.all())) == (200, {slots[1]})
    assert response.context["availability_form"].errors == {
        "slots": [
            "Someone else changed this since you opened the page, to a value you did not see. "
            "Check it and save again."
        ]
    }
