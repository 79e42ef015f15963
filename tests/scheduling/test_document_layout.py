"""How the printed documents lay out a big venue: a room sheet longer than a page repeats
its room and slot on every page, and forty tables fit on two pages."""

import pytest

from paddock.scheduling import documents
from tests import factories
from tests.scheduling.helpers import make_slots
from tests.scheduling.test_documents import _text_of

pytestmark = pytest.mark.integration


def _page_text(document, number: int) -> str:
    return _text_of(document.copy([document.pages[number]]))


def test_room_sheet_of_a_big_room_repeats_its_room_and_slot_on_each_page(edition):
    tent = factories.make_room(edition, name="Barnum", capacity=120)
    for n in range(1, 41):
        factories.make_table(tent, label=f"B{n}", position=n)
    make_slots(edition, 1)

    document = documents.room_sheets_document(edition)

    pages = [_page_text(document, n) for n in range(len(document.pages))]
    assert len(pages) == 2
    assert ["Barnum" in text and "09:00" in text for text in pages] == [True, True]
    assert ("B1" in pages[0].split(), "B40" in pages[1].split()) == (True, True)
