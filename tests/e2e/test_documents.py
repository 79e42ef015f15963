"""The organiser asks for every agenda, watches the worker prepare the file on the documents
page, then downloads it."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from paddock.events.enums import EditionStatus
from tests import factories
from tests.e2e.pages import field
from tests.scheduling.helpers import make_meeting, make_slots, person, place

pytestmark = pytest.mark.e2e


@pytest.fixture
def scheduled_edition(db, settings):
    """Three people with two placed meetings; tasks wait for a database worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    user = factories.make_user(email="orga@example.com")
    edition = factories.make_edition(
        factories.make_series(factories.make_organiser(members=[user])), slug="bd-2031"
    )
    room = factories.make_room(edition, name="Tent")
    tables = [factories.make_table(room, label=label) for label in ("A", "B")]
    slots = make_slots(edition, 2)
    buyer = person(edition, "Bruno")
    for slot, table, name in zip(slots, tables, ("Sophie", "Paul"), strict=True):
        place(make_meeting(buyer, person(edition, name)), slot, table)
    edition.status = EditionStatus.SCHEDULED
    edition.save()
    return edition, user


def test_organiser_asks_for_all_agendas_sees_the_progress_and_downloads_them(
    page: Page, log_in, scheduled_edition
):
    edition, organiser = scheduled_edition
    log_in(organiser.email)
    page.goto(reverse("scheduling:documents", args=[edition.slug]))

    field(page, "Language").select_option(value="en")
    page.get_by_role("button", name="Print all agendas").click()

    stored = page.locator("#stored-documents")
    expect(page.get_by_text("“All agendas” is being prepared")).to_be_visible()
    expect(stored).to_contain_text("Waiting to start")
    expect(stored.get_by_role("progressbar")).to_be_visible()

    call_command("db_worker", "--batch", "--no-startup-delay")  # the worker takes the task

    expect(stored).to_contain_text("Ready", timeout=10_000)  # htmx polls every 2 s
    expect(stored.get_by_role("progressbar")).to_have_count(0)
    href = stored.get_by_role("link", name="Download").get_attribute("href")
    pdf = page.request.get(href)
    assert (pdf.status, pdf.headers["content-type"], pdf.body()[:5]) == (
        200,
        "application/pdf",
        b"%PDF-",
    )
