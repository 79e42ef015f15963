"""On phones (390 px): a participant books the last seat of a visit, another joins its
waiting list and is promoted when the first cancels; then the organiser turns visits off and
sees every session cancelled, each person told by email."""

from collections.abc import Callable, Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from paddock.events.enums import EditionStatus
from tests import factories
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.pages import field, log_in_through_form
from tests.visits.factories import TWO_PM, make_visit, make_zone

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Browser, live_server) -> Iterator[Callable[[], Page]]:
    """`phone()` opens a new 390 px wide page, in English, with its own cookies."""
    contexts = []

    def open_page() -> Page:
        context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=PHONE)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def day(db):
    edition = factories.make_edition(name="Business Days", slug="bd-2031")
    edition.status = EditionStatus.SCHEDULED
    edition.save()
    zone = make_zone(edition, group_size=1)
    for first, last in (("Anna", "Achat"), ("Bruno", "Soudure")):
        user = factories.make_user(
            email=f"{first.lower()}@example.com",
            first_name=first,
            last_name=last,
            preferred_language="en",
        )
        factories.make_participant(edition, user=user)
    organiser = factories.make_user(email="organiser@example.com")
    edition.series.organiser.members.add(organiser)
    visits = [make_visit(zone), make_visit(zone, start=TWO_PM.replace(hour=14))]
    return edition, visits


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _visits_page(page: Page, edition) -> None:
    page.goto(reverse("visits-portal:visits", args=[edition.slug]))


def test_book_wait_and_be_promoted_after_a_cancellation(phone, day, mailoutbox):
    edition, visits = day
    first = f"#visit-{visits[0].pk}"
    anna, bruno = phone(), phone()
    log_in_through_form(anna, "anna@example.com")
    log_in_through_form(bruno, "bruno@example.com")

    _visits_page(anna, edition)
    expect(anna.locator(first)).to_contain_text("1 seat left")
    anna.locator(first).get_by_role("button", name="Book").click()
    expect(anna.locator(".message.success")).to_have_text(
        "Booked: your seat in the visit of Team Alpine paddock is confirmed."
    )
    no_sideways_scroll(anna)

    _visits_page(bruno, edition)
    expect(bruno.locator(first)).to_contain_text("Full")
    bruno.locator(first).get_by_role("button", name="Join the waiting list").click()
    expect(bruno.locator(".message.success")).to_contain_text("you are on its waiting list")
    expect(bruno.locator(first)).to_contain_text("On the waiting list (1)")
    no_sideways_scroll(bruno)

    anna.locator(first).get_by_role("button", name="Cancel my booking").click()
    expect(anna.locator(".message.success")).to_have_text(
        "Your booking of the visit of Team Alpine paddock is cancelled."
    )

    _visits_page(bruno, edition)
    expect(bruno.locator(first)).to_contain_text("Confirmed")
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (
            ["bruno@example.com"],
            "A seat came free: your visit of Team Alpine paddock is booked",
        )
    ]


def test_organiser_turns_visits_off_and_every_session_is_cancelled(
    phone, page, log_in, day, mailoutbox
):
    edition, visits = day
    anna = phone()
    log_in_through_form(anna, "anna@example.com")
    _visits_page(anna, edition)
    anna.locator(f"#visit-{visits[0].pk}").get_by_role("button", name="Book").click()
    expect(anna.locator(".message.success")).to_be_visible()

    log_in("organiser@example.com")
    page.goto(reverse("events:protocol", args=[edition.slug]))
    field(page, "Visits allowed").uncheck()
    page.get_by_role("button", name="Save the protocol").click()
    expect(page.locator(".message.success")).to_have_text(
        "Protocol saved. The meeting caps below follow it. 2 visits were cancelled; "
        "1 person booked or waiting was told by email."
    )
    page.goto(reverse("visits:zone-detail", args=[edition.slug, visits[0].zone_id]))

    statuses = page.locator("#sessions tbody tr .badge").all_inner_texts()
    assert statuses == ["Cancelled", "Cancelled"]
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["anna@example.com"], "Visits of Business Days are cancelled")
    ]
    _visits_page(anna, edition)
    expect(anna.locator("#visits-off")).to_have_text(
        "Visits are off: the sanitary protocol of the edition does not allow them."
    )
    no_sideways_scroll(anna)
