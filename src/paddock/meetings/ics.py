"""A participant's agenda as an iCalendar feed that calendar applications subscribe to.

Each placed meeting is one VEVENT whose UID never changes; SEQUENCE follows the meeting's
revision so that calendars apply changes, and cancelled meetings stay as STATUS:CANCELLED, as
do those a later run left out (at their published place).
"""

import datetime as dt
import functools

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Component, Event, Timezone, vDDDTypes, vInt, vText

from paddock.core.links import with_language
from paddock.meetings.emails import language_for, portal_link, site_host
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.queries import AgendaRow, feed_entries
from paddock.participants.models import Participant
from paddock.visits.enums import BookingStatus, VisitStatus
from paddock.visits.models import Booking
from paddock.visits.queries import agenda_visits

PRODID = "-//Paddock//Business meetings//EN"

# RFC 5545: a content line is folded before it reaches 75 octets; the fold is CRLF and a space.
_FOLD_AT = 74


def meeting_uid(pk: int) -> str:
    return f"meeting-{pk}@{site_host()}"


def agenda_ics(participant: Participant) -> bytes:
    """The calendar of `participant` in the edition's time zone, in the person's language:
    the entries are read in it too, as their capability labels are in the active language."""
    edition = participant.edition
    with translation.override(language_for(participant)):
        entries = feed_entries(participant)
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", _("%(edition)s: my meetings") % {"edition": edition.name})
        calendar.add("x-wr-timezone", edition.timezone)
        # Every event links to the agenda: the address is built once, not once an event.
        link = with_language(portal_link(participant, "agenda"), translation.get_language())
        for entry in entries:
            calendar.add_component(_event(entry, participant, link))
        for booking in agenda_visits(participant, include_cancelled=True):
            calendar.add_component(_visit_event(booking, participant, link))
        return with_timezones(calendar, edition.start_date, edition.end_date)


def with_timezones(calendar: Calendar, start: dt.date, end: dt.date) -> bytes:
    """What `calendar.add_missing_timezones(...)` then `calendar_bytes` write, byte for byte,
    with only the rules of the years from `start` to `end` (a short VTIMEZONE that calendars
    read fast). icalendar inserts the missing VTIMEZONEs before the other components; each is
    written once per process for its zone and years (`_timezone_bytes`), not on every feed."""
    first, last = start.replace(month=1, day=1), end.replace(month=12, day=31)
    zones = b"".join(_timezone_bytes(tzid, first, last) for tzid in _used_tzids(calendar))
    body = calendar_bytes(calendar)
    if not zones:
        return body
    # The calendar's own properties come first; no value holds a bare CRLF (icalendar escapes
    # line breaks), so the first line "BEGIN:V..." after the opening one starts a component.
    at = body.index(b"\r\nBEGIN:V", len(b"BEGIN:VCALENDAR")) + 2
    return body[:at] + zones + body[at:]


def _used_tzids(calendar: Calendar) -> list[str]:
    """`calendar.get_missing_tzids()` for a feed, whose only local times are its events'
    DTSTART and DTEND (DTSTAMP is UTC) and which has no VTIMEZONE yet: a look at those two
    values rather than a walk through every property of every event. A feed has one zone, the
    edition's; were there several, they would come in the order first used (icalendar's own
    order is a set's)."""
    used: dict[str, None] = {}
    for component in calendar.subcomponents:
        for name in ("DTSTART", "DTEND"):
            tzid = getattr(component.get(name), "params", {}).get("TZID")
            if tzid and tzid != "UTC":
                used[tzid] = None
    return list(used)


@functools.lru_cache(maxsize=64)
def _timezone_bytes(tzid: str, first: dt.date, last: dt.date) -> bytes:
    """The VTIMEZONE that `add_missing_timezones` adds for `tzid` (nothing for a zone icalendar
    does not know), as written lines: it depends only on its three arguments."""
    try:
        timezone = Timezone.from_tzid(tzid, first_date=first, last_date=last)
    except ValueError:
        return b""
    return calendar_bytes(timezone)


