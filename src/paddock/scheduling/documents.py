"""Venue documents as PDFs: every participant's agenda in one file, table signs and room
sheets. WeasyPrint lays them out from templates; nothing outside the HTML is fetched.

Each agenda is drawn by the meetings' own template (`meetings.documents.agenda_part`) and the
pages of all of them are joined, so one printed agenda looks the same as the one a participant
downloads. The data of all agendas is read in a fixed number of queries. The long documents
come as parts (`core.pdf.Part`: one agenda, one room sheet), which the task that stores them
lays out one by one to show its progress.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils import translation

from paddock.accounts.mail import language_for
from paddock.core.pdf import Part, in_chunks, render_part, render_parts
from paddock.events.models import Edition, Interpreter, Table, TimeSlot
from paddock.meetings.documents import agenda_part
from paddock.meetings.enums import FREED_STATUSES
from paddock.meetings.models import Meeting
from paddock.meetings.queries import AgendaEntry, schedule_published, validated_participants
from paddock.participants.models import Need, Offer, Participant

if TYPE_CHECKING:  # WeasyPrint takes a second to import: only what prints loads it
    from weasyprint.document import Document

STYLESHEET = "scheduling/documents-pdf.css"
_MEETING_RELATED = (
    "first__user",
    "first__company",
    "second__user",
    "second__company",
    "slot",
    "table__room",
    "request",
    "interpreter",
)


def render_document(template: str, context: dict[str, Any]) -> Document:
    return render_part(Part(render_to_string(template, context), STYLESHEET))


def empty_part() -> Part:
    """A page saying there is nothing to print: an empty PDF would be refused by viewers."""
    return Part(render_to_string("scheduling/pdf/empty.html", {}), STYLESHEET)


def empty_document() -> Document:
    return render_part(empty_part())


def agendas_document(
    edition: Edition, *, participants: Iterable[Participant] | None = None, language: str = ""
) -> Document | None:
    """The agendas of `participants` (default: every validated one), each starting on a new
    page, each in its reader's language unless the organiser chose `language`."""
    return render_parts(agenda_parts(edition, participants=participants, language=language))


def agenda_parts(
    edition: Edition, *, participants: Iterable[Participant] | None = None, language: str = ""
) -> list[Part]:
    """One part per agenda, as `agendas_document` lays them out."""
    people = list(participants if participants is not None else validated_participants(edition))
    published = schedule_published(edition)
    meetings = _meetings_by_participant(edition, people)
    capabilities = _capabilities(edition)
    parts = []
    for person in people:
        person.edition = edition
        with translation.override(language or language_for(person.user, edition)):
            entries = _entries(person, meetings[person.pk], capabilities)
            context = {
                "edition": edition,
                "participant": person,
                "published": published,
                "scheduled": [e for e in entries if published and e.scheduled],
                "to_schedule": [e for e in entries if not (published and e.scheduled)],
            }
            parts.append(agenda_part(context))
    return parts


def _meetings_by_participant(
    edition: Edition, people: list[Participant]
) -> dict[int, list[Meeting]]:
    found: dict[int, list[Meeting]] = defaultdict(list)
    wanted = {person.pk for person in people}
    queryset = (
        Meeting.objects.filter(edition=edition)
        .exclude(status__in=FREED_STATUSES)
        .select_related(*_MEETING_RELATED)
        .order_by("slot__start", "pk")
    )
    for meeting in queryset:
        for side in (meeting.first, meeting.second):
            if side.pk in wanted:
                found[side.pk].append(meeting)
    return found


Capabilities = dict[str, dict[int, list[Any]]]


def _capabilities(edition: Edition) -> Capabilities:
    """Categorised offers and needs of the edition's companies, by company, in two queries."""
    result: Capabilities = {"offers": defaultdict(list), "needs": defaultdict(list)}
    for key, model in (("offers", Offer), ("needs", Need)):
        items = model.objects.filter(company__edition=edition, category__isnull=False)
        for item in items.select_related("category").order_by("pk"):
            result[key][item.company_id].append(item.category)
    return result


