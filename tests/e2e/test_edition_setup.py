"""An organiser sets up a new edition from scratch through the organiser screens."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from paddock.events.models import Edition
from tests import factories

pytestmark = pytest.mark.e2e


def field(page: Page, label: str) -> Locator:
    """A form field by its label, which may end with the required-field star."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


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
