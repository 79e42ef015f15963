"""Invitation to validation through the UI: the organiser invites, the invitee opens the
mailed link on a phone and registers, the organiser validates, the participant logs in; an
existing account, added by the organiser, accepts once logged in, or declines."""

from collections.abc import Callable, Iterator

import pytest
from django.core import mail
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import Browser, Page, expect

from paddock.events.models import Edition
from tests import factories
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.pages import field, log_in_through_form
from tests.participants.registration_helpers import decline_link_in, link_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
PASSWORD = "paddock-tent-1957"


@pytest.fixture
def phone(browser: Browser, live_server) -> Iterator[Callable[[], Page]]:
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
def edition_slug(db) -> str:
    organiser = factories.make_user(email="orga@example.com")
    edition = factories.make_edition(
        factories.make_series(factories.make_organiser(members=[organiser])),
        name="Business Days 2031",
        slug="bd-2031",
    )
    factories.make_company(edition, name="Soudures Martin")
    return edition.slug


def _landing(slug: str) -> str:
    """Where a validated participant lands: the catalogue once it exists, else the portal."""
    try:
        return reverse("participants-portal:catalogue", args=[slug])
    except NoReverseMatch:
        return reverse("participants-portal:home", args=[slug])


def test_invited_person_registers_is_validated_and_logs_in(page: Page, log_in, phone, edition_slug):
    log_in("orga@example.com")
    page.goto(reverse("participants:participant-list", args=[edition_slug]))
    page.get_by_role("link", name="Invite a participant").click()
    field(page, "Email").fill("jeanne@example.com")
    field(page, "First name").fill("Jeanne")
    field(page, "Last name").fill("Martin")
    field(page, "Company").select_option(label="Soudures Martin")
    field(page, "Role").select_option(label="Buyer")
    page.get_by_label("French", exact=True).check()
    field(page, "Language of the email").select_option(label="English")
    page.get_by_role("button", name="Send the invitation").click()
    expect(
        page.get_by_text(
            "jeanne@example.com is invited, waiting for their answer: they take part only once "
            "they accept."
        )
    ).to_be_visible()
    invitation = mail.outbox[-1]

    invitee = phone()
    invitee.goto(link_in(invitation))
    field(invitee, "Password").fill(PASSWORD)
    field(invitee, "Password again").fill(PASSWORD)
    field(invitee, "Job title").fill("Purchasing buyer")
    field(invitee, "I have read and accept the privacy notice above").check()
    invitee.get_by_role("button", name="Register").click()
    expect(invitee.locator("#my-participation .badge")).to_have_text("Registered")

    page.goto(reverse("participants:participant-list", args=[edition_slug]))
    row = page.locator("#participants tr", has_text="jeanne@example.com")
    row.get_by_role("button", name="Validate").click()
    expect(row.locator(".badge")).to_have_text("Validated")
    validation = mail.outbox[-1]

    participant = phone()
    log_in_through_form(participant, "jeanne@example.com", PASSWORD)
    participant.wait_for_url(f"**{_landing(edition_slug)}")
    participant.goto(link_in(validation))
    assert {
        "invitation": (invitation.to, invitation.subject),
        "validation": (validation.to, validation.subject),
        "status": participant.locator("#my-participation .badge").inner_text(),
    } == {
        "invitation": (["jeanne@example.com"], "Your invitation to Business Days 2031"),
        "validation": (
            ["jeanne@example.com"],
            "Your registration to Business Days 2031 is validated",
        ),
        "status": "Validated",
    }


