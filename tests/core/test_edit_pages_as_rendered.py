"""Every edit form that keeps others' changes (`core.opened`), posted as the browser posts the
page as rendered (in English and in French), without a change: no field counts as changed by
the user. A field whose value as rendered cleans to another digest than the value read would
overwrite a colleague's change saved meanwhile, or be refused as a conflict."""

import datetime as dt
import zoneinfo
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from paddock.core import opened as opened_module
from paddock.events import services as event_services
from paddock.participants import profile
from paddock.participants.models import Organisation
from paddock.series.models import PastEdition
from paddock.visits import services as visit_services
from paddock.webhooks import services as webhook_services
from tests import factories
from tests.scheduling.helpers import make_slots
from tests.visits.factories import make_visit, make_zone

pytestmark = pytest.mark.integration

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


class _Forms(HTMLParser):
    """The forms of a page, each as its action and what the browser posts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append((a.get("action") or "", []))
        elif not self.forms:
            return
        fields = self.forms[-1][1]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "file"):
                fields.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self._select, self._options = a.get("name"), []
        elif tag == "option" and self._select:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            chosen = [value for value, selected in self._options if selected]
            for value in chosen or [self._options[0][0]]:
                self.forms[-1][1].append((self._select, value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = self._text[1:] if self._text.startswith("\n") else self._text
            self.forms[-1][1].append((self._textarea, text.replace("\n", "\r\n")))
            self._textarea = None


def _as_rendered(page_html: str, action: str) -> dict[str, list[str]]:
    parser = _Forms()
    parser.feed(page_html)
    for form_action, fields in parser.forms:
        if form_action in ("", action) and any(name == "opened" for name, _ in fields):
            data: dict[str, list[str]] = {}
            for name, value in fields:
                data.setdefault(name, []).append(value)
            return data
    raise AssertionError(f"no form with an opened field posts to {action}")


@pytest.fixture
def changed_by_user(monkeypatch):
    """The fields the mixin takes as changed by the user, over every form posted."""
    seen: list[str] = []
    real = opened_module.OpenedValuesMixin._merge

    def merge(self, name, opened, untouched, conflicts):
        real(self, name, opened, untouched, conflicts)
        if name not in untouched:
            seen.append(f"{type(self).__name__}.{name}")

    monkeypatch.setattr(opened_module.OpenedValuesMixin, "_merge", merge)
    return seen


@pytest.fixture
def pages(edition, organiser_user, participant, settings):
    settings.WEBHOOK_ALLOW_LOCAL = True  # the endpoint's address is checked on each save
    return _pages(edition, organiser_user, participant)


def _pages(edition, organiser, participant):
    """(user, page, url posted to) of every edit form, its object full of values."""
    slug = edition.slug
    event_services.update_edition(
        edition, by=None, description="Two days.\nIn Le Mans.", venue_address="1 rue X\n72000",
        retention_months=24,
    )  # fmt: skip
    event_services.update_protocol(
        edition, by=None, max_persons_per_room=8, health_pass_required=True, visits_allowed=True
    )
    event_services.change_privacy_notice(
        edition, by=None, text_en="We keep\nyour name.", text_fr="Nous gardons\nvotre nom."
    )
    room = factories.make_room(edition, name="Hall A", capacity=10)
    table = factories.make_table(room, label="T1", home_participant=participant)
    first, second = make_slots(edition, 2)
    yuki = factories.make_interpreter(edition, name="Yuki", languages=["fr", "en"])
    yuki.unavailable_slots.set([second])
    participant.unavailable_slots.set([first])
    zone = make_zone(
        edition, description="Garage.\nPit lane.", safety_notes="Helmets\nShoes",
        allowed_roles=["supplier", "buyer"], guide_languages=["en", "fr"],
        host_company=participant.company,
    )  # fmt: skip
    visit = make_visit(zone, seats=4, travel_before_minutes=15)
    visit_services.update_visit_settings(
        edition, by=None, cancellation_deadline_hours=24,
        wishes_deadline=dt.datetime(2031, 6, 1, 18, 30, tzinfo=PARIS),
    )  # fmt: skip
    profile.update_company(
        participant.company, by=None, city="Le Mans", website="https://arcaloir.example",
        description="Castings.\nMachining.",
    )  # fmt: skip
    participant.languages = ["fr", "en"]
    participant.job_title, participant.phone = "Buyer", "+33 6 00 00 00 00"
    participant.save()
    organisation = Organisation.objects.create(
        organiser=edition.series.organiser, name="Aéro Méca", country="FR",
        website="https://aero.example", registration_number="123",
    )  # fmt: skip
    past = PastEdition.objects.create(
        series=edition.series, year=2012, start_date=dt.date(2012, 6, 1),
        end_date=dt.date(2012, 6, 2), place="Le Mans", participants=80, notes="Rain.\nMud.",
    )  # fmt: skip
    endpoint = webhook_services.create_endpoint(
        edition, by=None, url="http://127.0.0.1:9/in",
        events=["meeting.scheduled", "meeting.cancelled"],
    )  # fmt: skip
    category = factories.make_category(
        edition.series.organiser, label_en="Grinding", label_fr="Rectification", position=3
    )

    def events(name, *args):
        return reverse(f"events:{name}", args=[slug, *args])

    def visits(name, *args):
        return reverse(f"visits:{name}", args=[slug, *args])

    def portal(name):
        return reverse(f"participants-portal:{name}", args=[slug])

    return [
        (organiser, events("room-update", room.pk), None),
        (organiser, events("table-update", table.pk), None),
        (organiser, events("slot-update", first.pk), None),
        (organiser, events("edition-update"), None),
        (organiser, events("protocol"), None),
        (organiser, events("privacy"), None),
        (organiser, events("interpreter-update", yuki.pk), None),
        (organiser, visits("zone-update", zone.pk), None),
        (organiser, visits("visit-update", visit.pk), None),
        (organiser, visits("zone-list"), visits("settings")),
        (organiser, visits("settings"), None),
        (organiser, reverse("series:organisation-update", args=[organisation.pk]), None),
        (organiser, reverse("series:past-update", args=[edition.series.pk, past.pk]), None),
        (organiser, reverse("webhooks:endpoint-detail", args=[slug, endpoint.pk]), None),
        (organiser, reverse("participants:category-update", args=[category.pk]), None),
        (participant.user, portal("profile"), portal("profile-company")),
        (participant.user, portal("profile"), portal("profile-person")),
        (participant.user, portal("profile"), portal("profile-availability")),
    ]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_edit_page_posted_as_rendered_changes_no_field(
    client, pages, changed_by_user, language
):
    problems = []
    for user, page, action in pages:
        client.force_login(user)
        response = client.get(page, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, (page, response.status_code)
        url = action or page
        data = _as_rendered(response.content.decode(), url)
        before = len(changed_by_user)
        posted = client.post(url, data, HTTP_ACCEPT_LANGUAGE=language)
        if posted.status_code != 302 or len(changed_by_user) != before:
            problems.append((url, posted.status_code, changed_by_user[before:]))
    assert problems == []
