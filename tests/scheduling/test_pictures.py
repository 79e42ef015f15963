"""The SVG pictures: plain functions, every text escaped."""

import re

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


def _texts(svg):
    return re.findall(r"<text [^>]*>([^<]*)</text>", svg)


def test_slot_bars_label_every_slot_at_a_readable_size():
    labels = ["09:00", "09:30", "10:00", "10:30", "11:00"]

    svg = pictures.slot_bars("Meetings per slot", labels, [2, 0, 1, 3, 1], 4)

    sizes = set(re.findall(r'font-size="(\d+)"', svg))
    assert (_texts(svg)[1::2], sizes) == (labels, {"12"})


def test_room_use_cuts_a_long_room_name_and_keeps_it_whole_in_its_title():
    name = "Grande salle des conférences Jean-Baptiste Colbert"

    svg = pictures.room_use("Use", [(name, 30, 120)])

    assert (_texts(svg)[0], f"<title>{name}</title>" in svg) == ("Grande salle des…", True)
