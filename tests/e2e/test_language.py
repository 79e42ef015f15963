"""The language switch: the visitor's choice changes the page's language and stays."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

HERO = "Meet the right partners, at the right table, at the right time."


def in_french(text: str) -> str:
    """The French catalogue's text, so the test follows the translations as they land."""
    with translation.override("fr"):
        return translation.gettext(text)


def shown_language(page: Page) -> tuple[str | None, str, str]:
    """The page's declared language, its main heading and the switch's offer."""
    return (
        page.locator("html").get_attribute("lang"),
        page.get_by_role("heading", level=1).inner_text(),
        page.locator(".language-switch button").inner_text(),
    )


def test_language_switch_turns_the_site_french_across_pages(page: Page, db):
    page.goto(reverse("core:home"))
    english_home = shown_language(page)

    page.get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    french_home = shown_language(page)
    page.get_by_role("link", name=in_french("Log in")).click()
    page.wait_for_url(f"**{reverse('accounts:login')}")
    french_login = shown_language(page)

    assert (english_home, french_home, french_login) == (
        ("en", HERO, "Français"),
        ("fr", in_french(HERO), "English"),
        ("fr", in_french("Log in"), "English"),
    )
