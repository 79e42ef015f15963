"""On a phone, the organiser marks a no-show on the live page and books a walk-in meeting into
the place it freed."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from tests import factories
from tests.e2e.pages import field
from tests.scheduling.helpers import make_meeting, place
from tests.scheduling.live_day import make_today

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def test_organiser_marks_a_no_show_and_books_a_walk_in_in_its_place(page: Page, log_in, db):
    # Two tables, both taken in the slot in progress; Bert has not come. The rule is off:
    # the organiser marks the no-show by hand.
    day = make_today(
        names=("Anna", "Bert", "Carl", "Dora", "Ella"),
        present=("Anna", "Carl", "Dora", "Ella"),
        tables=2,
        no_show_after_minutes=None,
    )
    people = day.people
    anna_bert = place(make_meeting(people.anna, people.bert), day.slots[0], day.tables[0])
    place(make_meeting(people.carl, people.dora), day.slots[0], day.tables[1])
    organiser = factories.make_user(email="orga@example.com")
    day.edition.series.organiser.members.add(organiser)
    page.set_viewport_size(PHONE)
    log_in(organiser.email)
    page.goto(reverse("scheduling:live", args=[day.edition.slug]))

    card = page.locator(f"#live-meeting-{anna_bert.pk}")
    expect(card).to_contain_text("Bert Test")
    expect(card.get_by_label("Who did not come")).to_have_value("second")
    card.get_by_role("button", name="Mark as no-show").click()

    expect(page.get_by_text("Marked as a no-show")).to_be_visible()
    expect(page.locator("#no-shows-heading + ul")).to_contain_text("Anna Test")
    walk_in = page.locator("#walk-in")
    field(walk_in, "Participant").select_option(label="Anna SAS – Anna Test")
    field(walk_in, "Meets").select_option(label="Ella SAS – Ella Test")
    field(walk_in, "Time slot").select_option(index=1)  # the slot in progress
    walk_in.get_by_role("button", name="Book the meeting").click()

    expect(page.get_by_text("Booked: Anna Test – Ella Test")).to_contain_text("Tent, table T1")
    booked = Meeting.objects.get(request__walk_in=True)
    assert (booked.slot, booked.table, booked.status) == (
        day.slots[0],
        day.tables[0],
        MeetingStatus.SCHEDULED,
    )
    assert Meeting.objects.get(pk=anna_bert.pk).status == MeetingStatus.NO_SHOW
    # Read on a phone: nothing wider than its screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
