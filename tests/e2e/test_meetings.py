"""On phones: the welding buyer asks a 3D-printing firm for a meeting from its company page,
the firm's head accepts, and both find the meeting in their agendas, to be scheduled; in
English and in French."""

from collections.abc import Callable, Iterator

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from paddock.participants.enums import CategoryKind, ParticipantRole
from paddock.participants.models import Category, Need, Offer
from tests import factories
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.pages import log_in_through_form

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LOCALES = {"en": "en-GB", "fr": "fr-FR"}


@pytest.fixture
def phone(browser: Browser, live_server) -> Iterator[Callable[[str], Page]]:
    """`phone(language)` opens a new 390 px wide page with its own cookies."""
    contexts = []

    def open_page(language: str) -> Page:
        context = browser.new_context(
            base_url=live_server.url, locale=LOCALES[language], viewport=PHONE
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def people(db):
    # Transactional tests empty the tables between tests: make sure the item exists.
    printing, _created = Category.objects.get_or_create(
        code="e2e-metal-am",
        defaults={
            "kind": CategoryKind.PROCESS,
            "label_en": "Metal additive manufacturing",
            "label_fr": "Fabrication additive métal",
        },
    )
    edition = factories.make_edition(name="Business Days", slug="bd-2031")
    welding = factories.make_company(edition, name="Soudure Sarthe")
    Need.objects.create(company=welding, category=printing)
    buyer = factories.make_participant(
        edition,
        user=factories.make_user(email="buyer@welding.test", first_name="Bruno", last_name="Achat"),
        company=welding,
        role=ParticipantRole.BUYER,
    )
    printer = factories.make_company(edition, name="Impression 3D Ouest")
    Offer.objects.create(company=printer, category=printing)
    supplier = factories.make_participant(
        edition,
        user=factories.make_user(email="ceo@printing.test", first_name="Sophie", last_name="Laser"),
        company=printer,
    )
    return edition, buyer, supplier


def say(language: str, text: str, context: str | None = None) -> str:
    """`text` as the interface shows it in `language`, following the catalogue as it fills."""
    with translation.override(language):
        return translation.pgettext(context, text) if context else translation.gettext(text)


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def agenda_names(page: Page, edition) -> list[str]:
    """The counterparts listed under "To be scheduled" in the page's agenda."""
    page.goto(reverse("meetings-portal:agenda", args=[edition.slug]))
    section = page.locator("section", has=page.locator("#to-schedule-heading"))
    return section.locator("article.meeting h3").all_inner_texts()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_request_accepted_and_in_both_agendas(phone, people, language):
    edition, buyer, supplier = people
    asker = phone(language)
    log_in_through_form_in(asker, buyer.user.email, language)

    asker.goto(
        reverse("participants-portal:company-detail", args=[edition.slug, supplier.company_id])
    )
    asker.get_by_role("link", name=say(language, "Request a meeting")).click()
    asker.get_by_label(say(language, "Message")).fill("Buses de torche en titane")
    asker.get_by_label(say(language, "Must meet", "meeting priority")).check()
    no_sideways_scroll(asker)
    asker.get_by_role("button", name=say(language, "Send the request")).click()
    expect(asker.locator(".message.success")).to_have_text(
        say(language, "Your request has been sent to %(name)s.") % {"name": "Sophie Laser"}
    )
    no_sideways_scroll(asker)

    answerer = phone(language)
    log_in_through_form_in(answerer, supplier.user.email, language)
    answerer.goto(reverse("meetings-portal:request-list", args=[edition.slug]))
    row = answerer.locator("article.request", has_text="Soudure Sarthe")
    expect(row).to_contain_text("Buses de torche en titane")
    no_sideways_scroll(answerer)
    row.get_by_role("button", name=say(language, "Accept"), exact=True).click()
    expect(row.get_by_role("status")).to_have_text(
        say(language, "Accepted: the meeting is in your agenda, to be scheduled.")
    )

    assert agenda_names(answerer, edition) == ["Bruno Achat"]
    assert agenda_names(asker, edition) == ["Sophie Laser"]
    expect(asker.locator("article.meeting")).to_contain_text(
        say(language, "They offer:")
        + " "
        + ("Fabrication additive métal" if language == "fr" else "Metal additive manufacturing")
    )
    no_sideways_scroll(asker)


def log_in_through_form_in(page: Page, email: str, language: str) -> None:
    """Logs in; in French the login form's labels are French, so the form is filled by name."""
    if language == "en":
        log_in_through_form(page, email)
        return
    page.goto(reverse("accounts:login"))
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(factories.PASSWORD)
    page.get_by_role("main").get_by_role("button", name=say(language, "Log in")).click()
    expect(page.get_by_role("button", name=say(language, "Log out"))).to_be_visible()