def test_visitor_registers_through_the_open_form_and_confirms_the_address(phone, edition_slug):
    Edition.objects.filter(slug=edition_slug).update(registration_open=True)
    visitor = phone()

    visitor.goto(reverse("participants-portal:register", args=[edition_slug]))
    field(visitor, "Email address").fill("ana@example.pt")
    field(visitor, "Password").fill(PASSWORD)
    field(visitor, "Password again").fill(PASSWORD)
    field(visitor, "First name").fill("Ana")
    field(visitor, "Last name").fill("Costa")
    field(visitor, "Company").fill("Moldes Lda")
    field(visitor, "Country").select_option(label="Portugal")
    field(visitor, "Sector").select_option(label="Plastics and composites")
    visitor.get_by_label("Supplier", exact=True).check()
    visitor.get_by_label("Portuguese", exact=True).check()
    field(visitor, "I have read and accept the privacy notice above").check()
    visitor.get_by_role("button", name="Register").click()
    expect(visitor.get_by_role("heading", name="Check your email")).to_be_visible()
    visitor.goto(reverse("accounts:login"))
    field(visitor, "Email address").fill("ana@example.pt")
    field(visitor, "Password").fill(PASSWORD)
    visitor.get_by_role("main").get_by_role("button", name="Log in").click()
    refusal = visitor.locator(".errorlist").inner_text()
    visitor.goto(link_in(mail.outbox[-1]))
    field(visitor, "Password chosen on the registration form").fill(PASSWORD)
    visitor.get_by_role("button", name="Confirm my address").click()

    expect(visitor.locator("#my-participation .badge")).to_have_text("Registered")
    # As for a wrong password: anyone may have typed this one on the form (#16).
    assert refusal == (
        "Please enter a correct email address and password. Note that both fields may be "
        "case-sensitive."
    )


def _add_by_hand(page: Page, slug: str, email: str) -> None:
    """The organiser's "Add a participant" form for Ada Martin of Soudures Martin."""
    page.goto(reverse("participants:participant-list", args=[slug]))
    page.get_by_role("link", name="Add a participant").click()
    field(page, "Email").fill(email)
    field(page, "First name").fill("Ada")
    field(page, "Last name").fill("Martin")
    field(page, "Company").select_option(label="Soudures Martin")
    field(page, "Role").select_option(label="Buyer")
    page.get_by_label("French", exact=True).check()
    page.get_by_role("button", name="Send the invitation").click()


def test_existing_account_added_by_hand_is_invited_and_accepts_once_logged_in(
    page: Page, log_in, phone, edition_slug
):
    factories.make_user(email="sam@example.com", first_name="Samuel", last_name="Secret")
    log_in("orga@example.com")
    _add_by_hand(page, edition_slug, "sam@example.com")
    added = page.locator("main").inner_text()
    invitation = mail.outbox[-1]

    sam = phone()
    sam.goto(link_in(invitation))
    sam.get_by_role("main").get_by_role("link", name="Log in").click()
    field(sam, "Email address").fill("sam@example.com")
    field(sam, "Password").fill(factories.PASSWORD)
    sam.get_by_role("main").get_by_role("button", name="Log in").click()
    field(sam, "I have read and accept the privacy notice above").check()
    sam.get_by_role("button", name="Register").click()
    expect(sam.locator("#my-participation .badge")).to_have_text("Registered")
    page.goto(reverse("participants:participant-list", args=[edition_slug]))
    row = page.locator("#participants tr", has_text="sam@example.com")

    assert {
        "organiser saw": ("Ada Martin" in added, "Samuel" in added, "Secret" in added),
        "invited": "waiting for their answer" in added,
        "row": (row.locator(".badge").inner_text(), "Samuel Secret" in row.inner_text()),
    } == {
        "organiser saw": (True, False, False),
        "invited": True,
        "row": ("Registered", True),
    }


def test_existing_account_added_by_hand_declines_and_the_organiser_sees_only_that(
    page: Page, log_in, phone, edition_slug
):
    factories.make_user(email="sam@example.com", first_name="Samuel", last_name="Secret")
    log_in("orga@example.com")
    _add_by_hand(page, edition_slug, "sam@example.com")

    sam = phone()
    sam.goto(decline_link_in(mail.outbox[-1]))
    sam.get_by_role("button", name="Decline the invitation").click()
    expect(sam.get_by_role("status")).to_contain_text("You declined the invitation.")
    page.goto(reverse("participants:participant-list", args=[edition_slug]))
    row = page.locator("#participants tr", has_text="sam@example.com")

    assert (row.locator(".badge").inner_text(), row.locator("td").nth(1).inner_text()) == (
        "Declined",
        "Ada Martin",
    )
