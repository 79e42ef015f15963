"""The organiser runs the scheduler, reads the result and the grid, moves a meeting by hand
and publishes; a participant then sees the agenda with times and tables."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from paddock.meetings.models import Meeting
from tests import factories
from tests.e2e.pages import field
from tests.scheduling.helpers import make_meeting, make_slots, person

pytestmark = pytest.mark.e2e


@pytest.fixture
def small_edition(db):
    """A tent with two tables, three slots, and a buyer who meets two suppliers."""
    user = factories.make_user(email="orga@example.com")
    edition = factories.make_edition(
        factories.make_series(factories.make_organiser(members=[user])),
        name="Business Days 2031",
        slug="bd-2031",
    )
    room = factories.make_room(edition, name="Tent")
    tables = [factories.make_table(room, label=label) for label in ("A", "B")]
    slots = make_slots(edition, 3)
    buyer = person(edition, "Bruno")
    meetings = [
        make_meeting(buyer, person(edition, "Sophie"), weight=3),
        make_meeting(buyer, person(edition, "Paul"), weight=2),
    ]
    return edition, user, buyer, meetings, slots, tables


def _free_place(buyer, slots, tables, meeting):
    """A slot where the buyer has no meeting, and a table of it."""
    busy = set(
        Meeting.objects.filter(first=buyer).exclude(pk=meeting.pk).values_list("slot", flat=True)
    )
    return next(s for s in slots if s.pk not in busy and s.pk != meeting.slot_id), tables[1]


def test_organiser_schedules_moves_and_publishes_then_participant_sees_times(
    page: Page, log_in, small_edition
):
    edition, organiser, buyer, meetings, slots, tables = small_edition
    log_in(organiser.email)

    page.goto(reverse("scheduling:run-list", args=[edition.slug]))
    field(page, "Time limit in seconds").fill("10")
    page.get_by_role("button", name="Run the scheduler").click()
    expect(page.locator("#run-status")).to_contain_text("Applied")
    expect(page.get_by_text("2 meetings placed, 0 left out.")).to_be_visible()

    page.get_by_role("link", name="Grid", exact=True).click()
    expect(page.locator("td.taken")).to_have_count(2)
    meeting = Meeting.objects.get(pk=meetings[0].pk)
    slot, table = _free_place(buyer, slots, tables, meeting)
    page.locator(f"#meeting-{meeting.pk} a").click()
    field(page, "Time slot").select_option(value=str(slot.pk))
    field(page, "Table").select_option(value=str(table.pk))
    page.get_by_role("button", name="Move here").click()
    expect(page.get_by_text("Meeting moved.")).to_be_visible()

    page.get_by_role("link", name="Publish", exact=True).click()
    page.get_by_role("main").get_by_role("button", name="Publish").click()
    expect(
        page.get_by_text(
            "Schedule published; the emails telling 3 participants are queued: "
            "the Emails page shows which left."
        )
    ).to_be_visible()

    page.context.clear_cookies()
    log_in(buyer.user.email)
    page.goto(reverse("meetings-portal:agenda", args=[edition.slug]))
    start = slot.start.astimezone(edition.tzinfo)
    end = start + dt.timedelta(minutes=30)
    entry = page.locator(f"#meeting-{meeting.pk}")
    expect(entry).to_contain_text(re.compile(rf"{start:%H:%M}.{end:%H:%M}"))
    expect(entry).to_contain_text("Tent, table B")
