"""Fixtures of the API tests: tokens, and a small edition with a schedule."""

import datetime as dt

import pytest

from paddock.api import services
from paddock.checkin.models import Badge
from paddock.events.enums import EditionStatus
from paddock.events.models import Session, TimeSlot
from paddock.meetings.enums import MeetingStatus
from paddock.participants.models import Participant
from tests import factories


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Factories create users with a password; the default hasher is deliberately slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def new_token(user, *editions, write=False):
    """The text of a new token of `user` reaching `editions`."""
    _token, text = services.create_token(
        user, by=user, name="test", editions=editions, can_write=write
    )
    return text


def bearer(text):
    return {"Authorization": f"Bearer {text}"}


def make_slot(edition, *, hour, day=None):
    day = day or edition.start_date
    session, _created = Session.objects.get_or_create(
        edition=edition, name=f"Day {day}", defaults={"date": day}
    )
    start = dt.datetime.combine(day, dt.time(hour), tzinfo=edition.tzinfo)
    return TimeSlot.objects.create(
        edition=edition, session=session, start=start, end=start + dt.timedelta(minutes=30)
    )


@pytest.fixture
def other_participant(edition):
    """A validated participant of another company, who hides email and phone."""
    user = factories.make_user(email="seller@example.com", first_name="Sam", last_name="Seller")
    return factories.make_participant(
        edition, user=user, phone="+33 6 00 00 00 00", show_email=False, show_phone=False
    )


@pytest.fixture
def small_edition(edition, organiser_user, participant, other_participant, checkin_user):
    """Two rooms with tables, two slots, a pending request, a scheduled meeting, badges."""
    from paddock.meetings import services as meetings

    room = factories.make_room(edition, name="Tent")
    table = factories.make_table(room, label="A1")
    factories.make_table(factories.make_room(edition, name="Hall"), label="B1")
    slot = make_slot(edition, hour=9)
    make_slot(edition, hour=10)
    third = factories.make_participant(edition)
    meetings.request_meeting(participant, recipient=third, by=participant.user)
    accepted = meetings.request_meeting(
        other_participant, recipient=participant, by=other_participant.user
    )
    meeting = meetings.accept_request(accepted, by=participant.user)
    meeting.slot, meeting.table, meeting.status = slot, table, MeetingStatus.SCHEDULED
    meeting.save(update_fields=["slot", "table", "status"])
    for person in Participant.objects.filter(edition=edition):
        Badge.objects.create(participant=person, code=f"BADGE{person.pk:07d}")
    edition.status = EditionStatus.MATCHMAKING
    edition.save(update_fields=["status"])
    return edition
