"""A participant's agenda as an iCalendar feed that calendar applications subscribe to.

Each placed meeting is one VEVENT whose UID never changes; SEQUENCE follows the meeting's
revision so that calendars apply changes, and cancelled meetings stay as STATUS:CANCELLED, as
do those a later run left out (at their published place).
"""

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from paddock.core.links import with_language
from paddock.meetings.emails import language_for, portal_link, site_host
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.meetings.queries import AgendaEntry, feed_entries
from paddock.participants.models import Participant
from paddock.visits.enums import BookingStatus, VisitStatus
from paddock.visits.models import Booking
from paddock.visits.queries import agenda_visits

PRODID = "-//Paddock//Business meetings//EN"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{site_host()}"


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
        for entry in entries:
            calendar.add_component(_event(entry, participant))
        for booking in agenda_visits(participant, include_cancelled=True):
            calendar.add_component(_visit_event(booking, participant))
        # Only the rules of the edition's years: a short VTIMEZONE that calendars read fast.
        calendar.add_missing_timezones(
            first_date=edition.start_date.replace(month=1, day=1),
            last_date=edition.end_date.replace(month=12, day=31),
        )
        return calendar.to_ical()


def _event(entry: AgendaEntry, participant: Participant) -> Event:
    meeting, other = entry.meeting, entry.other
    zone = participant.edition.tzinfo
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", meeting.updated_at or timezone.now())
    event.add("dtstart", meeting.slot.start.astimezone(zone))
    event.add("dtend", meeting.slot.end.astimezone(zone))
    event.add(
        "summary",
        _("Meeting with %(name)s (%(company)s)") % {"name": other.user, "company": other.company},
    )
    event.add("location", _location(meeting, participant.edition.venue_name))
    event.add("description", _description(entry, participant))
    # A no-show is off for both, and a meeting left out since its publication (shown at its
    # published place) is off too: calendars drop them as they drop a cancelled meeting.
    cancelled = meeting.status != MeetingStatus.SCHEDULED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _visit_event(booking: Booking, participant: Participant) -> Event:
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
    lines.append(with_language(portal_link(participant, "agenda"), translation.get_language()))
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _location(meeting: Meeting, venue: str) -> str:
    # The venue comes from the participant's edition, already read: not one query per meeting.
    table = meeting.table
    place = _("%(room)s, table %(table)s") % {"room": table.room.name, "table": table.label}
    return f"{place} – {venue}" if venue else place


def _description(entry: AgendaEntry, participant: Participant) -> str:
    other = entry.other
    shown_title = other.job_title if other.show_job_title else ""
    lines = [f"{other.user} – {shown_title}" if shown_title else str(other.user)]
    lines.append(str(entry.other.company))
    if entry.they_offer:
        lines.append(_("They offer: %(items)s") % {"items": ", ".join(entry.they_offer)})
    if entry.they_need:
        lines.append(_("They need: %(items)s") % {"items": ", ".join(entry.they_need)})
    if entry.meeting.interpreter:
        lines.append(_("Interpreter: %(name)s") % {"name": entry.meeting.interpreter.name})
    if entry.message:
        lines.append(entry.message)
    lines.append(with_language(portal_link(participant, "agenda"), translation.get_language()))
    return "\n".join(lines)
