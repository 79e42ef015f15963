"""On a phone (390 px): the buyer rates a meeting held from the agenda; the supplier sees none of
it and rates it otherwise; the organiser sees both answers and that they disagree."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from paddock.events.enums import EditionStatus
from paddock.events.models import Session, TimeSlot
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from tests import factories
from tests.e2e import test_meetings
from tests.e2e.pages import log_in_through_form

pytestmark = pytest.mark.e2e

PHONE = test_meetings.PHONE
phone = test_meetings.phone  # the fixture opening 390 px pages


@pytest.fixture
def meeting(db):
    edition = factories.make_edition(
        name="Business Days 2025",
        slug="bd-2025",
        start_date=dt.date(2025, 6, 12),
        status=EditionStatus.LIVE,
    )
    edition.series.organiser.members.add(factories.make_user(email="orga@bd.test"))
    people = [
        factories.make_participant(
            edition,
            user=factories.make_user(email=email, first_name=first, last_name="Test"),
            company=factories.make_company(edition, name=company),
        )
        for email, first, company in [
            ("buyer@welding.test", "Bruno", "Soudure Sarthe"),
            ("ceo@printing.test", "Sophie", "Impression 3D Ouest"),
        ]
    ]
    session = Session.objects.create(edition=edition, name="Morning", date=edition.start_date)
    start = dt.datetime(2025, 6, 12, 7, 0, tzinfo=dt.UTC)
    slot = TimeSlot.objects.create(
        edition=edition, session=session, start=start, end=start + dt.timedelta(minutes=30)
    )
    table = factories.make_table(factories.make_room(edition, name="Tent"), label="12")
    return Meeting.objects.create(
        edition=edition,
        first=people[0],
        second=people[1],
        slot=slot,
        table=table,
        status=MeetingStatus.SCHEDULED,
    )


def _rate(page: Page, *, interest: str, step: str, comment: str) -> None:
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label(interest, exact=True).check()
    page.get_by_label(step, exact=True).check()
    page.get_by_label("Comment for the organisers (optional)").fill(comment)
    page.get_by_role("button", name="Save my answer").click()
    expect(page.get_by_text("Thank you: your answer is saved.")).to_be_visible()


def test_outcomes_each_side_rates_alone_and_the_organiser_sees_the_disagreement(phone, meeting):
    buyer = phone("en")
    log_in_through_form(buyer, "buyer@welding.test")
    buyer.goto(reverse("meetings-portal:agenda", args=["bd-2025"]))
    buyer.get_by_role("link", name="Rate this meeting").click()
    # Measured once the form is there: during the navigation the document may have no root yet.
    expect(buyer.get_by_label("Yes", exact=True)).to_be_visible()
    assert buyer.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _rate(buyer, interest="5", step="Quote", comment="Keen to order soon")

    supplier = phone("en")
    log_in_through_form(supplier, "ceo@printing.test")
    supplier.goto(reverse("outcomes-portal:to-rate", args=["bd-2025"]))
    supplier.get_by_role("link", name="Rate this meeting").click()
    expect(supplier.get_by_label("Yes", exact=True)).not_to_be_checked()
    expect(supplier.get_by_label("Comment for the organisers (optional)")).to_have_value("")
    expect(supplier.get_by_text("Keen to order soon")).to_have_count(0)
    _rate(supplier, interest="2", step="Documentation", comment="Only curious")

    organiser = phone("en")
    log_in_through_form(organiser, "orga@bd.test")
    organiser.goto(reverse("outcomes:outcome-list", args=["bd-2025"]))
    expect(organiser.get_by_text("The sides disagree", exact=True)).to_be_visible()
    expect(organiser.get_by_text("Keen to order soon")).to_be_visible()
    expect(organiser.get_by_text("Only curious")).to_be_visible()
    organiser.get_by_label("Only where the sides disagree").check()
    organiser.get_by_role("button", name="Filter").click()
    expect(organiser.locator("tr.disagree")).to_have_count(2)
