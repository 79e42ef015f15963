"""The organiser lowers the cap per room, sees the slot over it, has a re-optimisation
proposed, confirms it, and only the meeting it listed moved; the page also speaks French."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from paddock.scheduling import services
from tests import factories
from tests.e2e.pages import field
from tests.scheduling.helpers import make_meeting, make_slots, person, place, state

pytestmark = pytest.mark.e2e


@pytest.fixture
def crowded_tent(db):
    """Two meetings at once in a tent of two tables, published; Anna and Bert are away after
    the first slot, so only Carl and Dora's meeting can move."""
    user = factories.make_user(email="orga@example.com")
    edition = factories.make_edition(
        factories.make_series(factories.make_organiser(members=[user])),
        name="Business Days 2031",
        slug="bd-2031",
    )
    room = factories.make_room(edition, name="Tent", capacity=40)
    tables = [factories.make_table(room, label=label) for label in ("A", "B")]
    slots = make_slots(edition, 3)
    anna, bert = person(edition, "Anna"), person(edition, "Bert")
    for slot in slots[1:]:
        anna.unavailable_slots.add(slot)
        bert.unavailable_slots.add(slot)
    kept = place(make_meeting(anna, bert), slots[0], tables[0])
    moving = place(
        make_meeting(person(edition, "Carl"), person(edition, "Dora")), slots[0], tables[1]
    )
    services.publish_schedule(edition, by=user)
    return edition, user, kept, moving


def test_organiser_lowers_the_cap_and_the_confirmed_reoptimisation_moves_only_what_it_listed(
    page: Page, log_in, crowded_tent
):
    edition, organiser, kept, moving = crowded_tent
    log_in(organiser.email)
    before = state(edition)

    page.goto(reverse("events:protocol", args=[edition.slug]))
    field(page, "Maximum persons per room").fill("2")
    page.get_by_role("button", name="Save the protocol").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What the protocol changes")
    conflicts = page.locator("#room-conflicts tbody tr")
    expect(conflicts).to_have_count(1)
    expect(conflicts).to_contain_text("2 for 1 allowed")
    page.get_by_role("button", name="Propose a re-optimisation").click()
    listed = page.locator("#moves tbody tr")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("Carl Test – Dora Test")
    page.get_by_role("button", name="Confirm the changes").click()
    expect(
        page.get_by_text("Confirmed: 1 meeting changed; only the people concerned were told.")
    ).to_be_visible()
    expect(page.locator("#room-conflicts")).to_contain_text(
        "Every room holds at most the meetings the protocol allows."
    )

    after = state(edition)
    assert sorted(pk for pk in after if after[pk] != before[pk]) == [moving.pk]
    assert after[kept.pk] == before[kept.pk]

    page.locator(".language-switch button").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ce que change le protocole")
    expect(page.locator("#room-conflicts")).to_contain_text(
        "Chaque salle accueille au plus les rendez-vous que le protocole permet."
    )
