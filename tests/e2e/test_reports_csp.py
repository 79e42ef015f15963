"""The reports run under the Content-Security-Policy: an organiser opens an edition's report
and its series' report; every chart (an SVG image) loads and Chromium reports no violation."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from tests import factories
from tests.reports.conftest import populate

pytestmark = pytest.mark.e2e


def test_reports_load_their_charts_without_csp_violations(page: Page, log_in, db):
    edition = factories.make_edition(slug="bd-2024", name="BD 2024")
    populate(edition, pairs=3)
    organiser = factories.make_user(email="organiser@example.com")
    edition.series.organiser.members.add(organiser)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    log_in(organiser.email)
    loaded = []

    for url in (
        reverse("reports:edition", args=[edition.slug]),
        reverse("reports:series", args=[edition.series_id]),
    ):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        loaded += page.locator("img.report-chart").evaluate_all(
            "images => images.map(image => image.complete && image.naturalWidth > 0)"
        )

    # Eight charts on the edition's report, four on the series' (two of outcomes).
    assert (violations, loaded) == ([], [True] * 12)
