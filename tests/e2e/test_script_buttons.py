"""Buttons that only a script makes work stay out of sight without it: the house's button
class sets a display, which must not win over `hidden`."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from paddock.participants.enums import ParticipantStatus
from tests import factories
from tests.e2e.pages import log_in_through_form

pytestmark = pytest.mark.e2e


@pytest.fixture
def organiser_and_edition(db):
    """Business Days 2031, whose series held 2030 with Ada validated there."""
    edition = factories.make_edition(name="Business Days 2031", start_date=dt.date(2031, 6, 12))
    last_year = factories.make_edition(
        edition.series, name="Business Days 2030", slug="bd-2030", start_date=dt.date(2030, 6, 12)
    )
    ada = factories.make_user("ada@example.com", first_name="Ada", last_name="Doe")
    factories.make_participant(last_year, user=ada, status=ParticipantStatus.VALIDATED)
    organiser = factories.make_user(email="organiser@example.com")
    edition.series.organiser.members.add(organiser)
    return organiser, edition


@pytest.mark.parametrize("script", [True, False], ids=["with script", "without script"])
def test_tick_buttons_show_only_with_their_script(
    browser: Browser, live_server, organiser_and_edition, script
):
    organiser, edition = organiser_and_edition
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=script
    )
    try:
        page = context.new_page()
        log_in_through_form(page, organiser.email)
        page.goto(reverse("series:invite-past", args=[edition.slug]))
        expect(page.get_by_role("checkbox", name="Ada Doe")).to_be_checked()

        shown = page.locator("button[data-tick=all]").is_visible()
    finally:
        context.close()

    assert shown is script
