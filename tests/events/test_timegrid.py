import datetime as dt
import zoneinfo

import pytest

from paddock.events.timegrid import GridSettings, GridSettingsError, Half, check_settings, plan_day

pytestmark = pytest.mark.unit

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _local(slots):
    return [
        (slot.half, f"{slot.start.astimezone(PARIS):%H:%M}-{slot.end.astimezone(PARIS):%H:%M}")
        for slot in slots
    ]


def test_plan_day_skips_lunch_and_stops_before_the_day_ends():
    grid = GridSettings(dt.time(9), dt.time(12), 40, 10, dt.time(10, 30), dt.time(11))

    slots = plan_day(dt.date(2031, 6, 12), grid, PARIS)

    assert _local(slots) == [
        (Half.MORNING, "09:00-09:40"),
        (Half.MORNING, "09:50-10:30"),
        (Half.AFTERNOON, "11:00-11:40"),
    ]


def test_plan_day_without_lunch_runs_back_to_back_and_splits_at_noon():
    grid = GridSettings(dt.time(11), dt.time(13, 30), 45, 0)

    slots = plan_day(dt.date(2031, 6, 12), grid, PARIS)

    assert _local(slots) == [
        (Half.MORNING, "11:00-11:45"),
        (Half.MORNING, "11:45-12:30"),
        (Half.AFTERNOON, "12:30-13:15"),
    ]


def test_plan_day_stores_utc_in_summer_and_winter():
    grid = GridSettings(dt.time(9), dt.time(9, 30), 30, 0)

    summer = plan_day(dt.date(2031, 6, 12), grid, PARIS)[0].start
    winter = plan_day(dt.date(2031, 12, 11), grid, PARIS)[0].start

    assert (summer, winter) == (
        dt.datetime(2031, 6, 12, 7, 0, tzinfo=dt.UTC),
        dt.datetime(2031, 12, 11, 8, 0, tzinfo=dt.UTC),
    )


def test_plan_day_gives_real_lengths_across_a_clock_change():
    # 30 March 2031: Paris clocks jump from 02:00 to 03:00.
    grid = GridSettings(dt.time(1, 0), dt.time(4, 0), 60, 0)

    slots = plan_day(dt.date(2031, 3, 30), grid, PARIS)

    assert [(slot.start.isoformat(), slot.end.isoformat()) for slot in slots] == [
        ("2031-03-30T00:00:00+00:00", "2031-03-30T01:00:00+00:00"),
        ("2031-03-30T01:00:00+00:00", "2031-03-30T02:00:00+00:00"),
    ]


@pytest.mark.parametrize(
    ("grid", "field"),
    [
        (GridSettings(dt.time(9), dt.time(9), 30, 0), "day_end"),
        (GridSettings(dt.time(9), dt.time(18), 0, 0), "meeting_minutes"),
        (GridSettings(dt.time(9), dt.time(18), 30, -1), "pause_minutes"),
        (GridSettings(dt.time(9), dt.time(18), 30, 0, dt.time(12)), "lunch_end"),
        (GridSettings(dt.time(9), dt.time(18), 30, 0, None, dt.time(14)), "lunch_start"),
        (GridSettings(dt.time(9), dt.time(18), 30, 0, dt.time(14), dt.time(13)), "lunch_end"),
        (GridSettings(dt.time(9), dt.time(18), 30, 0, dt.time(8), dt.time(10)), "lunch_start"),
    ],
)
def test_check_settings_names_the_wrong_setting(grid, field):
    with pytest.raises(GridSettingsError) as raised:
        check_settings(grid)

    assert raised.value.field == field
