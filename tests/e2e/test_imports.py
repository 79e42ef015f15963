"""An organiser imports participants from a spreadsheet: upload, columns, preview with the
errors of a first file, then a corrected file imported and the invitations sent; and the same
path followed while a database task worker reads, checks and imports the file."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from paddock.participants.models import Participant
from tests import factories
from tests.e2e.pages import field, log_in_through_form

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
    expect(
        page.get_by_text("2 emails queued for sending: the Emails page shows which left.")
    ).to_be_visible()
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


@pytest.fixture
def database_worker(settings):
    """Tasks wait in the database for `run_worker()`, as a production worker takes them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return lambda: call_command("db_worker", "--batch", "--no-startup-delay")


def test_organiser_follows_the_worker_from_upload_to_import(page: Page, log_in, database_worker):
    edition = factories.make_edition(name="Business Days 2031", slug="bd-2031")
    organiser = factories.make_user(email="organiser@example.com")
    edition.series.organiser.members.add(organiser)
    log_in(organiser.email)
    page.goto(reverse("exchange:import-participants", args=[edition.slug]))

    _upload(page, "right.csv", RIGHT)
    progress = page.locator("#import-progress")
    expect(progress).to_contain_text("Waiting for the worker to start.")
    expect(progress.get_by_role("progressbar")).to_be_visible()
    database_worker()  # reads and checks the file with the recognised columns

    field(page, "Famille").select_option(label="Last name")  # htmx polls every 2 s
    page.get_by_role("button", name="Preview").click()
    expect(progress).to_contain_text("Waiting for the worker to start.")
    database_worker()  # checks again with the chosen columns

    assert _rows(page, "import-people") == [
        ["2", "ana@example.pt", "Ana", "Silva", "Silva Lda"],
        ["3", "bob@example.co.uk", "Bob", "Stone", "Stone Ltd"],
    ]
    page.get_by_role("button", name="Import").click()
    expect(progress).to_contain_text("Waiting for the worker to start.")
    assert Participant.objects.count() == 0
    database_worker()  # imports

    expect(page.locator("#import-summary")).to_have_text(
        "2 people imported, 2 companies created, 0 companies reused."
    )
    assert sorted(Participant.objects.values_list("user__email", "user__last_name")) == [
        ("ana@example.pt", "Silva"),
        ("bob@example.co.uk", "Stone"),
    ]


def test_without_javascript_the_progress_page_refreshes_itself(
    browser: Browser, live_server, database_worker
):
    edition = factories.make_edition(name="Business Days 2031", slug="bd-2031")
    organiser = factories.make_user(email="organiser@example.com")
    edition.series.organiser.members.add(organiser)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    plain = context.new_page()
    log_in_through_form(plain, organiser.email)
    plain.goto(reverse("exchange:import-participants", args=[edition.slug]))

    _upload(plain, "right.csv", RIGHT)
    expect(plain.locator("#import-progress")).to_contain_text("Waiting for the worker to start.")
    database_worker()

    expect(field(plain, "Courriel")).to_have_value("email", timeout=10_000)  # refreshed after 3 s
    context.close()
