"""Two organisers edit the same room in two browsers: the second save keeps the first's change
(`core.opened`), and a field both changed is refused with the value saved now."""

from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from paddock.events.models import Room
from paddock.participants import profile
from paddock.participants.models import Company
from tests import factories
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.pages import field, log_in_through_form

pytestmark = pytest.mark.e2e


@pytest.fixture
def room(db) -> Room:
    edition = factories.make_edition()
    for email in ("anne@example.com", "bruno@example.com"):
        edition.series.organiser.members.add(factories.make_user(email=email))
    return factories.make_room(edition, name="Hall A", capacity=10)


@pytest.fixture
def second_page(browser: Browser, live_server) -> Iterator[Page]:
    """Another organiser's browser."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def _open_room(page: Page, email: str, room: Room) -> None:
    log_in_through_form(page, email)
    page.goto(reverse("events:room-update", args=[room.edition.slug, room.pk]))


def test_a_second_save_keeps_the_change_the_first_saved_since_it_opened(
    page: Page, second_page: Page, room: Room
):
    _open_room(page, "anne@example.com", room)
    _open_room(second_page, "bruno@example.com", room)

    field(page, "Capacity in persons").fill("8")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Room saved.")).to_be_visible()
    field(second_page, "Name").fill("Hall B")
    second_page.get_by_role("button", name="Save").click()
    expect(second_page.get_by_text("Room saved.")).to_be_visible()

    room.refresh_from_db()
    assert (room.name, room.capacity) == ("Hall B", 8)


def test_a_field_both_changed_is_refused_then_saved_knowingly(
    page: Page, second_page: Page, room: Room
):
    _open_room(page, "anne@example.com", room)
    _open_room(second_page, "bruno@example.com", room)
    field(page, "Capacity in persons").fill("8")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Room saved.")).to_be_visible()

    field(second_page, "Name").fill("Hall B")
    field(second_page, "Capacity in persons").fill("12")
    second_page.get_by_role("button", name="Save").click()

    expect(second_page.locator("#field-capacity .errorlist")).to_have_text(
        "Someone else changed this to “8” since you opened the page. Check it and save again."
    )
    expect(field(second_page, "Name")).to_have_value("Hall B")
    room.refresh_from_db()
    assert (room.name, room.capacity) == ("Hall A", 8)

    second_page.get_by_role("button", name="Save").click()

    expect(second_page.get_by_text("Room saved.")).to_be_visible()
    room.refresh_from_db()
    assert (room.name, room.capacity) == ("Hall B", 12)


@pytest.fixture
def company(db):
    edition = factories.make_edition(slug="bd-2031")
    company = factories.make_company(
        edition, name="Arcaloir", city="Le Mans", description="Castings.\nMachining."
    )
    factories.make_participant(
        edition, user=factories.make_user(email="anne@example.com"), company=company
    )
    return company


def test_a_multi_line_text_left_untouched_takes_the_colleague_change(page: Page, company):
    # The browser posts a textarea's line breaks as CR LF; the description is saved with LF.
    log_in_through_form(page, "anne@example.com")
    page.goto(reverse("participants-portal:profile", args=[company.edition.slug]))
    profile.update_company(Company.objects.get(pk=company.pk), by=None, description="Forging.")

    field(page, "City").fill("Allonnes")
    page.get_by_role("button", name="Save the company").click()

    expect(page.get_by_text("Company details saved.")).to_be_visible()
    company.refresh_from_db()
    assert (company.city, company.description) == ("Allonnes", "Forging.")
