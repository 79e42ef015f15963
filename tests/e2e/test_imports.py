"""An organiser imports participants from a spreadsheet: upload, columns, preview with the
errors of a first file, then a corrected file imported and the invitations sent."""

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect

from paddock.participants.models import Participant
from tests import factories
from tests.e2e.pages import field

pytestmark = pytest.mark.e2e

HEADER = "Courriel;Prénom;Famille;Société;Pays;Secteur;Rôle\r\n"
WRONG = (
    HEADER
    + "ana@example.pt;Ana;Silva;Silva Lda;Portugal;Energy;Buyer\r\n"
    + "not-an-email;Bob;Stone;Stone Ltd;GB;Energy;Buyer\r\n"
    + "ANA@example.pt;Ana;Silva;Silva Lda;Portugal;Energy;Buyer\r\n"
).encode("cp1252")
RIGHT = (
    HEADER
    + "ana@example.pt;Ana;Silva;Silva Lda;Portugal;Energy;Buyer\r\n"
    + "bob@example.co.uk;Bob;Stone;Stone Ltd;Royaume-Uni;Énergie;Fournisseur\r\n"
).encode("cp1252")


def _upload(page: Page, name: str, data: bytes) -> None:
    field(page, "File").set_input_files({"name": name, "mimeType": "text/csv", "buffer": data})
    page.get_by_role("button", name="Upload").click()


def _rows(page: Page, table: str) -> list[list[str]]:
    """The cells of each body row of a table, once it is there."""
    rows = page.locator(f"#{table} tbody tr")
    expect(rows.first).to_be_visible()
    return rows.evaluate_all("rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))")


def test_organiser_imports_participants_from_a_file(page: Page, log_in, db):
    edition = factories.make_edition(name="Business Days 2031", slug="bd-2031")
    organiser = factories.make_user(email="organiser@example.com")
    edition.series.organiser.members.add(organiser)
    log_in(organiser.email)

    page.goto(reverse("participants:participant-list", args=[edition.slug]))
    page.get_by_role("link", name="Import from a file").click()
    _upload(page, "wrong.csv", WRONG)

    expect(field(page, "Courriel")).to_have_value("email")
    expect(field(page, "Famille")).to_have_value("")
    field(page, "Famille").select_option(label="Last name")
    page.get_by_role("button", name="Preview").click()

    assert _rows(page, "import-error-list") == [
        ["3", "Courriel", "not-an-email is not an email address."],
        ["4", "Courriel", "ana@example.pt is already on line 2."],
    ]
    expect(page.get_by_role("button", name="Import")).to_have_count(0)
    assert Participant.objects.count() == 0

    page.get_by_role("link", name="Upload another file").click()
    _upload(page, "right.csv", RIGHT)
    field(page, "Famille").select_option(label="Last name")
    page.get_by_role("button", name="Preview").click()
    assert _rows(page, "import-people") == [
        ["2", "ana@example.pt", "Ana", "Silva", "Silva Lda"],
        ["3", "bob@example.co.uk", "Bob", "Stone", "Stone Ltd"],
    ]
    page.get_by_role("button", name="Import").click()

    expect(page.locator("#import-summary")).to_have_text(
        "2 people imported, 2 companies created, 0 companies reused."
    )
    page.get_by_role("button", name="Send the invitations").click()
    expect(page.get_by_text("2 invitations sent.")).to_be_visible()
    assert sorted(
        Participant.objects.values_list(
            "user__email", "user__last_name", "status", "company__country"
        )
    ) == [
        ("ana@example.pt", "Silva", "invited", "PT"),
        ("bob@example.co.uk", "Stone", "invited", "GB"),
    ]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@example.pt",
        "bob@example.co.uk",
    ]
