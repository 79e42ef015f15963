"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

The browser is never downloaded: `scripts/test` installs Debian's package when it is missing,
and a missing browser makes these tests fail, not skip.
"""

import os
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from tests.e2e.main_pages import build_demo_with_open_registration
from tests.e2e.pages import log_in_through_form

CHROMIUM = Path(os.environ.get("PADDOCK_CHROMIUM", "/usr/bin/chromium"))
# The machine has no network: without these flags Chromium keeps trying to reach its
# update, sync and safe-browsing servers. --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    # Playwright's sync API keeps an asyncio loop in the main thread, which makes Django
    # refuse ORM calls from test code; the ORM is still used from one thread at a time.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as instance:
        yield instance
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/test, which installs it")
    instance = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield instance
    instance.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    """A fresh browser context (no cookies) speaking English, with base_url on the server."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def log_in(page: Page) -> Callable[..., None]:
    """`log_in(email)` or `log_in(email, password)` in the test's page."""
    return partial(log_in_through_form, page)


@pytest.fixture
def demo_to_walk(db) -> None:
    """The demo with a coming edition open for registration: every role's main pages."""
    build_demo_with_open_registration()