def calendar_bytes(calendar: Component) -> bytes:
    """What `calendar.to_ical()` writes, byte for byte. icalendar folds each line character by
    character (two calls a character: most of a feed's cost); `folded` cuts the encoded line."""
    return b"\r\n".join(folded(line) for line in calendar.content_lines() if line) + b"\r\n"


def folded(line: str) -> bytes:
    """The line in UTF-8, cut as icalendar cuts it: pieces of at most 74 octets, never inside a
    character, and a backslash or caret that would end a piece starts the next one instead."""
    data = line.encode()
    pieces = []
    start = 0
    while len(data) - start > _FOLD_AT:
        end = start + _FOLD_AT
        while (data[end] & 0xC0) == 0x80:  # a UTF-8 continuation byte: back to its character
            end -= 1
        if data[end - 1] in b"\\^":
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces)


def _event(row: AgendaRow, participant: Participant, link: str) -> Event:
    """One meeting. Its values go in typed (vText, vDDDTypes): icalendar then skips guessing
    each type, half the cost of adding them (dtstamp is UTC, as `add` would convert it)."""
    other, zone = row.other, participant.edition.tzinfo
    summary = _("Meeting with %(name)s (%(company)s)") % {
        "name": other.name,
        "company": other.company,
    }
    # A no-show is off for both, and a meeting left out since its publication (shown at its
    # published place) is off too: calendars drop them as they drop a cancelled meeting.
    cancelled = row.status != MeetingStatus.SCHEDULED
    event = Event()
    event.add("uid", vText(meeting_uid(row.pk)))
    event.add("sequence", vInt(row.sequence))
    event.add("dtstamp", vDDDTypes((row.updated_at or timezone.now()).astimezone(dt.UTC)))
    event.add("dtstart", vDDDTypes(row.start.astimezone(zone)))  # type: ignore[union-attr]
    event.add("dtend", vDDDTypes(row.end.astimezone(zone)))  # type: ignore[union-attr]
    event.add("summary", vText(summary))
    event.add("location", vText(_location(row, participant.edition.venue_name)))
    event.add("description", vText(_description(row, link)))
    event.add("status", vText("CANCELLED" if cancelled else "CONFIRMED"))
    return event


def _visit_event(booking: Booking, participant: Participant, link: str) -> Event:
    """A seat in a visit: its own UID; cancelled (SEQUENCE raised) when the seat or the
    session is, so that calendars drop it."""
    session, zone = booking.session, booking.session.zone
    tz = participant.edition.tzinfo
    cancelled = booking.status == BookingStatus.CANCELLED or session.status == VisitStatus.CANCELLED
    event = Event()
    event.add("uid", f"visit-{booking.pk}@{site_host()}")
    event.add("sequence", 1 if cancelled else 0)
    event.add("dtstamp", booking.cancelled_at or session.cancelled_at or booking.created_at)
    event.add("dtstart", session.start.astimezone(tz))
    event.add("dtend", session.end.astimezone(tz))
    event.add("summary", _("Visit: %(zone)s") % {"zone": zone.name})
    event.add("location", zone.meeting_point)
    lines = [_("Meeting point: %(place)s") % {"place": zone.meeting_point}]
    if zone.host:
        lines.append(_("Host: %(host)s") % {"host": zone.host})
    if zone.safety_notes:
        lines.append(_("Safety and equipment: %(notes)s") % {"notes": zone.safety_notes})
    lines.append(link)
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _location(row: AgendaRow, venue: str) -> str:
    # The venue comes from the participant's edition, already read: not one query per meeting.
    place = _("%(room)s, table %(table)s") % {"room": row.room, "table": row.table}
    return f"{place} – {venue}" if venue else place


def _description(row: AgendaRow, link: str) -> str:
    other = row.other
    lines = [f"{other.name} – {other.job_title}" if other.job_title else other.name]
    lines.append(other.company)
    if row.they_offer:
        lines.append(_("They offer: %(items)s") % {"items": ", ".join(row.they_offer)})
    if row.they_need:
        lines.append(_("They need: %(items)s") % {"items": ", ".join(row.they_need)})
    if row.interpreter:
        lines.append(_("Interpreter: %(name)s") % {"name": row.interpreter})
    if row.message:
        lines.append(row.message)
    lines.append(link)
    return "\n".join(lines)
