"""A participant asks for the erasure of their data; the organiser finds it under "To check" on
the edition's overview, follows the link and declines it with a reason, which the participant
is emailed; the participant's "My data" page offers to ask again."""

from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from tests import factories
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.pages import field, log_in_through_form

pytestmark = pytest.mark.e2e

REASON = "Your invoices must be kept ten years."


@pytest.fixture
def second_page(browser: Browser, live_server) -> Iterator[Page]:
    """Another browser, with its own cookies: the participant's."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.fixture
def edition(db):
    edition = factories.make_edition(name="Business Days", slug="bd-2031")
    user = factories.make_user(
        email="ada@example.com", first_name="Ada", last_name="Byron", preferred_language="en"
    )
    factories.make_participant(edition, user=user)
    organiser = factories.make_user(email="organiser@example.com", preferred_language="en")
    edition.series.organiser.members.add(organiser)
    return edition


def test_erasure_request_seen_on_the_overview_and_declined_with_a_reason(
    page, second_page, log_in, edition, mailoutbox
):
    ada = second_page
    log_in_through_form(ada, "ada@example.com")
    ada.goto(reverse("privacy-portal:my-data", args=[edition.slug]))
    field(ada, "I want my personal data erased from Paddock").check()
    ada.get_by_role("button", name="Ask for the erasure of my data").click()
    expect(ada.get_by_role("button", name="Withdraw my request")).to_be_visible()

    log_in("organiser@example.com")
    page.goto(reverse("events:edition-home", args=[edition.slug]))
    page.locator('[data-code="erasure_pending"] a').click()
    page.get_by_role("link", name="Decline the request").click()
    field(page, "Reason").fill(REASON)
    page.get_by_role("button", name="Decline the request").click()

    expect(page.locator(".message.success")).to_have_text(
        "The request is declined; the person is emailed your reason."
    )
    expect(page.get_by_text("No erasure request waits.")).to_be_visible()
    assert [(m.to, REASON in m.body) for m in mailoutbox] == [
        (["organiser@example.com"], False),
        (["ada@example.com"], True),
    ]
    ada.reload()
    expect(ada.get_by_role("button", name="Ask for the erasure of my data")).to_be_visible()
