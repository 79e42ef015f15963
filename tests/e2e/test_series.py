"""The organiser starts next year's edition from this one: the name and dates, a preview of
the rooms and the time grid, then the new draft edition; and merges two duplicate
organisations after a preview."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from paddock.participants.models import Organisation
from tests import factories
from tests.e2e.pages import field

pytestmark = pytest.mark.e2e


@pytest.fixture
def organiser(db):
    edition = factories.make_edition(
        name="Business Days 2031",
        slug="bd-2031",
        start_date=dt.date(2031, 6, 12),
        end_date=dt.date(2031, 6, 12),
    )
    room = factories.make_room(edition, name="Tent")
    factories.make_table(room, label="T1")
    user = factories.make_user(email="organiser@example.com")
    edition.series.organiser.members.add(user)
    return user, edition


def test_organiser_copies_an_edition_after_a_preview(page: Page, log_in, organiser):
    user, edition = organiser
    log_in(user.email)

    page.goto(reverse("events:edition-home", args=[edition.slug]))
    page.get_by_role("link", name="New edition from Business Days 2031").click()
    field(page, "Name").fill("Business Days 2032")
    field(page, "Short name").fill("bd-2032")
    field(page, "First day").fill("2032-06-10")
    field(page, "Last day").fill("2032-06-10")
    page.get_by_role("button", name="Preview", exact=True).click()
    expect(page.get_by_role("main")).to_contain_text("Tent")
    page.get_by_role("button", name="Create the edition").click()

    expect(page.get_by_role("heading", name="Business Days 2032")).to_be_visible()
    assert urlsplit(page.url).path == reverse("events:edition-home", args=["bd-2032"])


def test_organiser_merges_two_duplicate_organisations(page: Page, log_in, organiser):
    user, edition = organiser
    kept = Organisation.objects.create(organiser=edition.series.organiser, name="Aero Meca")
    Organisation.objects.create(organiser=edition.series.organiser, name="AeroMeca SARL")
    log_in(user.email)

    page.goto(reverse("events:edition-home", args=[edition.slug]))
    page.get_by_role("link", name="Organisations").click()
    page.get_by_role("link", name="Merge duplicates").click()
    field(page, "Organisation kept").select_option(label="Aero Meca")
    field(page, "Duplicate merged into it").select_option(label="AeroMeca SARL")
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("main")).to_contain_text("AeroMeca SARL will be merged into Aero Meca")
    page.get_by_role("button", name="Merge").click()

    expect(page.get_by_role("heading", name="Aero Meca")).to_be_visible()
    assert (
        urlsplit(page.url).path,
        list(Organisation.objects.values_list("name", "former_names")),
    ) == (
        reverse("series:organisation-detail", args=[kept.pk]),
        [("Aero Meca", ["AeroMeca SARL"])],
    )
