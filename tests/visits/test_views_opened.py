"""The visit pages' edit forms keep what another organiser saved since the page was opened
(`core.opened`): the zone, a visit session and the booking rules."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from paddock.visits import services
from paddock.visits.enums import BookingMode
from paddock.visits.models import VisitSession, VisitSettings, Zone
from paddock.visits.queries import settings_of
from tests.edit_forms import opened_data
from tests.visits.factories import visitor

pytestmark = pytest.mark.integration

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _url(name, edition, *args):
    return reverse(f"visits:{name}", args=[edition.slug, *args])


def _save_after(client, url, colleague, changes, *, page=None, form="form"):
    """Open the page, let `colleague()` save meanwhile, then post the form with `changes`."""
    opened = opened_data(client, page or url, form=form)
    colleague()
    return client.post(url, {**opened, **changes})


def test_zone_renamed_keeps_the_safety_notes_changed_meanwhile(staff_client, edition, zone):
    def colleague():
        services.update_zone(Zone.objects.get(pk=zone.pk), by=None, safety_notes="Helmets")

    response = _save_after(
        staff_client, _url("zone-update", edition, zone.pk), colleague, {"name_en": "Garage"}
    )

    zone.refresh_from_db()
    assert (response.status_code, zone.name_en, zone.safety_notes) == (302, "Garage", "Helmets")


def test_session_seats_changed_keep_the_travel_time_changed_meanwhile(staff_client, edition, visit):
    def colleague():
        read = VisitSession.objects.get(pk=visit.pk)
        services.update_session(read, by=None, travel_before_minutes=25)

    response = _save_after(
        staff_client, _url("visit-update", edition, visit.pk), colleague, {"seats": "5"}
    )

    visit.refresh_from_db()
    assert (response.status_code, visit.seats, visit.travel_before_minutes) == (302, 5, 25)


def test_booking_rules_keep_the_mode_changed_meanwhile(staff_client, edition):
    services.update_visit_settings(edition, by=None, cancellation_deadline_hours=24)

    def colleague():
        services.update_visit_settings(edition, by=None, booking_mode=BookingMode.WISHES)

    response = _save_after(
        staff_client,
        _url("settings", edition),
        colleague,
        {"cancellation_deadline_hours": "48"},
        page=_url("zone-list", edition),
        form="settings_form",
    )

    found = settings_of(edition)
    assert (response.status_code, found.cancellation_deadline_hours, found.booking_mode) == (
        302,
        48,
        BookingMode.WISHES,
    )


def test_booking_rules_keep_a_wishes_deadline_they_did_not_touch(staff_client, edition):
    deadline = dt.datetime(2031, 6, 1, 18, 0, tzinfo=PARIS)
    services.update_visit_settings(edition, by=None, wishes_deadline=deadline)
    opened = opened_data(staff_client, _url("zone-list", edition), form="settings_form")

    response = staff_client.post(
        _url("settings", edition), {**opened, "cancellation_deadline_hours": "12"}
    )

    found = VisitSettings.objects.get(edition=edition)
    assert (response.status_code, found.cancellation_deadline_hours, found.wishes_deadline) == (
        302,
        12,
        deadline,
    )


def test_update_visit_settings_writes_only_what_differs_from_the_settings_read(edition):
    services.update_visit_settings(edition, by=None, cancellation_deadline_hours=24)
    first_read, second_read = (VisitSettings.objects.get(edition=edition) for _ in range(2))

    services.update_visit_settings(
        edition, by=None, read=first_read, cancellation_deadline_hours=48,
        booking_mode=first_read.booking_mode,
    )  # fmt: skip
    services.update_visit_settings(
        edition, by=None, read=second_read, cancellation_deadline_hours=24,
        booking_mode=BookingMode.WISHES,
    )  # fmt: skip

    found = settings_of(edition)
    assert (found.cancellation_deadline_hours, found.booking_mode) == (48, BookingMode.WISHES)


def test_session_moved_with_people_booked_is_refused_next_to_its_start(
    staff_client, edition, visit
):
    services.book_visit(visit, participant=visitor(edition, "Anna"), by=None)
    opened = opened_data(staff_client, _url("visit-update", edition, visit.pk))

    response = staff_client.post(
        _url("visit-update", edition, visit.pk), {**opened, "start": "14:15", "end": "15:15"}
    )

    visit.refresh_from_db()
    assert (response.status_code, response.context["form"].errors["start"]) == (
        200,
        [
            "1 person is booked or waiting for this visit and was told its time: to move it, "
            "cancel it (they are told) and add another visit."
        ],
    )
    assert f"{visit.start.astimezone(PARIS):%H:%M}" == "14:00"
