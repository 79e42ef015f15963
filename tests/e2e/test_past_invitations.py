"""The organiser invites last year's people from the invitations page: the validated ticked,
everyone ticked or unticked at once, a company filter, then one person invited; the page's
script sends the ticked as one field."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Organisation, Participant
from tests import factories
from tests.e2e.pages import field

pytestmark = pytest.mark.e2e


@pytest.fixture
def editions(db):
    """Business Days 2030 (Ada validated and Bob registered at Acme, Cyd validated at
    Soudures Martin) and 2031, whose organiser is returned."""
    edition = factories.make_edition(
        name="Business Days 2031", slug="bd-2031", start_date=dt.date(2031, 6, 12)
    )
    last_year = factories.make_edition(
        edition.series, name="Business Days 2030", slug="bd-2030", start_date=dt.date(2030, 6, 12)
    )
    acme = factories.make_company(
        last_year,
        name="Acme",
        organisation=Organisation.objects.create(organiser=edition.series.organiser, name="Acme"),
    )
    soudures = factories.make_company(last_year, name="Soudures Martin")
    for first, company, status in [
        ("Ada", acme, ParticipantStatus.VALIDATED),
        ("Bob", acme, ParticipantStatus.REGISTERED),
        ("Cyd", soudures, ParticipantStatus.VALIDATED),
    ]:
        user = factories.make_user(
            f"{first.lower()}@example.com", first_name=first, last_name="Doe"
        )
        factories.make_participant(last_year, user=user, company=company, status=status)
    organiser = factories.make_user(email="organiser@example.com")
    edition.series.organiser.members.add(organiser)
    return organiser, edition


def _ticked(page: Page) -> dict[str, bool]:
    return {
        name: page.get_by_role("checkbox", name=name).is_checked()
        for name in ("Ada Doe", "Bob Doe", "Cyd Doe")
        if page.get_by_role("checkbox", name=name).count()
    }


def test_organiser_ticks_filters_and_invites_from_last_year(page: Page, log_in, editions):
    organiser, edition = editions
    log_in(organiser.email)
    page.goto(reverse("participants:invite-bulk", args=[edition.slug]))
    page.get_by_role("link", name="Invite people from an earlier edition").click()
    # `_ticked` counts without waiting: first the new page, then its list filtered.
    expect(page.get_by_role("checkbox", name="Cyd Doe")).to_be_visible()
    opened = _ticked(page)
    page.get_by_role("button", name="Untick everyone").click()
    unticked = _ticked(page)
    page.get_by_role("button", name="Tick everyone listed").click()
    ticked = _ticked(page)
    field(page, "Company").fill("acme")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("checkbox", name="Cyd Doe")).to_have_count(0)
    filtered = _ticked(page)
    page.get_by_role("checkbox", name="Ada Doe").uncheck()
    page.get_by_role("checkbox", name="Bob Doe").check()

    with page.expect_request(lambda request: request.method == "POST") as sent:
        page.get_by_role("button", name="Send the invitations to the people ticked").click()

    expect(
        page.get_by_text("1 email queued for sending: the Emails page shows when it left.")
    ).to_be_visible()
    body = sent.value.post_data or ""
    assert {
        "opened": opened,
        "unticked": unticked,
        "ticked": ticked,
        "filtered": filtered,
        "one field": ("people=" in body, "person=" in body),
        "page": urlsplit(page.url).path,
        "invited": list(
            Participant.objects.filter(edition=edition).values_list("user__email", "status")
        ),
    } == {
        "opened": {"Ada Doe": True, "Bob Doe": False, "Cyd Doe": True},
        "unticked": {"Ada Doe": False, "Bob Doe": False, "Cyd Doe": False},
        "ticked": {"Ada Doe": True, "Bob Doe": True, "Cyd Doe": True},
        "filtered": {"Ada Doe": True, "Bob Doe": False},
        "one field": (True, False),
        "page": reverse("participants:participant-list", args=[edition.slug]),
        "invited": [("bob@example.com", ParticipantStatus.INVITED)],
    }
