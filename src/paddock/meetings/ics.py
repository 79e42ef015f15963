"""A participant's agenda as an iCalendar feed that calendar applications subscribe to.

Each placed meeting is one VEVENT whose UID never changes; SEQUENCE follows the meeting's
revision so that calendars apply changes, and cancelled meetings stay as STATUS:CANCELLED, as
do those a later run left out (at their published place).

The feed's own revision (`AgendaFeed.revision`, raised when the person withdraws and when the
withdrawal is undone) is added to every event's SEQUENCE. While the person is withdrawn,
every event of theirs is STATUS:CANCELLED, the meetings kept from the day included: the feed
keeps answering, so that subscribed calendars take the events out (a feed that answered 404
would leave them all in place).
"""

import datetime as dt
import functools
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Component, Event, Timezone, vDDDTypes

from paddock.core.links import with_language
from paddock.events.models import Edition
from paddock.meetings.emails import language_for, portal_link, site_host
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.queries import AgendaRow, feed_entries
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from paddock.visits.enums import BookingStatus, VisitStatus
from paddock.visits.models import Booking
from paddock.visits.queries import agenda_visits

PRODID = "-//Paddock//Business meetings//EN"

# RFC 5545: a content line is folded before it reaches 75 octets; the fold is CRLF and a space.
_FOLD_AT = 74


def meeting_uid(pk: int, host: str | None = None) -> str:
    """The meeting's UID in every feed: its pk at the site's host (looked up when not given)."""
    return f"meeting-{pk}@{host or site_host()}"


def agenda_ics(participant: Participant, *, revision: int = 0) -> bytes:
    """The calendar of `participant` in the edition's time zone, in the person's language:
    the entries are read in it too, as their capability labels are in the active language.
    `revision` is the feed's (`AgendaFeed.revision`), added to every SEQUENCE; a withdrawn
    person's events are all cancelled."""
    edition = participant.edition
    withdrawn = participant.status == ParticipantStatus.WITHDRAWN
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
        for booking in agenda_visits(participant, include_cancelled=True):
            event = _visit_event(booking, participant, link, revision=revision, off=withdrawn)
            calendar.add_component(event)
        meetings = MeetingEvents.for_feed(edition, link, revision=revision, off=withdrawn)
        events = b"".join(meetings.event(entry) for entry in entries)
        tzids = [meetings.tzid] if entries and meetings.tzid else []
        return with_timezones(
            calendar, edition.start_date, edition.end_date, events=events, tzids=tzids
        )


def with_timezones(
    calendar: Calendar,
    start: dt.date,
    end: dt.date,
    *,
    events: bytes = b"",
    tzids: Sequence[str] = (),
) -> bytes:
    """What `calendar.add_missing_timezones(...)` then `calendar_bytes` write, byte for byte,
    with only the rules of the years from `start` to `end` (a short VTIMEZONE that calendars
    read fast). icalendar inserts the missing VTIMEZONEs before the other components; each is
    written once per process for its zone and years (`_timezone_bytes`), not on every feed.

    `events` are written components that go before the calendar's own, and `tzids` the zones
    they use (as if they had been added to the calendar first)."""
    first, last = start.replace(month=1, day=1), end.replace(month=12, day=31)
    used = dict.fromkeys([*tzids, *_used_tzids(calendar)])
    zones = b"".join(_timezone_bytes(tzid, first, last) for tzid in used)
    body = calendar_bytes(calendar)
    if events:
        found = body.find(b"\r\nBEGIN:V", len(b"BEGIN:VCALENDAR"))
        at = found + 2 if found >= 0 else body.rindex(b"END:VCALENDAR")
        body = body[:at] + events + body[at:]
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


