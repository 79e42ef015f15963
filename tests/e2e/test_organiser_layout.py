"""What an organiser sees of the edition's pages on a phone (390 px) and a laptop (1280 px):
the participants table keeps its Validate button on screen, the edition's tabs do not push the
content down, and the schedule grid cuts long company names."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from tests import factories
from tests.scheduling.helpers import make_meeting, make_slots, person, place

pytestmark = pytest.mark.e2e

LONG_NAME = "Compagnie Générale des Établissements de Mécanique de Précision du Sud-Ouest"


@pytest.fixture
def edition(db):
    edition = factories.make_edition(name="Business Days 2031", slug="bd-2031")
    organiser = factories.make_user(email="organiser@example.com")
    edition.series.organiser.members.add(organiser)
    factories.make_participant(
        edition,
        user=factories.make_user(
            email="jeanbaptiste.delafontainesainthilaire@compagniegeneraledemecanique.example.com",
            first_name="Jean-Baptiste",
            last_name="de La Fontaine",
        ),
        company=factories.make_company(edition, name=LONG_NAME),
        status=ParticipantStatus.REGISTERED,
        languages=["fr", "en", "de", "es"],
        job_title="Directeur des achats et de la qualité fournisseurs",
    )
    return edition


@pytest.mark.parametrize("width", [390, 1280])
def test_participants_page_keeps_validate_on_screen(page: Page, log_in, edition, width):
    page.set_viewport_size({"width": width, "height": 800})
    log_in("organiser@example.com")

    page.goto(reverse("participants:participant-list", args=[edition.slug]))

    validate = page.locator("#participants tbody tr").first.get_by_role("button", name="Validate")
    box = validate.bounding_box()
    main_top = page.locator("main").bounding_box()["y"]
    seen = {
        "validate inside the width": box["x"] >= 0 and box["x"] + box["width"] <= width,
        "header short": main_top < (200 if width == 390 else 150),
    }
    assert seen == {"validate inside the width": True, "header short": True}


def test_schedule_grid_heads_days_and_cuts_a_long_company_name(page: Page, log_in, edition):
    room = factories.make_room(edition, name="Tent", capacity=40)
    table = factories.make_table(room, label="T1", position=1)
    slots = make_slots(edition, 2)
    first = Participant.objects.get(edition=edition)
    meeting = make_meeting(first, person(edition, "Bert"))
    place(meeting, slots[0], table)
    log_in("organiser@example.com")

    page.goto(reverse("scheduling:grid", args=[edition.slug]))

    company = page.locator(f"#meeting-{meeting.pk} .company").first
    seen = company.evaluate("e => [e.title, e.scrollWidth > e.clientWidth]")
    days = page.locator(".schedule-grid thead tr").first.locator("th")
    assert (seen, days.all_inner_texts()) == ([LONG_NAME, True], ["Thursday 12 June"])
