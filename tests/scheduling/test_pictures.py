"""The SVG pictures: plain functions, every text escaped."""

import pytest

from paddock.scheduling import pictures

pytestmark = pytest.mark.unit


def test_slot_bars_draw_one_bar_per_slot_and_escape_labels():
    svg = pictures.slot_bars("Meetings <per> slot", ["09:00", "09:30", "10:00"], [2, 0, 1], 4)

    assert (svg.count("<rect "), "Meetings &lt;per&gt; slot" in svg, "<per>" in svg) == (
        3,
        True,
        False,
    )


def test_compact_grid_fills_taken_cells_and_colours_the_chosen_ones():
    room = pictures.GridPicture(
        name="Tent", tables=2, slots=3, taken={(0, 0), (1, 2)}, mine={(1, 2)}
    )

    svg = pictures.compact_grid("Grid", [room])

    fills = [
        svg.count(f'fill="{colour}"/>')
        for colour in (pictures.ACCENT, pictures.FOCUS, pictures.LINE)
    ]
    assert fills == [1, 1, 4]


def test_room_use_writes_the_share_of_table_slots_used():
    svg = pictures.room_use("Use", [("Tent", 30, 120), ("Hall", 0, 0)])

    assert ("25 %" in svg, "0 %" in svg) == (True, True)