def text_value(text: str) -> str:
    """A TEXT value escaped as icalendar's `vText` escapes it (RFC 5545, 3.3.11); the order
    of the replacements matters."""
    return (
        text.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def _moment(value: dt.datetime) -> str:
    return (
        f"{value.year:04}{value.month:02}{value.day:02}"
        f"T{value.hour:02}{value.minute:02}{value.second:02}"
    )


@functools.lru_cache(maxsize=64)
def _local_form(zone: str) -> tuple[str, str, str | None]:
    """How icalendar writes a local time of `zone`: its parameters (";TZID=Europe/Paris"),
    the value's suffix ("Z" in UTC) and the TZID that wants a VTIMEZONE (None in UTC)."""
    event = Event()
    event.add("dtstart", vDDDTypes(dt.datetime(2000, 1, 1, tzinfo=zoneinfo.ZoneInfo(zone))))
    line = next(line for line in event.content_lines() if line.startswith("DTSTART"))
    head, _colon, value = line.partition(":")
    tzid = event["DTSTART"].params.get("TZID")
    return head.removeprefix("DTSTART"), "Z" if value.endswith("Z") else "", tzid


@dataclass(frozen=True)
class MeetingEvents:
    """Writes a feed's meetings as VEVENTs: the lines icalendar's `Event` would write for
    them, byte for byte, without its components and properties (about 70 calls a line, most of
    the feed's cost). What every event shares is worked out once a feed."""

    words: dict[str, str]
    zone: zoneinfo.ZoneInfo
    local: str  # DTSTART's and DTEND's parameters
    suffix: str
    tzid: str | None
    venue: str
    link: str
    host: str
    revision: int = 0  # the feed's, added to every SEQUENCE
    off: bool = False  # every meeting cancelled (the person withdrew)

    @classmethod
    def for_feed(
        cls, edition: Edition, link: str, *, revision: int = 0, off: bool = False
    ) -> "MeetingEvents":
        """In the active language, the edition's time zone and venue, linking to `link`;
        `revision` and `off` as the attributes say."""
        words = {
            "summary": _("Meeting with %(name)s (%(company)s)"),
            "place": _("%(room)s, table %(table)s"),
            "offer": _("They offer: %(items)s"),
            "need": _("They need: %(items)s"),
            "interpreter": _("Interpreter: %(name)s"),
        }
        local, suffix, tzid = _local_form(edition.timezone)
        zone = edition.tzinfo
        venue, host = edition.venue_name, site_host()
        return cls(words, zone, local, suffix, tzid, venue, link, host, revision, off)

    def event(self, row: AgendaRow) -> bytes:
        """One placed meeting (`row.start` and `row.end` are set)."""
        other, words = row.other, self.words
        summary = words["summary"] % {"name": other.name, "company": other.company}
        # A no-show is off for both, and a meeting left out since its publication (shown at
        # its published place) is off too: calendars drop them as they drop a cancelled one.
        cancelled = self.off or row.status != MeetingStatus.SCHEDULED
        stamp = (row.updated_at or timezone.now()).astimezone(dt.UTC)
        start, end = row.start.astimezone(self.zone), row.end.astimezone(self.zone)  # type: ignore[union-attr]
        place = words["place"] % {"room": row.room, "table": row.table}
        lines = (
            "BEGIN:VEVENT",
            "SUMMARY:" + text_value(summary),
            f"DTSTART{self.local}:{_moment(start)}{self.suffix}",
            f"DTEND{self.local}:{_moment(end)}{self.suffix}",
            f"DTSTAMP:{_moment(stamp)}Z",
            "UID:" + text_value(meeting_uid(row.pk, self.host)),
            f"SEQUENCE:{row.sequence + self.revision}",
            "DESCRIPTION:" + text_value(self._description(row)),
            "LOCATION:" + text_value(f"{place} – {self.venue}" if self.venue else place),
            "STATUS:" + ("CANCELLED" if cancelled else "CONFIRMED"),
            "END:VEVENT",
        )
        return b"".join(folded(line) + b"\r\n" for line in lines)

    def _description(self, row: AgendaRow) -> str:
        other, words = row.other, self.words
        lines = [f"{other.name} – {other.job_title}" if other.job_title else other.name]
        lines.append(other.company)
        if row.they_offer:
            lines.append(words["offer"] % {"items": ", ".join(row.they_offer)})
        if row.they_need:
            lines.append(words["need"] % {"items": ", ".join(row.they_need)})
        if row.interpreter:
            lines.append(words["interpreter"] % {"name": row.interpreter})
        if row.message:
            lines.append(row.message)
        lines.append(self.link)
        return "\n".join(lines)


def _visit_event(
    booking: Booking, participant: Participant, link: str, *, revision: int, off: bool
) -> Event:
    """A seat in a visit: its own UID; cancelled (SEQUENCE raised by one) when the seat or
    the session is, so that calendars drop it. A seat cancelled stays in the feed, and moves
    with its session: the session's revision, raised at each move, counts in its SEQUENCE.
    Neither goes back (a cancelled seat or session stays so). A seat moved back to the
    waiting list shows cancelled too, and the booking's revision, raised at each move between
    seat and waiting list, counts as well; so does the feed's `revision`. Each only grows, so
    the SEQUENCE does. `off`: cancelled whatever its status (the person withdrew)."""
    session, zone = booking.session, booking.session.zone
    tz = participant.edition.tzinfo
    ended = booking.status == BookingStatus.CANCELLED or session.status == VisitStatus.CANCELLED
    cancelled = off or ended or booking.status != BookingStatus.CONFIRMED
    event = Event()
    event.add("uid", f"visit-{booking.pk}@{site_host()}")
    event.add("sequence", session.sequence + booking.sequence + (1 if ended else 0) + revision)
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
