"""Sections drawn as SVG charts by pygal, safe under our Content-Security-Policy.

pygal writes an inline <script> (its tooltip configuration) and links its tooltip script from a
CDN; with `js=[]` the link goes, and the inline script and the comments naming pygal's web site
are cut from the SVG here, so that the chart runs nothing and names no outside host. pygal is
imported by `chart_svg` only: every command and worker loads the URLs, few draw a chart.
"""

import math
import re
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext

from paddock.reports.sections import CHART_ROWS, Section

STYLE = {  # the options of pygal.style.Style
    "font_family": "DejaVu Sans, Verdana, sans-serif",
    "background": "#ffffff",
    "plot_background": "#ffffff",
    "foreground": "#1d2330",
    "foreground_strong": "#1d2330",
    "foreground_subtle": "#5b6475",
    "colors": ("#1f5fa8", "#c8102e", "#2e7d32", "#8a5a00", "#6a3d9a"),
    "title_font_size": 20,
    "label_font_size": 14,
    "major_label_font_size": 14,
    "legend_font_size": 14,
    "value_font_size": 13,
    "no_data_font_size": 20,
}
KINDS = {"bar": "Bar", "hbar": "HorizontalBar", "line": "Line"}  # pygal's chart classes
UNSAFE = re.compile(r"<script\b.*?</script>|<!--.*?-->", re.DOTALL)
CHAR_WIDTH = 0.6 * STYLE["label_font_size"]  # pygal's own estimate of a character's width
LINE_HEIGHT = 1.3 * STYLE["label_font_size"]
ROTATION = 30  # degrees, for category labels too long to stand side by side
ROTATED_CHARACTERS = 24  # a rotated label's length at most, so the plot keeps its height
VALUE_LABEL_ROOM = 45  # pixels for each label of a value axis


def short_labels(labels: list[str]) -> list[str]:
    """The labels without the words they all begin with ("International Business Days 2013",
    "… 2014" become "2013", "2014"): the table beside the chart gives them whole."""
    words = [label.split(" ") for label in labels]
    common = 0
    while (
        len(labels) > 1
        and all(len(w) > common + 1 for w in words)
        and (len({tuple(w[: common + 1]) for w in words}) == 1)
    ):
        common += 1
    return [" ".join(w[common:]) for w in words]


def fitted_labels(kind: str, labels: list[str], width: int) -> list[str]:
    """The category labels as drawn: horizontal bars' names cut with "…" past half the width
    (the table beside the chart gives them whole); vertical bars' without the words they all
    begin with."""
    if kind == "bar":
        return short_labels(labels)
    if kind != "hbar":
        return labels
    most = int(0.5 * width / CHAR_WIDTH)
    return [label if len(label) <= most else label[: most - 1] + "…" for label in labels]


def axis_options(kind: str, labels: list[str], width: int) -> dict[str, Any]:
    """pygal's options that keep the labels of a chart `width` pixels wide apart.

    Horizontal bars: the value axis has a label every VALUE_LABEL_ROOM pixels of what the
    names leave. Vertical bars and lines: labels side by side when they fit, else rotated,
    and then only every n-th one when they are too many even so."""
    longest = max((len(label) for label in labels), default=0)
    if kind == "hbar":
        scale = max(2, int((width - longest * CHAR_WIDTH - 40) / VALUE_LABEL_ROOM))
        return {"max_scale": scale, "min_scale": min(4, scale)}
    room = 0.85 * width / max(len(labels), 1)  # the plot's width shared by the labels
    if kind != "line" and longest * CHAR_WIDTH + 8 <= room:
        return {"truncate_label": 40}
    every = math.ceil(LINE_HEIGHT / (room * math.sin(math.radians(ROTATION))))
    return {
        "truncate_label": ROTATED_CHARACTERS,
        "x_label_rotation": ROTATION,
        "x_labels_major_every": every,
        "show_minor_x_labels": every == 1,
    }


def formatter(unit: str):  # type: ignore[no-untyped-def]
    """Numbers as the active language writes them (1 234,5 in French)."""

    def format_value(value: float | None) -> str:
        if value is None:
            return ""
        shown = number_format(value, decimal_pos=0 if float(value).is_integer() else 1)
        return f"{shown}\u00a0{unit}" if unit else shown

    return format_value


def chart_svg(section: Section, *, width: int = 800, height: int = 420) -> str:
    """The section's chart as an SVG document (no XML declaration, no script)."""
    import pygal  # a tenth of a second: loaded by what draws, not by every start-up
    from pygal.style import Style

    rows = section.rows[:CHART_ROWS] if section.chart == "hbar" else section.rows
    labels = fitted_labels(section.chart, [str(row[0]) for row in rows], width)
    chart = getattr(pygal, KINDS[section.chart])(
        title=section.title,
        width=width,
        height=height,
        style=Style(**STYLE),
        js=[],
        disable_xml_declaration=True,
        value_formatter=formatter(section.unit),
        show_legend=len(section.columns) > 1,
        legend_at_bottom=True,
        print_values=section.chart != "line",
        margin=10,
        explicit_size=True,
        no_data_text=gettext("No figures yet"),
        **axis_options(section.chart, labels, width),
    )
    chart.x_labels = list(reversed(labels)) if section.chart == "hbar" else labels
    for column in section.columns:
        values = [row[column] for row in rows]
        chart.add(
            str(section.headers[column]),
            list(reversed(values)) if section.chart == "hbar" else values,
        )
    return UNSAFE.sub("", chart.render(is_unicode=True))
