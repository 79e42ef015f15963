"""On a phone: a buyer describes a need with a drawing; a supplier finds the buyer's company
in the catalogue by a French word and downloads the drawing."""

from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from paddock.participants.enums import CategoryKind, ParticipantRole
from paddock.participants.models import Category
from tests import factories
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.pages import field, log_in_through_form
from tests.participants.sample_files import PDF_BYTES

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Browser, live_server) -> Iterator[callable]:
    """`phone()` opens a new 390 px wide page with its own cookies, in English."""
    contexts = []

    def open_page() -> Page:
        context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=PHONE)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def people(db):
    # Transactional tests empty the tables between tests: make sure the item exists.
    Category.objects.get_or_create(
        code="tig-welding",
        defaults={
            "kind": CategoryKind.PROCESS,
            "label_en": "TIG welding",
            "label_fr": "Soudage TIG",
        },
    )
    edition = factories.make_edition(name="Business Days", slug="bd-2031")
    buyer = factories.make_participant(
        edition,
        user=factories.make_user(email="buyer@example.com", first_name="Thierry"),
        company=factories.make_company(edition, name="Arcaloir"),
        role=ParticipantRole.BUYER,
    )
    supplier = factories.make_participant(
        edition,
        user=factories.make_user(email="supplier@example.com"),
        company=factories.make_company(edition, name="Nova Additive"),
    )
    return edition, buyer, supplier


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_need_with_a_drawing_found_in_the_catalogue(phone, people):
    edition, buyer, supplier = people
    page = phone()
    log_in_through_form(page, buyer.user.email)

    page.goto(reverse("participants-portal:profile", args=[edition.slug]))
    add_need = page.locator("#add-need")
    field(add_need, "Find a capability").press_sequentially("soudage tig")
    expect(field(add_need, "Capability")).to_have_value(
        str(Category.objects.get(code="tig-welding").pk)
    )
    field(add_need, "Details").fill("Supports en titane pour nos torches, plan joint")
    add_need.get_by_role("button", name="Add the need").click()
    expect(page.get_by_text("Need added.")).to_be_visible()
    item = page.locator("#needs article").first
    expect(item.get_by_role("heading", level=3)).to_have_text("TIG welding")
    item.get_by_label("Drawing or specification").set_input_files(
        files=[{"name": "torch-bracket.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    item.get_by_role("button", name="Attach the file").click()
    expect(page.get_by_text("File attached.")).to_be_visible()
    no_sideways_scroll(page)

    other = phone()
    log_in_through_form(other, supplier.user.email)
    other.goto(reverse("participants-portal:catalogue", args=[edition.slug]))
    field(other, "Search").fill("titane")
    other.get_by_role("button", name="Search").click()
    expect(other.locator("#result-count")).to_have_text("1 company")
    no_sideways_scroll(other)
    other.get_by_role("link", name="Arcaloir").click()
    expect(other.get_by_role("heading", level=1)).to_have_text("Arcaloir")
    expect(other.get_by_text("TIG welding")).to_be_visible()
    with other.expect_download() as download:
        other.get_by_role("link", name="torch-bracket.pdf").click()
    assert download.value.suggested_filename == "torch-bracket.pdf"
    assert buyer.user.email not in other.content()
    no_sideways_scroll(other)
