"""Issue 4's whole journey in one flow, in English and in French: the organiser invites a
person, who registers on a phone from the mailed link and is validated; the new buyer adds a
need with a drawing, finds a laser-cutting supplier in the catalogue and among the
recommendations, asks it for a meeting from there; the supplier accepts and both agendas
show the meeting, to be scheduled."""

from collections.abc import Callable, Iterator

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from paddock.participants.enums import CategoryKind
from paddock.participants.models import Category, Offer
from tests import factories
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.pages import field
from tests.e2e.test_meetings import LOCALES, PHONE, agenda_names, no_sideways_scroll, say
from tests.participants.registration_helpers import link_in
from tests.participants.sample_files import PDF_BYTES

pytestmark = pytest.mark.e2e

PASSWORD = "paddock-tent-1957"
DESKTOP = {"width": 1280, "height": 800}
# What the buyer types to find the capability (unlike the seeded taxonomy's items).
CAPABILITY_SEARCH = {"en": "laser microperforation", "fr": "microperforation laser"}


@pytest.fixture
def open_page(browser: Browser, live_server) -> Iterator[Callable[..., Page]]:
    """`open_page(language, viewport)`: a new page with its own cookies, speaking `language`
    through both the browser locale and Django's language cookie."""
    contexts = []

    def open_one(language: str, viewport: dict[str, int] = PHONE) -> Page:
        context = browser.new_context(
            base_url=live_server.url, locale=LOCALES[language], viewport=viewport
        )
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        context.set_default_timeout(TIMEOUT_MS)
        expect.set_options(timeout=TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_one
    for context in contexts:
        context.close()


@pytest.fixture
def world(db):
    # Transactional tests empty the tables between tests: make sure the item exists.
    laser, _created = Category.objects.get_or_create(
        code="e2e-laser-microperforation",
        defaults={
            "kind": CategoryKind.PROCESS,
            "label_en": "Laser microperforation",
            "label_fr": "Microperforation laser",
        },
    )
    organiser = factories.make_user(email="orga@example.com")
    edition = factories.make_edition(
        factories.make_series(factories.make_organiser(members=[organiser])),
        name="Business Days 2031",
        slug="bd-2031",
    )
    factories.make_company(edition, name="Soudures Martin")
    lasers = factories.make_company(edition, name="Lasers de Loire")
    Offer.objects.create(company=lasers, category=laser)
    supplier = factories.make_participant(
        edition,
        user=factories.make_user(email="ceo@lasers.test", first_name="Sophie", last_name="Laser"),
        company=lasers,
    )
    return edition, laser, supplier


def log_in(page: Page, email: str, password: str, language: str) -> None:
    """Logs in through the form, its fields found by their labels in `language`."""
    page.goto(reverse("accounts:login"))
    field(page, say(language, "Email address")).fill(email)
    field(page, say(language, "Password")).fill(password)
    page.get_by_role("main").get_by_role("button", name=say(language, "Log in")).click()
    expect(page.get_by_role("button", name=say(language, "Log out"))).to_be_visible()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_invitation_to_agenda(open_page, world, language):
    edition, laser, supplier = world
    slug = edition.slug

    # The organiser invites Jeanne Martin, a buyer at Soudures Martin.
    orga = open_page(language, DESKTOP)
    log_in(orga, "orga@example.com", factories.PASSWORD, language)
    orga.goto(reverse("participants:participant-list", args=[slug]))
    orga.get_by_role("link", name=say(language, "Invite a participant")).click()
    field(orga, say(language, "Email")).fill("jeanne@example.com")
    field(orga, say(language, "First name")).fill("Jeanne")
    field(orga, say(language, "Last name")).fill("Martin")
    field(orga, say(language, "Company")).select_option(label="Soudures Martin")
    field(orga, say(language, "Role")).select_option(label=say(language, "Buyer"))
    orga.get_by_label(say(language, "French"), exact=True).check()
    field(orga, say(language, "Language of the email")).select_option(
        label=say(language, "English" if language == "en" else "French")
    )
    orga.get_by_role("button", name=say(language, "Send the invitation")).click()
    expect(
        orga.get_by_text(
            say(
                language,
                "%(email)s is invited, waiting for their answer: they take part only once they "
                "accept.",
            )
            % {"email": "jeanne@example.com"}
        )
    ).to_be_visible()

    # She opens the mailed link on her phone and registers.
    invitee = open_page(language)
    invitee.goto(link_in(mail.outbox[-1]))
    field(invitee, say(language, "Password")).fill(PASSWORD)
    field(invitee, say(language, "Password again")).fill(PASSWORD)
    field(invitee, say(language, "Job title")).fill("Acheteuse")
    field(invitee, say(language, "I have read and accept the privacy notice above")).check()
    invitee.get_by_role("button", name=say(language, "Register")).click()
    expect(invitee.locator("#my-participation .badge")).to_have_text(
        say(language, "Registered", "participant status")
    )
    no_sideways_scroll(invitee)

    # The organiser validates her.
    orga.goto(reverse("participants:participant-list", args=[slug]))
    row = orga.locator("#participants tr", has_text="jeanne@example.com")
    row.get_by_role("button", name=say(language, "Validate")).click()
    expect(row.locator(".badge")).to_have_text(say(language, "Validated", "participant status"))

    # She logs in and adds a need with a drawing to her profile.
    buyer = open_page(language)
    log_in(buyer, "jeanne@example.com", PASSWORD, language)
    buyer.goto(reverse("participants-portal:profile", args=[slug]))
    add_need = buyer.locator("#add-need")
    field(add_need, say(language, "Find a capability")).press_sequentially(
        CAPABILITY_SEARCH[language]
    )
    expect(field(add_need, say(language, "Capability"))).to_have_value(str(laser.pk))
    field(add_need, say(language, "Details")).fill("Flasques inox 3 mm, plan joint")
    add_need.get_by_role("button", name=say(language, "Add the need")).click()
    expect(buyer.get_by_text(say(language, "Need added."))).to_be_visible()
    need = buyer.locator("#needs article").first
    expect(need.get_by_role("heading", level=3)).to_have_text(
        laser.label_fr if language == "fr" else laser.label_en
    )
    need.get_by_label(say(language, "Drawing or specification")).set_input_files(
        files=[{"name": "flange.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    need.get_by_role("button", name=say(language, "Attach the file")).click()
    expect(buyer.get_by_text(say(language, "File attached."))).to_be_visible()
    no_sideways_scroll(buyer)

    # She finds the supplier in the catalogue by searching for the capability...
    buyer.goto(reverse("participants-portal:catalogue", args=[slug]))
    field(buyer, say(language, "Search")).fill("microperforation")
    buyer.get_by_role("button", name=say(language, "Search")).click()
    expect(buyer.get_by_role("link", name="Lasers de Loire")).to_be_visible()
    no_sideways_scroll(buyer)

    # ... and among her recommendations (computed on commit of the profile change), from
    # where she asks for a meeting.
    buyer.goto(reverse("matchmaking-portal:recommendations", args=[slug]))
    card = buyer.locator("article.recommendation", has_text="Lasers de Loire")
    expect(card).to_be_visible()
    no_sideways_scroll(buyer)
    card.get_by_role("link", name=say(language, "Request a meeting")).click()
    buyer.get_by_label(say(language, "Message")).fill("Flasques inox découpées laser")
    buyer.get_by_label(say(language, "Must meet", "meeting priority")).check()
    buyer.get_by_role("button", name=say(language, "Send the request")).click()
    expect(buyer.locator(".message.success")).to_have_text(
        say(language, "Your request has been sent to %(name)s.") % {"name": "Sophie Laser"}
    )

    # The supplier accepts on the Requests page.
    answerer = open_page(language)
    log_in(answerer, supplier.user.email, factories.PASSWORD, language)
    answerer.goto(reverse("meetings-portal:request-list", args=[slug]))
    request = answerer.locator("article.request", has_text="Soudures Martin")
    expect(request).to_contain_text("Flasques inox découpées laser")
    request.get_by_role("button", name=say(language, "Accept"), exact=True).click()
    expect(request.get_by_role("status")).to_have_text(
        say(language, "Accepted: the meeting is in your agenda, to be scheduled.")
    )

    # Both find the meeting in their agendas, to be scheduled.
    assert agenda_names(answerer, edition) == ["Jeanne Martin, Acheteuse"]
    assert agenda_names(buyer, edition) == ["Sophie Laser"]
    no_sideways_scroll(buyer)
