"""Local times that the clocks skip or show twice, typed in a visit session's form or as the
wishes deadline: refused next to the field with the time named (issue 16)."""

import datetime as dt

import pytest
from django.urls import reverse

from paddock.visits.models import VisitSession
from paddock.visits.queries import settings_of
from tests import factories
from tests.edit_forms import post_as_opened
from tests.visits.factories import make_zone

pytestmark = pytest.mark.integration

BACK = dt.date(2027, 10, 31)  # Paris: 03:00 becomes 02:00, 02:30 happens twice


@pytest.fixture
def organiser_client(client, organiser_user):
    client.force_login(organiser_user)
    return client


@pytest.fixture
def autumn_edition(organiser_user, edition):
    return factories.make_edition(edition.series, start_date=BACK, end_date=BACK)


def _url(name, edition, *args):
    return reverse(f"visits:{name}", args=[edition.slug, *args])


def test_session_starting_at_a_repeated_time_is_refused_next_to_start(
    organiser_client, autumn_edition
):
    zone = make_zone(autumn_edition)

    response = organiser_client.post(
        _url("zone-detail", autumn_edition, zone.pk),
        {
            "day": BACK.isoformat(),
            "start": "02:30",
            "end": "04:00",
            "seats": "5",
            "guide": "",
            "travel_before_minutes": "10",
            "travel_after_minutes": "10",
        },
    )

    assert (response.context["form"].errors, VisitSession.objects.count()) == (
        {
            "start": [
                "02:30 happens twice on 31/10/2027 in Europe/Paris: the clocks go back then. "
                "Choose another time."
            ]
        },
        0,
    )


def test_wishes_deadline_at_a_skipped_time_is_refused_next_to_the_field(
    organiser_client, autumn_edition
):
    response = post_as_opened(
        organiser_client,
        _url("settings", autumn_edition),
        {"cancellation_deadline_hours": "24", "wishes_deadline": "2027-03-28T02:30"},
    )

    assert (response.context["form"].errors, settings_of(autumn_edition).wishes_deadline) == (
        {
            "wishes_deadline": [
                "02:30 does not exist on 28/03/2027 in Europe/Paris: the clocks go forward "
                "then. Choose another time."
            ]
        },
        None,
    )


def test_times_with_seconds_are_refused_and_whole_minutes_with_zero_seconds_taken(
    organiser_client, autumn_edition
):
    # Before, 14:00:45 was saved, and shown everywhere as 14:00.
    zone = make_zone(autumn_edition)
    session = {
        "day": BACK.isoformat(),
        "end": "16:00",
        "seats": "5",
        "guide": "",
        "travel_before_minutes": "10",
        "travel_after_minutes": "10",
    }
    url = _url("zone-detail", autumn_edition, zone.pk)

    with_seconds = organiser_client.post(url, {**session, "start": "14:00:45"})
    deadline = post_as_opened(
        organiser_client,
        _url("settings", autumn_edition),
        {"cancellation_deadline_hours": "24", "wishes_deadline": "2027-10-20T18:00:30"},
    )
    organiser_client.post(url, {**session, "start": "14:00:00"})

    refused = "Give the time in hours and minutes, without seconds: {}, for instance."
    assert (
        with_seconds.context["form"].errors,
        deadline.context["form"].errors,
        settings_of(autumn_edition).wishes_deadline,
        [f"{visit.start:%H:%M:%S}" for visit in VisitSession.objects.all()],
    ) == (
        {"start": [refused.format("14:00")]},
        {"wishes_deadline": [refused.format("18:00")]},
        None,
        ["13:00:00"],
    )
