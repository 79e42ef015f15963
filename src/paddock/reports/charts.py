"""Sections drawn as SVG charts by pygal, safe under our Content-Security-Policy.

pygal writes an inline <script> (its tooltip configuration) and links its tooltip script from a
CDN; with `js=[]` the link goes, and the inline script and the comments naming pygal's web site
are cut from the SVG here, so that the chart runs nothing and names no outside host. pygal is
imported by `chart_svg` only: every command and worker loads the URLs, few draw a chart.
"""

import re

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
        x_label_rotation=30 if section.chart == "line" else 0,
        print_values=section.chart != "line",
        truncate_label=40,
        margin=10,
        explicit_size=True,
        no_data_text=gettext("No figures yet"),
    )
    labels = [str(row[0]) for row in rows]
    chart.x_labels = list(reversed(labels)) if section.chart == "hbar" else labels
    for column in section.columns:
        values = [row[column] for row in rows]
        chart.add(
            str(section.headers[column]),
            list(reversed(values)) if section.chart == "hbar" else values,
        )
    return UNSAFE.sub("", chart.render(is_unicode=True))
