"""The agenda PDF lays out on one A4 page for a handful of meetings."""

import datetime as dt
import re

import pytest
from django.template.loader import render_to_string

from paddock.events.enums import EditionStatus
from paddock.events.models import TimeSlot
from paddock.meetings.documents import agenda_document
from paddock.meetings.queries import agenda_for
from tests.meetings.helpers import accepted_meeting, other_participant, place

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


def test_agenda_document_heads_a_day_by_the_editions_calendar_not_utc(
    edition, buyer, placed_meeting, table
):
    # 00:30 in Paris is still the day before in UTC: one day, one heading.
    edition.status = EditionStatus.SCHEDULED
    edition.save()
    midnight = dt.datetime(2031, 6, 11, 22, 30, tzinfo=dt.UTC)
    early = TimeSlot.objects.create(
        edition=edition,
        session=placed_meeting.slot.session,
        start=midnight,
        end=midnight + dt.timedelta(minutes=30),
    )
    place(accepted_meeting(buyer, other_participant(edition)), slot=early, table=table)
    context = {"edition": edition, "participant": buyer, "published": True}

    html = render_to_string(
        "meetings/pdf/agenda.html", {**context, "scheduled": agenda_for(buyer), "to_schedule": []}
    )

    assert re.findall(r'<tr class="day"><th colspan="3">(.*?)</th>', html) == [
        "Thursday 12 June 2031"
    ]