def _entries(
    person: Participant, meetings: list[Meeting], capabilities: Capabilities
) -> list[AgendaEntry]:
    """As `meetings.queries.agenda_for`, from data already read; labels in the active language."""
    my_needs = {c.pk for c in capabilities["needs"].get(person.company_id, [])}
    my_offers = {c.pk for c in capabilities["offers"].get(person.company_id, [])}
    entries = []
    for meeting in meetings:
        other = meeting.other_side(person)
        offers = capabilities["offers"].get(other.company_id, [])
        needs = capabilities["needs"].get(other.company_id, [])
        entries.append(
            AgendaEntry(
                meeting=meeting,
                other=other,
                they_offer=[c.label for c in offers if c.pk in my_needs],
                they_need=[c.label for c in needs if c.pk in my_offers],
                message=meeting.request.message if meeting.request else "",
            )
        )
    # Meetings come in time order; a stable sort puts the unplaced ones last.
    entries.sort(key=lambda entry: not entry.scheduled)
    return entries


def table_signs_document(edition: Edition) -> Document:
    """One landscape page per table: its label large, the room, the home exhibitor if any."""
    tables = (
        Table.objects.filter(room__edition=edition)
        .select_related("room", "home_participant__company")
        .order_by("room__name", "room__pk", "position", "label")
    )
    return render_document(
        "scheduling/pdf/table_signs.html", {"edition": edition, "tables": tables}
    )


def room_sheets_document(edition: Edition) -> Document:
    """For each room, one page per slot: its tables and who meets at each."""
    document = render_parts(room_sheet_parts(edition))
    return document if document is not None else empty_document()


def room_sheet_parts(edition: Edition) -> list[Part]:
    """The room sheets (a room at a slot, one page or more each) in a few parts, in the active
    language; one part saying there is none when the edition has no room or slot yet."""
    return [
        Part(
            render_to_string(
                "scheduling/pdf/room_sheets.html", {"edition": edition, "sheets": chunk}
            ),
            STYLESHEET,
        )
        for chunk in in_chunks(room_sheets(edition))
    ]


def room_sheets(edition: Edition) -> list[dict[str, Any]]:
    placed = (
        Meeting.objects.filter(edition=edition, slot__isnull=False, table__isnull=False)
        .exclude(status__in=FREED_STATUSES)
        .select_related(*_MEETING_RELATED)
    )
    by_place = {(m.slot_id, m.table_id): m for m in placed}
    tables = list(
        Table.objects.filter(room__edition=edition)
        .select_related("room")
        .order_by("room__name", "room__pk", "position", "label")
    )
    slots = list(TimeSlot.objects.filter(edition=edition).order_by("start"))
    rooms: dict[int, list[Table]] = defaultdict(list)
    for table in tables:
        rooms[table.room_id].append(table)
    return [
        {
            "room": room_tables[0].room,
            "slot": slot,
            "rows": [(table, by_place.get((slot.pk, table.pk))) for table in room_tables],
        }
        for room_tables in rooms.values()
        for slot in slots
    ]


def interpreter_meetings(interpreter: Interpreter) -> list[Meeting]:
    """The placed meetings an interpreter interprets, in time order."""
    return list(
        interpreter.meetings.filter(slot__isnull=False)
        .exclude(status__in=FREED_STATUSES)
        .select_related(*_MEETING_RELATED)
        .order_by("slot__start", "pk")
    )


def interpreter_agenda_document(interpreter: Interpreter) -> Document:
    """The interpreter's meetings on paper: when, where, whom, in which languages."""
    context = {
        "edition": interpreter.edition,
        "interpreter": interpreter,
        "meetings": interpreter_meetings(interpreter),
    }
    return render_document("scheduling/pdf/interpreter_agenda.html", context)
