"""An organiser sets up a new edition from scratch through the organiser screens."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from paddock.events.models import Edition
from tests import factories
from tests.e2e.pages import field

pytestmark = pytest.mark.e2e


@pytest.fixture
def organiser_email(db) -> str:
    user = factories.make_user(email="orga@example.com")
    factories.make_series(
        factories.make_organiser(members=[user]), name="International Business Days"
    )
    return user.email


def test_organiser_creates_an_edition_and_sees_its_overview(page: Page, log_in, organiser_email):
    log_in(organiser_email)

    page.goto(reverse("events:dashboard"))
    page.get_by_role("link", name="New edition").click()
    field(page, "Series").select_option(label="International Business Days")
    field(page, "Name").fill("International Business Days 2032")
    field(page, "Short name").fill("ibd-2032")
    field(page, "First day").fill("2032-06-10")
    field(page, "Last day").fill("2032-06-11")
    page.get_by_label("French", exact=True).check()
    page.get_by_label("English", exact=True).check()
    page.get_by_role("button", name="Save").click()

    page.wait_for_url(f"**{reverse('events:edition-home', args=['ibd-2032'])}")
    expect(page.get_by_role("heading", level=1)).to_have_text("International Business Days 2032")
    edition = Edition.objects.get(slug="ibd-2032")
    assert (edition.name, str(edition.start_date), str(edition.end_date), edition.languages) == (
        "International Business Days 2032",
        "2032-06-10",
        "2032-06-11",
        ["fr", "en"],
    )


@pytest.fixture
def empty_edition(db) -> tuple[str, str]:
    """A new two-day edition with nothing set up yet, and the email of its organiser."""
    user = factories.make_user(email="orga@example.com")
    edition = factories.make_edition(
        factories.make_series(factories.make_organiser(members=[user])),
        name="Business Days 2032",
        slug="bd-2032",
        start_date=dt.date(2032, 6, 10),
        end_date=dt.date(2032, 6, 11),
    )
    return edition.slug, user.email


def edition_nav(page: Page, name: str) -> Locator:
    return page.get_by_role("navigation", name="Edition").get_by_role("link", name=name)


def overview_card(page: Page, heading: str) -> str:
    """The first line of the overview's card under that heading, blanks collapsed."""
    card = page.locator(".card", has=page.get_by_role("heading", name=heading))
    return " ".join(card.locator("p").first.inner_text().split())


def cells(page: Page, table_id: str) -> list[list[str]]:
    rows = page.locator(f"#{table_id} tbody tr")
    return [row.locator("td").all_inner_texts() for row in rows.all()]


def test_organiser_sets_up_room_tables_protocol_and_time_grid(page: Page, log_in, empty_edition):
    slug, email = empty_edition
    log_in(email)
    page.goto(reverse("events:edition-home", args=[slug]))

    edition_nav(page, "Rooms and tables").click()
    field(page, "Name").fill("Tent")
    field(page, "Capacity in persons").fill("40")
    page.get_by_role("button", name="Add the room").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tent")
    field(page, "Number of tables").fill("12")
    field(page, "Label prefix").fill("T")
    field(page, "First number").fill("1")
    page.get_by_role("button", name="Add the tables").click()
    expect(page.get_by_text("12 tables added: T1 to T12.")).to_be_visible()

    edition_nav(page, "Sanitary protocol").click()
    field(page, "Maximum persons per room").fill("16")
    field(page, "Health pass checked at entry").check()
    page.get_by_role("button", name="Save the protocol").click()
    # A stricter protocol leads to what it changes; the caps are on the protocol's page.
    expect(page.get_by_text("Protocol saved.", exact=False)).to_be_visible()
    edition_nav(page, "Sanitary protocol").click()
    meeting_caps = cells(page, "room-caps")

    edition_nav(page, "Time grid").click()
    field(page, "Day starts at").fill("09:00")
    field(page, "Day ends at").fill("12:00")
    field(page, "Meeting length (minutes)").fill("30")
    field(page, "Pause between meetings (minutes)").fill("0")
    field(page, "Lunch starts at").fill("")
    field(page, "Lunch ends at").fill("")
    page.get_by_role("button", name="Generate the grid").click()
    expect(page.get_by_text("Time grid generated: 12 slots created.")).to_be_visible()

    edition_nav(page, "Overview").click()
    venue = overview_card(page, "Venue")
    grid = overview_card(page, "Time grid")
    edition = Edition.objects.get(slug=slug)
    protocol = edition.protocol
    assert {
        "caps": meeting_caps,
        "venue": venue,
        "grid": grid,
        "tables": list(edition.rooms.get().tables.values_list("label", flat=True)),
        "protocol": (protocol.max_persons_per_room, protocol.health_pass_required),
        "slots": edition.slots.count(),
    } == {
        "caps": [["Tent", "40", "12", "8"]],
        "venue": "1 room, 12 tables",
        "grid": "12 meeting slots",
        "tables": [f"T{number}" for number in range(1, 13)],
        "protocol": (16, True),
        "slots": 12,
    }
