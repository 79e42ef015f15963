"""The organiser's day on the demo edition, in one flow: the organiser runs the scheduler on
International Business Days 2021, reads the result and the grid, has a move into a conflict
refused with its reason, moves a meeting by hand, publishes and prints the badges; a
participant then sees the agenda with time, room and table (and in French); the check-in
agent scans the participant's badge at the desk and sees the check-in."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from playwright.sync_api import Page, expect

from paddock.checkin.models import Badge, CheckIn
from paddock.demo.builder import build_demo
from paddock.demo.spec import DEMO_DOMAIN, DEMO_PASSWORD
from paddock.events.models import Edition
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.participants.models import Category
from tests.e2e.pages import field
from tests.e2e.test_meetings import say

pytestmark = pytest.mark.e2e

EDITION = "ibd-2021"
SEED_TAXONOMY = import_module("paddock.participants.migrations.0002_seed_default_taxonomy")


@pytest.fixture
def demo(db):
    """The demo as `python -m paddock demo` builds it: 2021's accepted requests wait for the
    scheduler."""
    if not Category.objects.exists():
        # Transactional tests empty every table, the taxonomy seeded by migration too.
        SEED_TAXONOMY.seed(apps, schema_editor=None)
    build_demo()
    return Edition.objects.get(slug=EDITION)


def _placed(edition):
    return list(
        Meeting.objects.filter(edition=edition, status=MeetingStatus.SCHEDULED).select_related(
            "first__user", "second__user", "table__room", "slot"
        )
    )


def _move_case(edition, placed):
    """A meeting away from any home table, with a slot where one of its two participants is
    busy at another table, and a slot where both are free and available, its own table is
    free and the room is under its cap."""
    cap = edition.protocol.max_persons_per_room // 2
    slots = list(edition.slots.order_by("start"))
    for meeting in (m for m in placed if m.table.home_participant_id is None):
        people = {meeting.first_id, meeting.second_id}
        others = [m for m in placed if m.pk != meeting.pk]
        busy = {m.slot_id for m in others if people & {m.first_id, m.second_id}}
        away = edition.slots.filter(unavailable_participants__in=people).values_list("pk")
        free = [
            slot
            for slot in slots
            if slot.pk not in busy | {pk for (pk,) in away} | {meeting.slot_id}
            and not any(m.slot_id == slot.pk and m.table_id == meeting.table_id for m in others)
            and sum(m.slot_id == slot.pk for m in others) < cap
        ]
        clashes = [m.slot for m in others if m.slot_id in busy and m.table_id != meeting.table_id]
        if free and clashes:
            return meeting, clashes[0], free[0]
    raise AssertionError("no meeting of the demo can show a refused and a real move")


def test_organiser_day_on_the_demo_edition(page: Page, log_in, demo):
    edition = demo
    organiser = f"organiser@{DEMO_DOMAIN}"

    # The organiser runs the scheduler through the run form (inline tasks backend).
    log_in(organiser, DEMO_PASSWORD)
    page.goto(reverse("scheduling:run-list", args=[EDITION]))
    field(page, "Time limit in seconds").fill("3")
    page.get_by_role("button", name="Run the scheduler").click()
    expect(page.locator("#run-status")).to_contain_text("Applied")
    placed = _placed(edition)
    waiting = Meeting.objects.filter(edition=edition, status=MeetingStatus.TO_SCHEDULE).count()
    expect(page.get_by_text(f"{len(placed)} meetings placed, {waiting} left out.")).to_be_visible()
    expect(page.get_by_role("heading", name="Meetings left out")).to_be_visible()
    expect(page.locator("figure.picture svg")).to_have_count(2)

    # The grid holds every placed meeting in the demo's one room.
    page.get_by_role("link", name="Grid", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("^Salle Mulsanne"))).to_be_visible()
    expect(page.locator("td.taken")).to_have_count(len(placed))

    # A move where one of the two is already busy is refused and says who; then a real move.
    meeting, clash, free = _move_case(edition, placed)
    page.locator(f"#meeting-{meeting.pk} a").click()
    field(page, "Time slot").select_option(value=str(clash.pk))
    field(page, "Table").select_option(value=str(meeting.table_id))
    page.get_by_role("button", name="Move here").click()
    expect(page.locator(".errorlist")).to_contain_text("already has a meeting at that time.")
    field(page, "Time slot").select_option(value=str(free.pk))
    page.get_by_role("button", name="Move here").click()
    expect(page.get_by_text("Meeting moved.")).to_be_visible()
    expect(page.locator(f"#meeting-{meeting.pk}")).to_be_visible()
    meeting.refresh_from_db()
    assert (meeting.slot_id, meeting.table_id) == (free.pk, meeting.table_id)

    # Publishing tells everyone with a placed meeting.
    told = len({p for m in placed for p in (m.first_id, m.second_id)})
    page.get_by_role("link", name="Publish", exact=True).click()
    page.get_by_role("main").get_by_role("button", name="Publish").click()
    expect(
        page.get_by_text(
            f"Schedule published; the emails telling {told} participants are queued: "
            "the Emails page shows which left."
        )
    ).to_be_visible()

    # The badges are printed from the documents page: one PDF for every participant.
    page.goto(reverse("scheduling:documents", args=[EDITION]))
    sheet = page.get_by_role("link", name="Badges of all participants").get_attribute("href")
    printed = page.request.get(sheet)
    assert (printed.status, printed.headers["content-type"]) == (200, "application/pdf")

    # The participant of the moved meeting sees it on the agenda with time, room and table.
    buyer = meeting.first
    page.context.clear_cookies()
    log_in(buyer.user.email, DEMO_PASSWORD)
    page.goto(reverse("meetings-portal:agenda", args=[EDITION]))
    start = free.start.astimezone(edition.tzinfo)
    end = free.end.astimezone(edition.tzinfo)
    entry = page.locator(f"#meeting-{meeting.pk}")
    expect(entry).to_contain_text(re.compile(rf"{start:%H:%M}.{end:%H:%M}"))
    expect(entry).to_contain_text(f"Salle Mulsanne, table {meeting.table.label}")
    expect(entry).to_contain_text(str(meeting.second.user))
    # The same agenda in French, accents and all.
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": page.url}])
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(say("fr", "My agenda"))
    expect(page.locator("h3.day")).to_have_text("jeudi 19 août 2021")
    expect(page.locator(f"#meeting-{meeting.pk}")).to_contain_text("Salle Mulsanne, table")

    # At the door, the agent ticks the health pass and a scanner types the badge's code.
    page.context.clear_cookies()
    log_in(f"checkin@{DEMO_DOMAIN}", DEMO_PASSWORD)
    page.goto(reverse("checkin:desk", args=[EDITION]))
    code = field(page, "Badge code or name")
    expect(code).to_be_focused()
    page.get_by_role("checkbox", name="Health pass checked").check()
    code.focus()
    code.press_sequentially(Badge.objects.get(participant=buyer).code)
    code.press("Enter")
    result = page.get_by_role("status")
    expect(result).to_contain_text(str(buyer.user))
    expect(result).to_contain_text(buyer.company.name)
    expect(result).to_contain_text("Checked in")
    checkins = CheckIn.objects.filter(edition=edition)
    assert list(checkins.values_list("participant", "health_pass_checked")) == [(buyer.pk, True)]
