"""The main pages of each role on the demo, and a browser context per role that opens them in
a language: shared by the accessibility checks and the screenshots."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page

from paddock.accounts.models import User
from paddock.demo.builder import build_demo
from paddock.demo.spec import DEMO_DOMAIN
from paddock.events.models import Edition, Interpreter
from paddock.participants.models import Category, Company
from paddock.scheduling.models import ScheduleRun
from paddock.visits.enums import BookingMode
from paddock.visits.models import VisitSettings
from tests import factories

SEED_TAXONOMY = import_module("paddock.participants.migrations.0002_seed_default_taxonomy")
WIDTHS = (1280, 390)
LANGUAGES = ("en", "fr")
# A 2021 participant who came in 2019 too: the 2021 edition waits for its schedule, the 2019
# one has a published agenda.
PARTICIPANT = f"nadia.benali@{DEMO_DOMAIN}"
ROLES = {
    "participant": PARTICIPANT,
    "organiser": f"organiser@{DEMO_DOMAIN}",
    "check-in agent": f"checkin@{DEMO_DOMAIN}",
}


@dataclass(frozen=True)
class MainPage:
    role: str
    name: str
    url: str


def build_demo_with_open_registration() -> None:
    """The demo, plus a coming edition open for registration (the demo's are past it)."""
    if not Category.objects.exists():
        # Transactional tests empty every table, the taxonomy seeded by migration too.
        SEED_TAXONOMY.seed(apps, schema_editor=None)
    build_demo()
    series = Edition.objects.get(slug="ibd-2021").series
    factories.make_edition(
        series, name="International Business Days 2031", slug="ibd-2031", registration_open=True
    )
    # The pages the demo does not show: the zones ranked in wishes mode, an interpreter's agenda.
    ibd_2019 = Edition.objects.get(slug="ibd-2019")
    VisitSettings.objects.update_or_create(
        edition=ibd_2019, defaults={"booking_mode": BookingMode.WISHES}
    )
    factories.make_interpreter(ibd_2019, name="Yuki Tanaka", languages=["fr", "ja"])


def main_pages() -> list[MainPage]:
    """Every role's main pages on the demo, in the order a person meets them."""
    other_company = Company.objects.get(edition__slug="ibd-2021", name="Arcaloir Soudage")
    run = ScheduleRun.objects.filter(edition__slug="ibd-2019").latest("pk")
    series = Edition.objects.get(slug="ibd-2019").series
    interpreter = Interpreter.objects.filter(edition__slug="ibd-2019").latest("pk")
    pages = [
        ("anonymous", "home", "core:home", []),
        ("anonymous", "login", "accounts:login", []),
        ("anonymous", "registration", "participants-portal:register", ["ibd-2031"]),
        ("participant", "catalogue", "participants-portal:catalogue", ["ibd-2021"]),
        (
            "participant",
            "company page",
            "participants-portal:company-detail",
            ["ibd-2021", other_company.pk],
        ),
        ("participant", "recommendations", "matchmaking-portal:recommendations", ["ibd-2021"]),
        ("participant", "requests", "meetings-portal:request-list", ["ibd-2021"]),
        ("participant", "agenda", "meetings-portal:agenda", ["ibd-2019"]),
        ("participant", "profile", "participants-portal:profile", ["ibd-2021"]),
        ("participant", "my data", "privacy-portal:my-data", ["ibd-2021"]),
        ("participant", "withdrawal", "participants-portal:withdraw", ["ibd-2021"]),
        ("participant", "visits", "visits-portal:visits", ["ibd-2021"]),
        ("participant", "visit wishes", "visits-portal:wishes", ["ibd-2019"]),
        ("participant", "meetings to rate", "outcomes-portal:to-rate", ["ibd-2019"]),
        ("participant", "network", "outcomes-portal:network", ["ibd-2021"]),
        ("participant", "API tokens", "api-tokens:list", []),
        ("organiser", "overview", "events:edition-home", ["ibd-2021"]),
        ("organiser", "settings", "events:edition-update", ["ibd-2021"]),
        ("organiser", "rooms", "events:room-list", ["ibd-2021"]),
        ("organiser", "time grid", "events:grid", ["ibd-2021"]),
        ("organiser", "protocol", "events:protocol", ["ibd-2021"]),
        ("organiser", "protocol review", "scheduling:protocol-review", ["ibd-2021"]),
        ("organiser", "team", "events:team", ["ibd-2021"]),
        ("organiser", "participants", "participants:participant-list", ["ibd-2021"]),
        ("organiser", "bulk invitation", "participants:invite-bulk", ["ibd-2021"]),
        (
            "organiser",
            "withdrawal",
            "participants:participant-withdraw-participation",
            ["ibd-2021", other_company.participants.earliest("pk").pk],
        ),
        ("organiser", "requests", "meetings:request-list", ["ibd-2021"]),
        ("organiser", "schedule run", "scheduling:run-detail", ["ibd-2019", run.pk]),
        ("organiser", "schedule grid", "scheduling:grid", ["ibd-2019"]),
        ("organiser", "documents", "scheduling:documents", ["ibd-2019"]),
        (
            "organiser",
            "interpreter agenda",
            "scheduling:interpreter-agenda",
            ["ibd-2019", interpreter.pk],
        ),
        ("organiser", "live", "scheduling:live", ["ibd-2019"]),
        ("organiser", "zones", "visits:zone-list", ["ibd-2019"]),
        ("organiser", "outcomes", "outcomes:outcome-list", ["ibd-2019"]),
        ("organiser", "edition report", "reports:edition", ["ibd-2019"]),
        ("organiser", "series report", "reports:series", [series.pk]),
        ("organiser", "history", "series:history", [series.pk]),
        ("organiser", "past editions import", "series:past-import", [series.pk]),
        ("organiser", "organisations", "series:organisation-list", [series.organiser_id]),
        ("organiser", "invitation from 2019", "series:invite-past", ["ibd-2021"]),
        ("organiser", "participants import", "exchange:import-participants", ["ibd-2021"]),
        ("organiser", "exports", "exchange:exports", ["ibd-2019"]),
        ("organiser", "erasures", "privacy:erasure-list", ["ibd-2021"]),
        ("organiser", "webhooks", "webhooks:endpoint-list", ["ibd-2021"]),
        ("check-in agent", "desk", "checkin:desk", ["ibd-2019"]),
    ]
    return [MainPage(role, name, reverse(url, args=args)) for role, name, url, args in pages]


@contextmanager
def context_as(
    browser: Browser, base_url: str, role: str, language: str, *, script: str = ""
) -> Iterator[BrowserContext]:
    """A browser context in `language`, logged in as the demo's `role` (none for anonymous);
    `script` runs in each of its pages before the page's own."""
    context = browser.new_context(base_url=base_url, locale=language)
    if script:
        context.add_init_script(script=script)
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
    if role in ROLES:
        client = Client()
        client.force_login(User.objects.get(email=ROLES[role]))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url})
    context.add_cookies(cookies)
    try:
        yield context
    finally:
        context.close()


@dataclass(frozen=True)
class Visit:
    """A main page open in a tab at one width, with what the server answered."""

    page: MainPage
    tab: Page
    width: int
    status: int
    language: str | None


def walk(browser: Browser, base_url: str, language: str, *, script: str = "") -> Iterator[Visit]:
    """Every main page in `language`, one context per role, each page at every width; `script`
    as for `context_as`."""
    pages = main_pages()
    for role in dict.fromkeys(page.role for page in pages):
        with context_as(browser, base_url, role, language, script=script) as context:
            tab = context.new_page()
            for page in (page for page in pages if page.role == role):
                response = tab.goto(page.url)
                status = response.status if response else 0
                shown = tab.locator("html").get_attribute("lang")
                for width in WIDTHS:
                    tab.set_viewport_size({"width": width, "height": 800})
                    yield Visit(page, tab, width, status, shown)
