"""What the browser tests do on a page as a person would: find fields by label, log in."""

import re

from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from tests import factories


def field(page: Page, label: str) -> Locator:
    """A form field by its exact label, which may end with the required-field star."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def log_in_through_form(page: Page, email: str, password: str = factories.PASSWORD) -> None:
    """Logs in through the login form and waits for the logged-in header."""
    page.goto(reverse("accounts:login"))
    field(page, "Email address").fill(email)
    field(page, "Password").fill(password)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
