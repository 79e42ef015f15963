"""What looks wrong with an edition: pure functions on plain values, no database.

The organiser sees these warnings on the edition's overview and settings pages; nothing is
refused, since each may be intended (a night session at a trade fair, an edition kept open
after the fact on purpose).
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from paddock.core.dates import weekday_date
from paddock.events.enums import EditionStatus

# The hour most conventions break for lunch, in the edition's local time: the grid generator
# keeps its lunch break out of the slots, so a slot over this hour was added or moved by hand.
LUNCH = (dt.time(12, 30), dt.time(13, 30))
# Slots starting outside these local hours are at night: early from 07:00, late until 22:00.
DAY = (dt.time(7), dt.time(22))
# Statuses in which participants may still ask for meetings (meetings' CLOSED_TO_REQUESTS is
# the complement: draft and closed).
TAKING_REQUESTS = frozenset(set(EditionStatus) - {EditionStatus.DRAFT, EditionStatus.CLOSED})


@dataclass(frozen=True)
class EditionFacts:
    status: str
    end_date: dt.date
    registration_open: bool


@dataclass(frozen=True)
class SlotFacts:
    """A slot in the edition's local time, with the words that name it."""

    label: str
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class EditionWarning:
    code: str
    message: str


def edition_warnings(
    edition: EditionFacts, slots: list[SlotFacts], *, today: dt.date
) -> list[EditionWarning]:
    """Every warning about the edition, its status first, then its slots in the given order."""
    return _status_warnings(edition, today) + [w for s in slots for w in _slot_warnings(s)]


def _status_warnings(edition: EditionFacts, today: dt.date) -> list[EditionWarning]:
    if edition.end_date >= today:
        return []
    ended = {"date": weekday_date(edition.end_date)}
    out = []
    if edition.status == EditionStatus.REGISTRATION or edition.registration_open:
        message = _(
            "The edition ended on %(date)s but registration is still open: close it in the "
            "settings."
        )
        out.append(EditionWarning("past_registration", message % ended))
    if edition.status in TAKING_REQUESTS:
        message = _(
            "The edition ended on %(date)s but participants can still ask for meetings: set "
            "its status to Closed."
        )
        out.append(EditionWarning("past_requests", message % ended))
    return out


def _slot_warnings(slot: SlotFacts) -> list[EditionWarning]:
    out = []
    start, end = slot.start.time(), slot.end.time()
    if start < DAY[0] or start >= DAY[1]:
        message = _("The slot %(slot)s starts at night, before %(early)s or from %(late)s.")
        early, late = (f"{t:%H:%M}" for t in DAY)
        out.append(
            EditionWarning(
                "slot_at_night", message % {"slot": slot.label, "early": early, "late": late}
            )
        )
    same_day = slot.start.date() == slot.end.date()
    if same_day and start < LUNCH[1] and end > LUNCH[0]:
        message = _("The slot %(slot)s runs over the lunch hour, %(start)s to %(end)s.")
        lunch_start, lunch_end = (f"{t:%H:%M}" for t in LUNCH)
        words = {"slot": slot.label, "start": lunch_start, "end": lunch_end}
        out.append(EditionWarning("slot_over_lunch", message % words))
    return out
