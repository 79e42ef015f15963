"""Small SVG pictures drawn on the server: a run's summary and a compact grid. No script.

Each function takes plain values and returns SVG markup with every text escaped.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

# LABEL_W leaves room for a slanted "Thu 09:00" left of the first bar and below the axis.
BAR_W, BAR_GAP, BAR_H, LABEL_W = 18, 4, 120, 56
TEXT, ROOM_CHARS = 12, 17  # font size of every label; room names longer than this are cut
INK, ACCENT, LINE, PAPER, FOCUS = "#1d2433", "#2450a8", "#d5d9e0", "#ffffff", "#f0a500"


@dataclass
class GridPicture:
    """One room: which (table row, slot column) cells hold a meeting."""

    name: str
    tables: int
    slots: int
    taken: set[tuple[int, int]]
    mine: set[tuple[int, int]] = field(default_factory=set)


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def slot_bars(title: str, labels: Sequence[str], counts: Sequence[int], most: int) -> str:
    """Meetings per slot as bars, against the most the venue holds in one slot. Every bar has
    its label, written aslant so that labels never overlap."""
    most = max(most, *counts, 1)
    pitch = BAR_W + BAR_GAP
    width = max(len(counts) * pitch + BAR_GAP + LABEL_W, 60)
    body = [f'<line x1="0" y1="{BAR_H}" x2="{width}" y2="{BAR_H}" stroke="{LINE}"/>']
    for i, (label, count) in enumerate(zip(labels, counts, strict=True)):
        x = LABEL_W + BAR_GAP + i * pitch
        h = round((BAR_H - 16) * count / most)
        middle, below = x + BAR_W / 2, BAR_H + 12
        body.append(
            f'<rect x="{x}" y="{BAR_H - h}" width="{BAR_W}" height="{h}" fill="{ACCENT}">'
            f"<title>{escape(label)}: {count}</title></rect>"
            f'<text x="{middle}" y="{BAR_H - h - 3}" font-size="{TEXT}" text-anchor="middle" '
            f'fill="{INK}">{count}</text>'
            f'<text x="{middle}" y="{below}" font-size="{TEXT}" text-anchor="end" '
            f'transform="rotate(-45 {middle} {below})" fill="{INK}">{escape(label)}</text>'
        )
    return _svg(width, BAR_H + LABEL_W + 16, title, body)


def _cut(name: str, most: int = ROOM_CHARS) -> str:
    return name if len(name) <= most else name[: most - 1].rstrip() + "…"


def room_use(title: str, rows: Sequence[tuple[str, int, int]]) -> str:
    """Per room: table-slots used out of those available, as a filled bar and a percentage.
    A long room name is cut to fit; its whole name is the row's tooltip."""
    width, row_h = 360, 24
    body = []
    for i, (name, used, total) in enumerate(rows):
        y = i * row_h
        share = used / total if total else 0.0
        body.append(
            f"<g><title>{escape(name)}</title>"
            f'<text x="0" y="{y + 15}" font-size="{TEXT}" fill="{INK}">{escape(_cut(name))}</text>'
            f'<rect x="120" y="{y + 4}" width="180" height="14" fill="{PAPER}" stroke="{LINE}"/>'
            f'<rect x="120" y="{y + 4}" width="{round(180 * share)}" height="14" fill="{ACCENT}"/>'
            f'<text x="306" y="{y + 15}" font-size="{TEXT}" fill="{INK}">'
            f"{round(100 * share)} %</text>"
            "</g>"
        )
    return _svg(width, max(len(rows), 1) * row_h, title, body)


def compact_grid(title: str, rooms: Sequence[GridPicture]) -> str:
    """Every room as a block of small squares: rows tables, columns slots, filled when taken
    (in another colour for the chosen participant's meetings)."""
    cell, gap, label_h = 10, 1, 16
    width = max((r.slots for r in rooms), default=1) * (cell + gap) + 2
    body, y = [], 0
    for room in rooms:
        body.append(
            f'<text x="0" y="{y + 12}" font-size="11" fill="{INK}">{escape(room.name)}</text>'
        )
        y += label_h
        for row in range(room.tables):
            body.extend(  # a list, not a loop of appends: a big room has a thousand cells
                [
                    f'<rect x="{col * (cell + gap)}" y="{y + row * (cell + gap)}" '
                    f'width="{cell}" height="{cell}" fill="{fill}"/>'
                    for col in range(room.slots)
                    for fill in [
                        (FOCUS if (row, col) in room.mine else ACCENT)
                        if (row, col) in room.taken
                        else LINE
                    ]
                ]
            )
        y += room.tables * (cell + gap) + 6
    return _svg(max(width, 60), max(y, 20), title, body)
