"""The meetings' shared reads: the agenda as plain rows (issue 16), and what counts as held or
missed, for every report and history."""

import datetime as dt

import pytest
from django.utils import translation

from paddock.events.models import TimeSlot
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.meetings.queries import AgendaPerson, AgendaRow, agenda_rows, held_and_missed
from paddock.participants.models import Offer
from tests import factories
from tests.compilations import compiled_models
from tests.meetings.helpers import accepted_meeting

pytestmark = pytest.mark.integration


def test_agenda_rows_show_each_side_the_other(buyer, supplier, placed_meeting):
    supplier.job_title, supplier.show_job_title = "CEO", True
    supplier.save()
    buyer.job_title, buyer.show_job_title = "Buyer", False
    buyer.save()
    placed_meeting.interpreter = factories.make_interpreter(buyer.edition, name="Yuki Tanaka")
    placed_meeting.save()
    placed_meeting.refresh_from_db()
    slot, table = placed_meeting.slot, placed_meeting.table
    row = {
        "pk": placed_meeting.pk,
        "status": "scheduled",
        "sequence": placed_meeting.sequence,
        "updated_at": placed_meeting.updated_at,
        "start": slot.start,
        "end": slot.end,
        "room": table.room.name,
        "table": "12",
        "interpreter": "Yuki Tanaka",
        "message": "",
    }

    seen = (agenda_rows(buyer), agenda_rows(supplier))

    assert seen == (
        [
            AgendaRow(
                **row,
                other=AgendaPerson(
                    "Sophie Laser", "CEO", supplier.company_id, "Impression 3D Ouest", "FR"
                ),
                they_offer=["Metal additive manufacturing"],
            )
        ],
        [
            AgendaRow(
                **row,
                other=AgendaPerson("Bruno Achat", "", buyer.company_id, "Soudure Sarthe", "FR"),
                they_need=["Metal additive manufacturing"],
            )
        ],
    )


def test_agenda_rows_reasons_follow_the_language_and_the_shown_meetings(
    buyer, supplier, placed_meeting, printing
):
    # The reasons are read by a query compiled once (issue 16): one per language, for the
    # companies of every meeting, of which only the rows shown keep theirs.
    other = factories.make_participant(buyer.edition)
    Offer.objects.create(company=other.company, category=printing, text="Binder jetting")
    cancelled = accepted_meeting(other, buyer)
    cancelled.status = MeetingStatus.CANCELLED
    cancelled.save(update_fields=["status"])

    with translation.override("fr"):
        shown = agenda_rows(buyer)
        every = agenda_rows(buyer, include_cancelled=True)
    english = agenda_rows(buyer)

    assert [(row.pk, row.they_offer) for row in shown] == [
        (placed_meeting.pk, ["Fabrication additive métal"])
    ]
    assert [(row.pk, row.status, row.they_offer) for row in every] == [
        (placed_meeting.pk, "scheduled", ["Fabrication additive métal"]),
        (cancelled.pk, "cancelled", ["Fabrication additive métal"]),
    ]
    assert [(row.pk, row.they_offer) for row in english] == [
        (placed_meeting.pk, ["Metal additive manufacturing"])
    ]


def test_held_and_missed_count_meetings_whose_slot_is_over(edition, slot, table):
    later = TimeSlot.objects.create(
        edition=edition,
        session=slot.session,
        start=slot.end,
        end=slot.end + dt.timedelta(minutes=30),
    )
    for number, (status, when) in enumerate(
        (
            (MeetingStatus.SCHEDULED, slot),
            (MeetingStatus.SCHEDULED, slot),
            (MeetingStatus.SCHEDULED, later),
            (MeetingStatus.NO_SHOW, slot),
            (MeetingStatus.CANCELLED, slot),
            (MeetingStatus.TO_SCHEDULE, None),
        )
    ):
        Meeting.objects.create(
            edition=edition,
            first=factories.make_participant(edition),
            second=factories.make_participant(edition),
            status=status,
            slot=when,
            table=factories.make_table(table.room, label=f"T{number}") if when else None,
        )

    counts = Meeting.objects.filter(edition=edition).aggregate(**held_and_missed(now=slot.end))

    assert counts == {"held": 2, "no_show": 1}


def test_agenda_rows_query_is_compiled_once(buyer, supplier, placed_meeting):
    # Issue 16: building the agenda's query cost more than reading its rows.
    agenda_rows(supplier)
    agenda_rows(supplier, include_cancelled=True)

    with compiled_models() as compiled:
        seen = [
            [row.pk for row in agenda_rows(buyer)],
            [row.pk for row in agenda_rows(buyer, include_cancelled=True)],
        ]

    assert (compiled, seen) == ([], [[placed_meeting.pk], [placed_meeting.pk]])
