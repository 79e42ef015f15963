"""The agenda PDF lays out on one A4 page for a handful of meetings."""

import pytest

from paddock.events.enums import EditionStatus
from paddock.meetings.documents import agenda_document
from paddock.meetings.queries import agenda_for

pytestmark = pytest.mark.integration


def test_agenda_document_has_one_page(edition, buyer, placed_meeting):
    edition.status = EditionStatus.SCHEDULED
    edition.save()
    entries = agenda_for(buyer)

    document = agenda_document(
        {
            "edition": edition,
            "participant": buyer,
            "published": True,
            "scheduled": entries,
            "to_schedule": [],
        }
    )

    assert (len(document.pages), document.write_pdf()[:5]) == (1, b"%PDF-")
