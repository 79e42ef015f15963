"""The outcome emails: at the end of each day of an edition, and 3, 6 and 12 months after.

Both are non-essential (`MailKind.OUTCOMES`: one-click opt-out at their foot) and idempotent:
each is recorded in `SentMail` before it leaves, so a rerun, or a second worker, sends nothing
twice. A mail due long ago is not sent (the windows in enums.py).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from paddock.accounts.enums import MailKind
from paddock.accounts.mail import absolute_url, language_for, send_optional_mail, wants_mail
from paddock.core.dates import add_months
from paddock.events.models import Edition, TimeSlot
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.outcomes.enums import (
    DAY_MAIL_WINDOW_DAYS,
    FOLLOW_UP_MONTHS,
    FOLLOW_UP_WINDOW_DAYS,
    SentMailKind,
)
from paddock.outcomes.models import SentMail
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant

_RELATED = ("slot", "edition", "first__user", "first__company", "second__user", "second__company")


def _held(meetings: Iterable[Meeting]) -> dict[Participant, list[Meeting]]:
    """Each side of the meetings with its meetings, in time order."""
    by_side: dict[Participant, list[Meeting]] = defaultdict(list)
    for meeting in sorted(meetings, key=lambda m: (m.slot.start, m.pk)):
        by_side[meeting.first].append(meeting)
        by_side[meeting.second].append(meeting)
    return by_side


def _send_once(participant: Participant, kind: str, key: str, template: str, context: dict) -> bool:
    """Records then sends one outcome email; False when already sent or unsubscribed, or
    when the person no longer takes part (withdrawn since the meeting, say): the pages the
    mail links to are for validated participants."""
    user = participant.user
    if participant.status != ParticipantStatus.VALIDATED or not wants_mail(user, MailKind.OUTCOMES):
        return False
    try:
        with transaction.atomic():
            SentMail.objects.create(participant=participant, kind=kind, key=key)
    except IntegrityError:
        return False
    edition = participant.edition
    return send_optional_mail(
        user,
        kind=MailKind.OUTCOMES,
        template=template,
        context={**context, "edition": edition, "participant": participant},
        language=language_for(user, edition),
    )


def _day_ends(since: dt.datetime) -> dict[tuple[int, dt.date], dt.datetime]:
    """When each (edition, local day) with slots since `since` is over: its last slot's end."""
    ends: dict[tuple[int, dt.date], dt.datetime] = {}
    for slot in TimeSlot.objects.filter(end__gt=since).select_related("edition"):
        key = (slot.edition_id, slot.start.astimezone(slot.edition.tzinfo).date())
        ends[key] = max(ends.get(key, slot.end), slot.end)
    return ends


def send_day_mails(*, now: dt.datetime | None = None) -> int:
    """Emails each participant who held meetings on a day now over a link to rate them.

    Returns the number of emails sent. Safe to run as often as wanted.
    """
    now = now or timezone.now()
    since = now - dt.timedelta(days=DAY_MAIL_WINDOW_DAYS)
    ends = _day_ends(since)
    meetings = Meeting.objects.filter(
        status=MeetingStatus.SCHEDULED, slot__end__gt=since, slot__end__lte=now
    ).select_related(*_RELATED)
    by_day: dict[dt.date, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        day = meeting.slot.start.astimezone(meeting.edition.tzinfo).date()
        if ends[(meeting.edition_id, day)] <= now:
            by_day[day].append(meeting)
    sent = 0
    for day, day_meetings in sorted(by_day.items()):
        for participant, held in _held(day_meetings).items():
            edition = participant.edition
            context = {
                "day": day,
                "meetings": [(m, m.other_side(participant)) for m in held],
                "link": absolute_url("outcomes-portal:to-rate", edition.slug),
            }
            sent += _send_once(
                participant, SentMailKind.DAY, day.isoformat(), "outcomes/email/day", context
            )
    return sent


def _follow_ups_due(now: dt.datetime) -> list[tuple[Edition, int]]:
    """(edition, months) whose follow-up falls due between the window's start and today,
    today being the date where the edition was held."""
    # A day's margin on both sides of UTC's date: every edition's local date is within it.
    utc_today = now.astimezone(dt.UTC).date()
    oldest = add_months(utc_today, -max(FOLLOW_UP_MONTHS)) - dt.timedelta(
        days=FOLLOW_UP_WINDOW_DAYS + 1
    )
    due = []
    for edition in Edition.objects.filter(end_date__gte=oldest, end_date__lte=utc_today):
        today = now.astimezone(edition.tzinfo).date()
        for months in FOLLOW_UP_MONTHS:
            day = add_months(edition.end_date, months)
            if day <= today < day + dt.timedelta(days=FOLLOW_UP_WINDOW_DAYS):
                due.append((edition, months))
    return due


def send_follow_ups(*, now: dt.datetime | None = None) -> int:
    """Asks each participant, 3, 6 and 12 months after an edition, what came of its meetings.

    Returns the number of emails sent. Safe to run as often as wanted.
    """
    now = now or timezone.now()
    sent = 0
    for edition, months in _follow_ups_due(now):
        meetings = Meeting.objects.filter(
            Q(status=MeetingStatus.SCHEDULED), edition=edition, slot__isnull=False
        ).select_related(*_RELATED)
        for participant, held in _held(meetings).items():
            links = [
                (
                    m,
                    m.other_side(participant),
                    absolute_url("outcomes-portal:follow-up", edition.slug, m.pk, months),
                )
                for m in held
            ]
            context = {"months": months, "meetings": links}
            sent += _send_once(
                participant,
                SentMailKind.FOLLOW_UP,
                str(months),
                "outcomes/email/follow_up",
                context,
            )
    return sent
