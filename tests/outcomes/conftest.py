"""Fixtures of the outcomes tests: a live edition of June 2025 whose first meeting is over."""

import datetime as dt

import pytest

from paddock.events.enums import EditionStatus
from paddock.events.models import Session, TimeSlot
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from tests import factories


@pytest.fixture
def edition(db):
    return factories.make_edition(
        start_date=dt.date(2025, 6, 12),
        end_date=dt.date(2025, 6, 13),
        status=EditionStatus.LIVE,
        slug="ibd-2025",
        name="IBD 2025",
    )


def make_person(edition, email, first_name, company_name, user=None):
    user = user or factories.make_user(
        email=email, first_name=first_name, last_name="Test", preferred_language="en"
    )
    company = factories.make_company(edition, name=company_name)
    return factories.make_participant(edition, user=user, company=company)


@pytest.fixture
def buyer(edition):
    return make_person(edition, "buyer@welding.test", "Bruno", "Soudure Sarthe")


@pytest.fixture
def supplier(edition):
    return make_person(edition, "ceo@printing.test", "Sophie", "Impression 3D Ouest")


@pytest.fixture
def outsider(edition):
    return make_person(edition, "someone@else.test", "Olga", "Autre")


def make_slot(edition, start):
    session, _created = Session.objects.get_or_create(
        edition=edition, date=start.date(), defaults={"name": start.date().isoformat()}
    )
    return TimeSlot.objects.create(
        edition=edition, session=session, start=start, end=start + dt.timedelta(minutes=30)
    )


@pytest.fixture
def table(edition):
    return factories.make_table(factories.make_room(edition, name="Tent"), label="12")


def held(first, second, slot, table, status=MeetingStatus.SCHEDULED):
    return Meeting.objects.create(
        edition=first.edition, first=first, second=second, slot=slot, table=table, status=status
    )


@pytest.fixture
def meeting(buyer, supplier, edition, table):
    """Held on 12 June 2025 at 09:00 (Paris)."""
    slot = make_slot(edition, dt.datetime(2025, 6, 12, 7, 0, tzinfo=dt.UTC))
    return held(buyer, supplier, slot, table)
