"""The organiser invites a check-in agent to an edition by email; the agent follows the emailed
link, logs in, accepts and lands on the desk."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests import factories
from tests.e2e.pages import field
from tests.participants.registration_helpers import link_in

pytestmark = pytest.mark.e2e


def test_organiser_adds_a_check_in_agent_who_lands_on_the_desk(page: Page, log_in, mailoutbox, db):
    edition = factories.make_edition(name="Business Days 2031", slug="bd-2031")
    organiser = factories.make_user(email="organiser@example.com")
    edition.series.organiser.members.add(organiser)
    factories.make_user(email="agent@example.com", first_name="Ana", last_name="Silva")
    log_in(organiser.email)

    page.goto(reverse("events:edition-home", args=[edition.slug]))
    page.get_by_role("navigation", name="Edition").get_by_role("link", name="Team").click()
    field(page, "Email address").fill("agent@example.com")
    field(page, "Role").select_option(label="Check-in agent")
    page.get_by_role("button", name="Invite to the team").click()
    expect(page.locator("#team")).to_contain_text("agent@example.com")
    page.get_by_role("button", name="Log out").click()

    [message] = mailoutbox
    page.goto(link_in(message))
    field(page, "Email address").fill("agent@example.com")
    field(page, "Password").fill(factories.PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Join the team").click()

    expect(page.get_by_role("heading", name="Check-in desk")).to_be_visible()
    assert (message.to, urlsplit(page.url).path) == (
        ["agent@example.com"],
        reverse("checkin:desk", args=[edition.slug]),
    )
    tabs = page.get_by_role("navigation", name="Edition").get_by_role("link")
    expect(tabs).to_have_text(["Check-in"])
