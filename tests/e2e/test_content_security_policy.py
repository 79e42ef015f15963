"""The Content-Security-Policy breaks no page: an organiser walks the main screens, deletes a
table through htmx and opens the admin, and Chromium reports no CSP violation."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from paddock.events.models import Table
from tests import factories

pytestmark = pytest.mark.e2e


def test_main_pages_and_htmx_run_without_csp_violations(page: Page, log_in, db):
    edition = factories.make_edition(slug="bd-2031")
    organiser = factories.make_user(email="organiser@example.com", is_staff=True, is_superuser=True)
    edition.series.organiser.members.add(organiser)
    room = factories.make_room(edition, name="Tent")
    kept, deleted = (factories.make_table(room, label=label) for label in ("A", "B"))
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(organiser.email)

    for url in (
        reverse("core:home"),
        reverse("events:dashboard"),
        reverse("events:edition-home", args=[edition.slug]),
        reverse("checkin:desk", args=[edition.slug]),
        reverse("admin:index"),
        reverse("admin:events_edition_changelist"),
        reverse("admin:events_edition_change", args=[edition.pk]),
        reverse("events:room-detail", args=[edition.slug, room.pk]),
    ):
        page.goto(url)
    page.locator(f"#table-{deleted.pk}").get_by_role("link", name="Delete").click()

    expect(page.locator(f"#table-{deleted.pk}")).to_have_count(0)
    assert (violations, list(Table.objects.values_list("pk", flat=True))) == ([], [kept.pk])
