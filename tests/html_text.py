"""Reading a page's text in tests: tags dropped, entities decoded, table rows as lists."""

import html
import re


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def row_cells(fragment: str, *, row: str = r"<tr[^>]*>", cell: str = "td") -> list[list[str]]:
    """The text of the `cell` cells of each row of `fragment` (rows opened by `row`)."""
    return [
        [text_of(found) for found in re.findall(rf"<{cell}[^>]*>.*?</{cell}>", body, re.S)]
        for body in re.findall(rf"{row}(.*?)</tr>", fragment, re.S)
    ]
