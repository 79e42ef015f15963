"""Local times that the clocks skip or show twice (issue 16): typed in the grid's generator or
a slot's form, they are refused next to the field with the time named; before, 02:30 on the
night the clocks go forward was saved as 03:30 without a word."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from paddock.events.localtime import (
    LocalTimeError,
    first_instant,
    local_instant,
    same_local_time,
)
from paddock.events.models import Session, TimeSlot
from tests import factories
from tests.edit_forms import post_edit

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
FORWARD = dt.date(2027, 3, 28)  # Paris: 02:00 becomes 03:00
BACK = dt.date(2027, 10, 31)  # Paris: 03:00 becomes 02:00


def _refusal(day, time):
    with pytest.raises(LocalTimeError) as caught:
        local_instant(day, time, PARIS)
    return caught.value.message


@pytest.mark.unit
def test_local_instant_names_a_skipped_and_a_repeated_time():
    assert (
        _refusal(FORWARD, dt.time(2, 30)),
        _refusal(BACK, dt.time(2, 30)),
        local_instant(FORWARD, dt.time(3, 0), PARIS).isoformat(),
        local_instant(BACK, dt.time(3, 0), PARIS).isoformat(),
    ) == (
        "02:30 does not exist on 28/03/2027 in Europe/Paris: the clocks go forward then.",
        "02:30 happens twice on 31/10/2027 in Europe/Paris: the clocks go back then.",
        "2027-03-28T03:00:00+02:00",
        "2027-10-31T03:00:00+01:00",
    )


@pytest.mark.unit
def test_same_local_time_refuses_a_moment_of_the_repeated_hour_onto_a_plain_night():
    # 00:30 UTC is the first 02:30 of that night in Paris; 01:30 UTC the second. In UTC, 02:30
    # happens once: the two would become one.
    first, second = (dt.datetime(2027, 10, 31, h, 30, tzinfo=dt.UTC) for h in (0, 1))

    refused = []
    for moment in (first, second):
        with pytest.raises(LocalTimeError) as caught:
            same_local_time(moment, read_in=PARIS, tz=zoneinfo.ZoneInfo("UTC"))
        refused.append(caught.value.message)

    message = (
        "02:30 happens twice on 31/10/2027 in Europe/Paris, as the clocks go back, and once "
        "only on 31/10/2027 in UTC: move it out of that hour first."
    )
    assert refused == [message, message]


@pytest.mark.unit
def test_same_local_time_keeps_which_of_the_two_times_onto_a_night_the_clocks_go_back():
    # Before, refused as above: the copy of a night edition onto next year's was refused.
    first, second = (dt.datetime(2026, 10, 25, h, 30, tzinfo=dt.UTC) for h in (0, 1))

    moved = [same_local_time(m, read_in=PARIS, tz=PARIS, days=371) for m in (first, second)]

    assert [m.isoformat() for m in moved] == [
        "2027-10-31T02:30:00+02:00",
        "2027-10-31T02:30:00+01:00",
    ]


@pytest.mark.unit
def test_first_instant_is_the_first_of_a_repeated_time_and_the_jump_past_a_skipped_one():
    assert [first_instant(day, dt.time(2, 30), PARIS).isoformat() for day in (FORWARD, BACK)] + [
        first_instant(FORWARD, dt.time(18, 0), PARIS).isoformat()
    ] == [
        "2027-03-28T03:00:00+02:00",
        "2027-10-31T02:30:00+02:00",
        "2027-03-28T18:00:00+02:00",
    ]


@pytest.fixture
def night_edition(organiser_user, edition):
    """An edition over both nights of clock changes, in the organiser's series."""
    return factories.make_edition(
        edition.series, start_date=FORWARD, end_date=BACK.replace(month=4, day=20)
    )


def _url(name, edition, *args):
    return reverse(f"events:{name}", args=[edition.slug, *args])


GRID = {
    "days": [FORWARD.isoformat()],
    "day_start": "02:30",
    "day_end": "06:00",
    "meeting_minutes": "30",
    "pause_minutes": "0",
    "lunch_start": "",
    "lunch_end": "",
}


@pytest.mark.integration
def test_grid_starting_at_a_skipped_time_is_refused_next_to_day_start(
    organiser_client, night_edition
):
    response = organiser_client.post(_url("grid-generate", night_edition), GRID)

    assert (response.context["form"].errors, TimeSlot.objects.count()) == (
        {
            "day_start": [
                "02:30 does not exist on 28/03/2027 in Europe/Paris: the clocks go forward "
                "then. Choose another time."
            ]
        },
        0,
    )


@pytest.mark.integration
def test_slot_at_a_skipped_time_is_refused_next_to_its_field(organiser_client, night_edition):
    session = Session.objects.create(edition=night_edition, name="Night", date=FORWARD)

    response = organiser_client.post(
        _url("slot-create", night_edition, session.pk),
        {"session": session.pk, "start": "01:45", "end": "02:15"},
    )

    assert (response.context["form"].errors, TimeSlot.objects.count()) == (
        {
            "end": [
                "02:15 does not exist on 28/03/2027 in Europe/Paris: the clocks go forward "
                "then. Choose another time."
            ]
        },
        0,
    )


@pytest.mark.integration
def test_slot_and_grid_times_with_seconds_are_refused_next_to_their_field(
    organiser_client, night_edition
):
    # Before, a slot 09:00 to 09:30:30 was saved, shown as 09:00 to 09:30, and the slot typed
    # after it at 09:30 was refused as overlapping the slot shown 09:00 to 09:30.
    session = Session.objects.create(edition=night_edition, name="Morning", date=FORWARD)

    slot = organiser_client.post(
        _url("slot-create", night_edition, session.pk),
        {"session": session.pk, "start": "09:00", "end": "09:30:30"},
    )
    grid = organiser_client.post(
        _url("grid-generate", night_edition), {**GRID, "day_start": "09:00:30"}
    )

    refused = "Give the time in hours and minutes, without seconds: {}, for instance."
    assert (
        slot.context["form"].errors,
        grid.context["form"].errors,
        TimeSlot.objects.count(),
    ) == ({"end": [refused.format("09:30")]}, {"day_start": [refused.format("09:00")]}, 0)


@pytest.mark.integration
def test_a_slot_generated_in_the_repeated_hour_saves_unchanged_times_on_its_edit_page(
    organiser_client, edition
):
    # Before, its own times, as the page showed them, were refused: "02:00 happens twice".
    night_edition = factories.make_edition(edition.series, start_date=BACK, end_date=BACK)
    organiser_client.post(
        _url("grid-generate", night_edition),
        {**GRID, "days": [BACK.isoformat()], "day_start": "01:00", "day_end": "04:00"},
    )
    second_two = TimeSlot.objects.order_by("start")[4]  # the second 02:00 to 02:30
    before = (second_two.start, second_two.end)
    other = Session.objects.create(edition=night_edition, name="Night shift", date=BACK)
    url = _url("slot-update", night_edition, second_two.pk)

    moved = post_edit(organiser_client, url, {"start": "02:15"})
    kept = post_edit(organiser_client, url, {"session": other.pk})

    second_two.refresh_from_db()
    assert (
        moved.context["form"].errors,
        kept.status_code,
        (second_two.start, second_two.end, second_two.session),
    ) == (
        {
            "start": [
                "02:15 happens twice on 31/10/2027 in Europe/Paris: the clocks go back then. "
                "Choose another time."
            ]
        },
        302,
        (*before, other),
    )
