"""The agenda read as plain rows (issue 16): the other side, the place and the reasons."""

import pytest

from paddock.meetings.queries import AgendaPerson, AgendaRow, agenda_rows
from tests import factories

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
