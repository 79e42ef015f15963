"""Fixtures of the API tests: tokens, and a small edition with a schedule."""

import datetime as dt

import pytest

from paddock.api import services
from paddock.checkin.models import Badge
from paddock.events.enums import EditionRole, EditionStatus
from paddock.events.models import Session, TimeSlot
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.outcomes import services as outcomes
from paddock.participants.models import Participant
from paddock.visits import services as visits
from paddock.visits.enums import ZoneKind
from tests import factories
from tests.visits.factories import TWO_PM, make_visit, make_zone


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


@pytest.fixture
def zone_host(edition):
    user = factories.make_user(email="host@example.com", first_name="Hugo", last_name="Host")
    factories.give_role(user, edition, EditionRole.ZONE_HOST)
    return user


@pytest.fixture
def guided_visit(small_edition, zone_host, participant, other_participant):
    """A one-seat visit of the Alpine paddock that the zone host guides, at 14:00 on the
    edition's day: the participant is booked, the other participant waits."""
    zone = make_zone(small_edition, guide_languages=["en"], safety_notes="Closed shoes")
    visit = make_visit(zone, seats=1, guide=zone_host)
    visits.book_visit(visit, participant=participant, by=participant.user)
    visits.book_visit(visit, participant=other_participant, by=other_participant.user)
    return visit


@pytest.fixture
def garage_visit(small_edition):
    """A five-seat visit of a garage open to buyers only, at 16:00, guided by nobody."""
    zone = make_zone(
        small_edition,
        name_en="Garage",
        name_fr="Garage",
        kind=ZoneKind.GARAGE,
        allowed_roles=["buyer"],
        group_size=5,
    )
    return make_visit(zone, start=TWO_PM + dt.timedelta(hours=2))


@pytest.fixture
def held_meeting(small_edition, participant):
    """A meeting of the participant with a third person, held on 12 June 2025 at 09:00 (Paris),
    that the third person has rated."""
    third = factories.make_participant(
        small_edition,
        user=factories.make_user(email="third@example.com", first_name="Tom", last_name="Third"),
        company=factories.make_company(small_edition, name="Third SA"),
    )
    table = factories.make_table(factories.make_room(small_edition, name="Annex"), label="C1")
    slot = make_slot(small_edition, hour=9, day=dt.date(2025, 6, 12))
    meeting = Meeting.objects.create(
        edition=small_edition,
        first=participant,
        second=third,
        slot=slot,
        table=table,
        status=MeetingStatus.SCHEDULED,
    )
    outcomes.record_outcome(
        meeting,
        participant=third,
        by=third.user,
        took_place=True,
        interest=2,
        next_step="none",
        comment="Not for us, between us",
    )
    return meeting


@pytest.fixture
def full_edition(small_edition, guided_visit, garage_visit, held_meeting):
    """The small edition with visits, bookings and a rated meeting: every resource has rows."""
    return small_edition
