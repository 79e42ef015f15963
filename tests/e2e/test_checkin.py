"""The check-in agent scans a badge at the desk (a keyboard-wedge scanner types the code and
presses Enter) and sees the participant checked in."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from paddock.checkin.models import CheckIn
from paddock.checkin.services import issue_badges
from paddock.events.enums import EditionRole
from tests import factories
from tests.e2e.pages import field

pytestmark = pytest.mark.e2e


def test_agent_scans_a_badge_code_at_the_desk(page: Page, log_in, db):
    edition = factories.make_edition(name="Business Days 2031", slug="bd-2031")
    agent = factories.make_user(email="agent@example.com")
    factories.give_role(agent, edition, EditionRole.CHECKIN)
    company = factories.make_company(edition, name="Soudure Sarthe")
    user = factories.make_user(first_name="Sophie", last_name="Martin")
    participant = factories.make_participant(edition, user=user, company=company)
    [badge] = issue_badges(edition, by=None, participants=[participant])
    log_in(agent.email)

    page.goto(reverse("checkin:desk", args=[edition.slug]))
    code = field(page, "Badge code or name")
    expect(code).to_be_focused()
    code.press_sequentially(badge.code)
    code.press("Enter")

    result = page.get_by_role("status")
    expect(result).to_contain_text("Sophie Martin")
    expect(result).to_contain_text("Soudure Sarthe")
    expect(result).to_contain_text("Checked in")
    assert list(CheckIn.objects.values_list("participant", "room", "by")) == [
        (participant.pk, None, agent.pk)
    ]


def test_agent_finds_a_participant_by_name_and_checks_them_in(page: Page, log_in, db):
    edition = factories.make_edition(slug="bd-2032")
    agent = factories.make_user(email="agent@example.com")
    factories.give_role(agent, edition, EditionRole.CHECKIN)
    user = factories.make_user(first_name="Paul", last_name="Renard")
    participant = factories.make_participant(edition, user=user)
    factories.make_participant(edition, user=factories.make_user(first_name="Sophie"))
    log_in(agent.email)

    page.goto(reverse("checkin:desk", args=[edition.slug]))
    field(page, "Badge code or name").press_sequentially("renard")
    page.get_by_role("button", name="Check in Paul Renard").click()

    expect(page.get_by_role("status")).to_contain_text("Paul Renard")
    assert list(CheckIn.objects.values_list("participant", flat=True)) == [participant.pk]


# A stand-in camera and QR reader: the browser test has neither a camera nor a code to show
# it, so the page's BarcodeDetector "reads" the given code from a blank canvas stream.
FAKE_CAMERA = """
window.BarcodeDetector = class {
  static getSupportedFormats() { return Promise.resolve(["qr_code"]); }
  detect() { return Promise.resolve([{ rawValue: window.__badgeCode }]); }
};
navigator.mediaDevices.getUserMedia = () => {
  const canvas = document.createElement("canvas");
  canvas.getContext("2d").fillRect(0, 0, 10, 10);
  return Promise.resolve(canvas.captureStream());
};
"""


def test_agent_scans_a_badge_with_the_phone_camera(page: Page, log_in, db):
    edition = factories.make_edition(slug="bd-2033")
    agent = factories.make_user(email="agent@example.com")
    factories.give_role(agent, edition, EditionRole.CHECKIN)
    user = factories.make_user(first_name="Lina", last_name="Costa")
    participant = factories.make_participant(edition, user=user)
    [badge] = issue_badges(edition, by=None, participants=[participant])
    log_in(agent.email)
    page.add_init_script(f"{FAKE_CAMERA}\nwindow.__badgeCode = {badge.code!r};")

    page.goto(reverse("checkin:desk", args=[edition.slug]))
    page.get_by_role("button", name="Scan with the camera").click()

    expect(page.get_by_role("status")).to_contain_text("Lina Costa")
    assert list(CheckIn.objects.values_list("participant", flat=True)) == [participant.pk]
