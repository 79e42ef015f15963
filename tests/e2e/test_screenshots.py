"""Screenshots of every role's main pages at 1280 and 390 px in French and English, for a
person to look at (clipped, overlapping or unreadable parts). Off by default: set
PADDOCK_SCREENSHOTS to a folder, e.g.
`PADDOCK_SCREENSHOTS=/tmp/shots scripts/test tests/e2e/test_screenshots.py`."""

import os
from pathlib import Path

import pytest

from tests.e2e.main_pages import LANGUAGES, WIDTHS, main_pages, walk

FOLDER = os.environ.get("PADDOCK_SCREENSHOTS", "")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not FOLDER, reason="PADDOCK_SCREENSHOTS names no folder"),
]


def _file_name(language: str, width: int, role: str, name: str) -> str:
    return f"{language}-{width}-{role}-{name}.png".replace(" ", "_")


@pytest.mark.parametrize("language", LANGUAGES)
def test_screenshots_of_the_main_pages(browser, live_server, demo_to_walk, language):
    folder = Path(FOLDER)
    folder.mkdir(parents=True, exist_ok=True)

    for visit in walk(browser, live_server.url, language):
        name = _file_name(language, visit.width, visit.page.role, visit.page.name)
        visit.tab.screenshot(path=folder / name, full_page=True)

    expected = {
        _file_name(language, width, page.role, page.name)
        for page in main_pages()
        for width in WIDTHS
    }
    assert expected - {path.name for path in folder.glob(f"{language}-*.png")} == set()
