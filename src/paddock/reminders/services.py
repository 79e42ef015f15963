"""The agenda reminders: the evening before each day of an edition, each participant with
meetings or visits that day gets that day's agenda by email. `python -m paddock periodic` sends
them.

A day's reminders are due from the edition's reminder time on the eve until the day begins
(midnight where the edition is held): a run late by hours still sends them, a run after that
does not. Each participant gets one per day, however often and from however many hosts the
command runs: under the edition's lock, the people not yet reminded are recorded
(`SentReminder`, unique per participant and day) before their emails leave, so that a second
run waits for the first and finds them recorded. The reminder is non-essential
(`MailKind.REMINDERS`): it carries the unsubscribe link and skips whoever unsubscribed.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from paddock.accounts.enums import MailKind
from paddock.accounts.mail import (
    absolute_url,
    language_for,
    reachable,
    send_optional_mail,
    still_wanting,
    unsent_mail,
)
from paddock.events.models import Edition
from paddock.events.services.locking import lock_edition
from paddock.meetings.feed_services import agenda_feed_tokens
from paddock.participants.models import Participant
from paddock.reminders.models import SentReminder
from paddock.reminders.queries import NOT_REMINDED, AgendaItem, day_agendas, due_at

logger = logging.getLogger(__name__)


def due_days(now: dt.datetime) -> list[tuple[Edition, dt.date]]:
    """(edition, day) whose reminders are due at `now`: past the reminder time on the eve, and
    the day not begun, where the edition is held; none for a draft or closed edition."""
    # A day's margin on both sides of UTC's date: every edition's local date is within it.
    utc_today = now.astimezone(dt.UTC).date()
    editions = (
        Edition.objects.filter(
            reminder_time__isnull=False,
            start_date__lte=utc_today + dt.timedelta(days=2),
            end_date__gte=utc_today,
        )
        .exclude(status__in=NOT_REMINDED)
        .order_by("pk")
    )
    due = []
    for edition in editions:
        tomorrow = now.astimezone(edition.tzinfo).date() + dt.timedelta(days=1)
        moment = due_at(edition, tomorrow)
        if edition.start_date <= tomorrow <= edition.end_date and moment and moment <= now:
            due.append((edition, tomorrow))
    return due


def send_reminders(*, now: dt.datetime | None = None) -> int:
    """Emails each participant due a reminder the agenda of their next day. Returns the
    number of emails sent. Safe to run as often as wanted, from several hosts at once.

    A mail the server refuses is logged and left to the next run (until the day begins); so
    are all of an edition's when no connection to the server can be opened, which is raised."""
    now = now or timezone.now()
    return sum(_remind(edition, day) for edition, day in due_days(now))


@dataclass(frozen=True)
class _Recipient:
    participant: Participant
    items: list[AgendaItem]
    feed_token: str


def _remind(edition: Edition, day: dt.date) -> int:
    recipients = _record_recipients(edition, day)
    if not recipients:
        return 0
    link = absolute_url("meetings-portal:agenda", edition.slug)
    handed = 0  # emails handed to `send_optional_mail`
    unsent: list[str] = []
    try:
        with unsent_mail() as unsent, get_connection() as connection:
            for recipient in recipients:
                user = recipient.participant.user
                context = {
                    "edition": edition,
                    "participant": recipient.participant,
                    "day": day,
                    "items": recipient.items,
                    "link": link,
                    "feed_link": absolute_url(
                        "meetings-portal:agenda-feed", edition.slug, recipient.feed_token
                    ),
                }
                send_optional_mail(
                    user,
                    kind=MailKind.REMINDERS,
                    template="reminders/email/agenda",
                    context=context,
                    language=language_for(user, edition),
                    connection=connection,
                    wanted=True,
                )
                handed += 1
    except Exception:
        # No connection to the mail server, a mail that could not be written, or the
        # connection failing to close after the mails: the next run sends the ones not handed
        # over, and those the server refused before.
        _forget(day, recipients[handed:] + _refused(recipients[:handed], unsent))
        raise
    # A mail the server refused is logged by `send_optional_mail`; the next run sends it.
    left = _refused(recipients, unsent)
    if left:
        _forget(day, left)
    return len(recipients) - len(left)


def _refused(recipients: list[_Recipient], unsent: list[str]) -> list[_Recipient]:
    """The recipients whose mail did not leave (`unsent_mail`)."""
    refused = set(unsent)
    return [r for r in recipients if r.participant.user.email in refused]


@transaction.atomic
def _record_recipients(edition: Edition, day: dt.date) -> list[_Recipient]:
    """Under the edition's lock (publications and changes on the day wait, and so does another
    run): the participants with something on `day` not yet reminded, reachable and still
    wanting reminders, recorded as reminded, with their agenda and calendar feed token. A
    constant number of queries, however many people."""
    lock_edition(edition)
    reminded = set(
        SentReminder.objects.filter(participant__edition=edition, day=day).values_list(
            "participant", flat=True
        )
    )
    agendas = [
        (person, items)
        for person, items in day_agendas(edition, day)
        if person.pk not in reminded and reachable(person.user)
    ]
    wanting = still_wanting([person.user for person, _items in agendas], MailKind.REMINDERS)
    chosen = [(person, items) for person, items in agendas if person.user_id in wanting]
    SentReminder.objects.bulk_create([SentReminder(participant=p, day=day) for p, _ in chosen])
    tokens = agenda_feed_tokens([person for person, _items in chosen])
    return [_Recipient(person, items, tokens[person.pk]) for person, items in chosen]


def _forget(day: dt.date, recipients: list[_Recipient]) -> None:
    """The reminders the mail server refused to take are not recorded as sent."""
    people = [recipient.participant.pk for recipient in recipients]
    SentReminder.objects.filter(participant__in=people, day=day).delete()
    logger.warning("%d reminders of %s not sent, left to the next run", len(people), day)
