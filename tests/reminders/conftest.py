"""Fixtures of the reminder tests: a two-day edition that begins tomorrow where it is held,
in a time zone where it is now between noon and one o'clock, so that the real command, on the
real clock, finds a reminder time of 11:00 past and one of 14:00 to come."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from paddock.events.enums import EditionStatus
from paddock.events.models import Session, TimeSlot
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.visits.enums import BookingStatus
from paddock.visits.models import Booking
from tests import factories
from tests.visits.factories import make_visit, make_zone


def noon_zone() -> str:
    """A whole-hour time zone (Etc/GMT-12 to Etc/GMT+11) where it is now 12:xx."""
    offset = 12 - timezone.now().astimezone(dt.UTC).hour  # hours east of UTC, -11 to 12
    # The Etc zones count the other way: Etc/GMT-2 is two hours east of UTC.
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{-offset:+d}"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://paddock.test"


@pytest.fixture
def edition(db):
    zone = noon_zone()
    tomorrow = timezone.localdate(timezone=zoneinfo.ZoneInfo(zone)) + dt.timedelta(days=1)
    return factories.make_edition(
        name="IBD 2031",
        slug="ibd-2031",
        timezone=zone,
        start_date=tomorrow,
        end_date=tomorrow + dt.timedelta(days=1),
        status=EditionStatus.SCHEDULED,
        reminder_time=dt.time(11, 0),
    )


def at(edition, day_index, hour, minute=0):
    """A moment of the edition's day (0: the first), where it is held."""
    day = edition.start_date + dt.timedelta(days=day_index)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=edition.tzinfo)


def person(edition, email, name, company, *, language="en"):
    """A validated participant named "First Last" of `company`, who reads `language`."""
    first_name, last_name = name.split()
    user = factories.make_user(
        email=email, first_name=first_name, last_name=last_name, preferred_language=language
    )
    return factories.make_participant(
        edition, user=user, company=factories.make_company(edition, name=company)
    )


@pytest.fixture
def buyer(edition):
    return person(edition, "bruno@welding.test", "Bruno Garnier", "Soudure Sarthe")


@pytest.fixture
def supplier(edition):
    return person(edition, "sophie@printing.test", "Sophie Brissac", "Impression 3D", language="fr")


@pytest.fixture
def table(edition):
    return factories.make_table(factories.make_room(edition, name="Tent"), label="T3")


def meet(first, second, start, table, status=MeetingStatus.SCHEDULED):
    """A meeting of 30 minutes from `start` at `table`."""
    edition = first.edition
    session, _created = Session.objects.get_or_create(
        edition=edition,
        date=start.date(),
        defaults={"name": start.date().isoformat()},
    )
    slot = TimeSlot.objects.create(
        edition=edition, session=session, start=start, end=start + dt.timedelta(minutes=30)
    )
    return Meeting.objects.create(
        edition=edition, first=first, second=second, slot=slot, table=table, status=status
    )


@pytest.fixture
def meeting(buyer, supplier, table):
    """On the first day at 09:00."""
    return meet(buyer, supplier, at(buyer.edition, 0, 9), table)


def book(participant, start, status=BookingStatus.CONFIRMED):
    """A seat in a one-hour visit of the paddock from `start`, meeting point Gate 4."""
    zone = make_zone(participant.edition, meeting_point="Gate 4")
    session = make_visit(zone, start=start)
    return Booking.objects.create(session=session, participant=participant, status=status)
