"""An interpreter's agenda as an iCalendar file: one event per meeting they interpret."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from paddock.events.models import Interpreter
from paddock.meetings.emails import site_host
from paddock.meetings.ics import PRODID
from paddock.meetings.models import Meeting


def interpreter_ics(interpreter: Interpreter, meetings: list[Meeting]) -> bytes:
    """The calendar of `interpreter` (their `meetings`, placed), in the active language."""
    edition = interpreter.edition
    calendar = Calendar()
    name = _("%(edition)s: meetings to interpret") % {"edition": edition}
    for key, value in (
        ("prodid", PRODID),
        ("version", "2.0"),
        ("x-wr-calname", name),
        ("x-wr-timezone", edition.timezone),
    ):
        calendar.add(key, value)
    for meeting in meetings:
        calendar.add_component(_event(interpreter, meeting))
    # The time zone's rules of the edition's year only, as in the participants' feeds.
    calendar.add_missing_timezones(
        first_date=dt.date(edition.start_date.year, 1, 1),
        last_date=dt.date(edition.end_date.year, 12, 31),
    )
    return calendar.to_ical()


def _event(interpreter: Interpreter, meeting: Meeting) -> Event:
    zone, table = interpreter.edition.tzinfo, meeting.table
    sides = (meeting.first, meeting.second)
    fields = {
        # Not the participants' UID: a person who subscribes to both sees two events.
        "uid": f"interpreter-{interpreter.pk}-meeting-{meeting.pk}@{site_host()}",
        "sequence": meeting.sequence,
        "dtstamp": meeting.updated_at or timezone.now(),
        "dtstart": meeting.slot.start.astimezone(zone),
        "dtend": meeting.slot.end.astimezone(zone),
        "summary": _("Interpreting: %(first)s and %(second)s")
        % {"first": sides[0].company.name, "second": sides[1].company.name},
        "location": _("%(room)s, table %(table)s")
        % {"room": table.room.name, "table": table.label},
        "description": "\n".join(
            f"{side.user} · {side.company.name} ({', '.join(side.languages)})" for side in sides
        ),
    }
    event = Event()
    for key, value in fields.items():
        event.add(key, value)
    return event
