"""The charts' labels stay readable at the sizes the funders' PDF and the pages draw them: no
two labels of an axis overlap, however long the names or many the bars."""

import itertools
import math
import xml.etree.ElementTree as ET

import pytest

from paddock.reports.charts import STYLE, chart_svg
from paddock.reports.sections import Section

pytestmark = pytest.mark.unit

SVG = "{http://www.w3.org/2000/svg}"
FONT = STYLE["label_font_size"]
CHAR = 0.6 * FONT  # pygal's estimate of a character's width


def _axis_labels(svg: str, axis: str) -> list[tuple[str, float, float, bool]]:
    """(text, x, y, rotated) of the labels of the axis "x" or "y", as drawn."""
    root = ET.fromstring(svg)  # noqa: S314 - the chart just drawn here, not outside input
    return [
        (text.text or "", float(text.get("x")), float(text.get("y")), "transform" in text.attrib)
        for group in root.iter(f"{SVG}g")
        if group.get("class", "").split()[:2] == ["axis", axis]
        for text in group.iter(f"{SVG}text")
    ]


def overlapping(svg: str) -> list[tuple[str, str]]:
    """The pairs of neighbouring labels that overlap: side by side on the horizontal axis
    (centred, or rotated 30 degrees), one above the other on the vertical one."""
    pairs = []
    across = sorted(_axis_labels(svg, "x"), key=lambda label: label[1])
    for (a, xa, _ya, rotated), (b, xb, _yb, _r) in itertools.pairwise(across):
        gap = (xb - xa) * math.sin(math.radians(30)) if rotated else xb - xa
        needed = FONT if rotated else CHAR * (len(a) + len(b)) / 2 + 4
        if gap < needed:
            pairs.append((a, b))
    down = sorted(_axis_labels(svg, "y"), key=lambda label: label[2])
    pairs += [
        (a, b) for (a, _x, ya, _), (b, _x2, yb, _r) in itertools.pairwise(down) if yb - ya < FONT
    ]
    return pairs


def _section(chart: str, rows, columns=(1,)) -> Section:
    return Section("test", "Test", ["Label", "Number", "Other"], rows, chart=chart, columns=columns)


SECTORS = [
    ("Metalwork and welding", 32),
    ("Additive manufacturing", 16),
    ("Motorsport", 14),
    ("Services", 9),
    ("Automotive", 7),
    ("Mechanical engineering", 7),
    ("Engineering and design", 6),
    ("Plastics and composites", 5),
    ("Industrial equipment", 4),
]
OUTCOMES = [
    ("Answers (two sides per meeting held)", 323),
    ("The meeting took place", 319),
    ("Documentation", 78),
    ("Quote", 73),
    ("Samples", 37),
    ("Factory or site visit", 25),
    ("Order", 16),
    ("Partnership", 13),
]


@pytest.mark.parametrize("rows", [SECTORS, OUTCOMES], ids=["sectors", "outcomes"])
@pytest.mark.parametrize("size", [(500, 270), (800, 420)], ids=["pdf", "page"])
def test_chart_svg_horizontal_bars_with_long_names_overlap_no_label(rows, size):
    width, height = size

    svg = chart_svg(_section("hbar", rows), width=width, height=height)

    assert overlapping(svg) == []


EDITIONS = [
    (f"International Business Days {year}", 90 + year % 7, 40) for year in range(2008, 2020)
]


@pytest.mark.parametrize("size", [(800, 380), (800, 420)], ids=["pdf", "page"])
def test_chart_svg_bars_of_many_editions_overlap_no_label(size):
    width, height = size

    svg = chart_svg(_section("bar", EDITIONS, columns=(1, 2)), width=width, height=height)

    assert overlapping(svg) == []


def test_chart_svg_line_of_many_slots_overlaps_no_label():
    slots = [(f"{9 + n // 2:02d}:{30 * (n % 2):02d}", n % 7) for n in range(40)]

    svg = chart_svg(_section("line", slots), width=500, height=270)

    assert overlapping(svg) == []


def test_chart_svg_bars_of_editions_drop_the_series_name_they_share():
    svg = chart_svg(_section("bar", EDITIONS[-3:], columns=(1, 2)), width=800, height=380)

    assert [label[0] for label in _axis_labels(svg, "x")] == ["2017", "2018", "2019"]


def test_chart_svg_horizontal_bars_cut_a_name_longer_than_half_the_width():
    rows = [("Réponses (deux côtés par rendez-vous tenu)", 323), ("Devis", 73)]

    svg = chart_svg(_section("hbar", rows), width=500, height=270)

    assert (sorted(label[0] for label in _axis_labels(svg, "y")), overlapping(svg)) == (
        ["Devis", "Réponses (deux côtés par ren…"],
        [],
    )
