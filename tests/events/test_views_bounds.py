"""Numbers and dates an organiser types have sane bounds: a clear message next to the field,
never a database overflow, and nothing changed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from paddock.events import services
from paddock.events.exceptions import ProtocolError, VenueError
from paddock.events.models import Edition, Room, SanitaryProtocol, Table
from tests import factories
from tests.edit_forms import post_as_opened
from tests.events.test_views_editions import NEW_EDITION, _settings_data

pytestmark = pytest.mark.integration

HUGE = str(10**20)


def _url(name, edition, *args):
    return reverse(f"events:{name}", args=[edition.slug, *args])


def _errors(response, name="form"):
    return dict(response.context[name].errors)


def test_room_capacity_above_the_bound_is_refused_next_to_it(organiser_client, edition):
    response = organiser_client.post(
        _url("room-create", edition), {"name": "Tent", "capacity": HUGE}
    )

    assert (response.status_code, _errors(response)) == (
        200,
        {"capacity": ["Capacity in persons: at most 100000."]},
    )
    assert list(Room.objects.all()) == []


def test_table_numbers_above_the_bound_are_refused_next_to_the_first_number(
    organiser_client, edition
):
    room = factories.make_room(edition)

    response = organiser_client.post(
        _url("room-detail", edition, room.pk), {"count": "2", "prefix": "", "start": HUGE}
    )

    assert (response.status_code, _errors(response)) == (
        200,
        {"start": ["First number: at most 99999."]},
    )
    assert list(Table.objects.all()) == []


def test_protocol_cap_above_the_bound_is_refused_next_to_it(organiser_client, edition):
    response = post_as_opened(
        organiser_client,
        _url("protocol", edition),
        {"max_persons_per_room": HUGE, "visits_allowed": "on"},
    )

    assert (response.status_code, _errors(response)) == (
        200,
        {"max_persons_per_room": ["Maximum persons per room: at most 100000."]},
    )
    assert SanitaryProtocol.objects.get(edition=edition).max_persons_per_room is None


def test_grid_pause_above_the_bound_is_refused_next_to_it(organiser_client, edition):
    grid = {"days": ["2031-06-12"], "day_start": "09:00", "day_end": "11:00"}

    response = organiser_client.post(
        _url("grid-generate", edition), {**grid, "meeting_minutes": "30", "pause_minutes": HUGE}
    )

    assert (response.status_code, _errors(response)) == (
        200,
        {"pause_minutes": ["Pause between meetings (minutes): at most 240."]},
    )


def test_edition_limits_above_their_bounds_are_refused_next_to_each(organiser_client, edition):
    data = _settings_data(
        edition,
        max_requests_per_participant=HUGE,
        request_expiry_days="366",
        no_show_after_minutes="241",
    )

    response = post_as_opened(organiser_client, _url("edition-update", edition), data)

    assert (response.status_code, _errors(response)) == (
        200,
        {
            "max_requests_per_participant": ["Meeting requests per participant: at most 1000."],
            "request_expiry_days": ["Days before an unanswered request expires: at most 365."],
            "no_show_after_minutes": ["No-show after (minutes): at most 240."],
        },
    )
    edition.refresh_from_db()
    assert edition.max_requests_per_participant == 20


def test_edition_from_year_1_to_9999_is_refused_with_the_window(organiser_client, edition):
    data = {
        **NEW_EDITION,
        "series": edition.series.pk,
        "start_date": "0001-01-01",
        "end_date": "9999-12-31",
    }

    response = organiser_client.post(reverse("events:edition-create"), data)

    assert (response.status_code, _errors(response)) == (
        200,
        {
            "start_date": ["Choose a year between 1990 and 2100."],
            "end_date": ["Choose a year between 1990 and 2100."],
        },
    )
    assert list(Edition.objects.filter(slug="ibd-2032")) == []


def test_edition_longer_than_the_bound_is_refused_next_to_the_last_day(organiser_client, edition):
    data = _settings_data(edition, start_date="2031-06-01", end_date="2031-07-02")

    response = post_as_opened(organiser_client, _url("edition-update", edition), data)

    assert (response.status_code, _errors(response)) == (
        200,
        {"end_date": ["An edition lasts at most 31 days; this one would last 32."]},
    )


def test_room_services_refuse_a_capacity_above_the_bound(edition, organiser_user):
    with pytest.raises(VenueError) as refused:
        services.create_room(edition, by=organiser_user, name="Tent", capacity=10**20)

    assert (refused.value.code, refused.value.field, refused.value.message) == (
        "room_capacity_too_high",
        "capacity",
        "Capacity in persons: at most 100000.",
    )


def test_protocol_service_refuses_a_cap_above_the_bound(edition, organiser_user):
    with pytest.raises(ProtocolError) as refused:
        services.update_protocol(
            edition,
            by=organiser_user,
            max_persons_per_room=10**20,
            health_pass_required=False,
            visits_allowed=True,
        )

    assert (refused.value.code, refused.value.field) == (
        "protocol_cap_too_high",
        "max_persons_per_room",
    )


def test_edition_service_refuses_dates_out_of_the_window(edition, organiser_user):
    import datetime as dt

    with pytest.raises(ValidationError) as refused:
        services.update_edition(edition, by=organiser_user, start_date=dt.date(1, 1, 1))

    assert refused.value.message_dict == {
        "start_date": ["Choose a year between 1990 and 2100."],
    }
