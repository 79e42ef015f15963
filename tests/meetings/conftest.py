"""Fixtures of the meetings tests: a welding buyer and a 3D-printing supplier, validated."""

import datetime as dt

import pytest

from paddock.events.models import Session, TimeSlot
from paddock.participants.enums import CategoryKind, ParticipantRole
from paddock.participants.models import Category, Need, Offer
from tests import factories
from tests.meetings.helpers import accepted_meeting, place


@pytest.fixture
def printing(db):
    return Category.objects.create(
        code="test-metal-am",
        kind=CategoryKind.PROCESS,
        label_en="Metal additive manufacturing",
        label_fr="Fabrication additive métal",
    )


@pytest.fixture
def buyer(edition, printing):
    """The welding-equipment maker's purchasing buyer, who needs metal 3D printing."""
    user = factories.make_user(
        email="buyer@welding.test", first_name="Bruno", last_name="Achat", preferred_language="en"
    )
    company = factories.make_company(edition, name="Soudure Sarthe")
    Need.objects.create(company=company, category=printing, text="Titanium torch parts")
    return factories.make_participant(
        edition, user=user, company=company, role=ParticipantRole.BUYER
    )


@pytest.fixture
def supplier(edition, printing):
    user = factories.make_user(
        email="ceo@printing.test", first_name="Sophie", last_name="Laser", preferred_language="en"
    )
    company = factories.make_company(edition, name="Impression 3D Ouest")
    Offer.objects.create(company=company, category=printing, text="Laser powder-bed fusion")
    return factories.make_participant(edition, user=user, company=company)


@pytest.fixture
def slot(edition):
    session = Session.objects.create(edition=edition, name="Morning", date=edition.start_date)
    start = dt.datetime(2031, 6, 12, 7, 0, tzinfo=dt.UTC)  # 09:00 in Paris
    return TimeSlot.objects.create(
        edition=edition, session=session, start=start, end=start + dt.timedelta(minutes=30)
    )


@pytest.fixture
def table(edition):
    return factories.make_table(factories.make_room(edition, name="Tent"), label="12")


@pytest.fixture
def placed_meeting(buyer, supplier, slot, table):
    """The buyer's accepted meeting with the supplier, placed at 09:00 (Paris) at table 12."""
    return place(accepted_meeting(buyer, supplier), slot=slot, table=table)
