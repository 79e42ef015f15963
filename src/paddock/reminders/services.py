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

from django.db import transaction
from django.utils import timezone

from paddock.accounts.delivery import UnsentMail, shared_connection, unsent_mail
from paddock.accounts.enums import MailKind
from paddock.accounts.mail import (
    absolute_url,
    language_for,
    reachable,
    send_optional_mail,
    still_wanting,
)
from paddock.events.models import Edition
from paddock.events.services.locking import lock_edition
from paddock.meetings.feed_services import agenda_feed_tokens
from paddock.participants.models import Participant
from paddock.reminders.models import SentReminder
from paddock.reminders.queries import NOT_REMINDED, AgendaItem, day_agendas, due_at

logger = logging.getLogger(__name__)


def _candidates(now: dt.datetime) -> list[Edition]:
    """The editions that may have a day's reminders due at `now`: with a reminder time, held,
    and within a day of `now` on either side of UTC's date (every edition's local date is)."""
    utc_today = now.astimezone(dt.UTC).date()
    return list(
        Edition.objects.filter(
            reminder_time__isnull=False,
            start_date__lte=utc_today + dt.timedelta(days=2),
            end_date__gte=utc_today,
        )
        .exclude(status__in=NOT_REMINDED)
        .order_by("pk")
    )


def _due_day(edition: Edition, now: dt.datetime) -> dt.date | None:
    """The day whose reminders are due at `now`: past the reminder time on the eve, and the
    day not begun, where the edition is held."""
    tomorrow = now.astimezone(edition.tzinfo).date() + dt.timedelta(days=1)
    moment = due_at(edition, tomorrow)
    if edition.start_date <= tomorrow <= edition.end_date and moment and moment <= now:
        return tomorrow
    return None


class RemindersError(Exception):
    """The reminders of some editions failed (each logged); the others' went."""


def send_reminders(*, now: dt.datetime | None = None) -> int:
    """Emails each participant due a reminder the agenda of their next day. Returns the
    number of emails sent. Safe to run as often as wanted, from several hosts at once.

    A mail the server refuses for now (4xx), or that a failing connection kept back, is
    logged and left to the next run (until the day begins); one it refuses for good (5xx: no
    such mailbox) is logged once and counts as done. Each edition's reminders go on their
    own: when one edition's fail (a bug, the database), that is logged and the others' still
    go; RemindersError is raised at the end, naming them."""
    now = now or timezone.now()
    sent, failed = 0, []
    for edition in _candidates(now):
        try:
            day = _due_day(edition, now)
            if day is not None:
                sent += _remind(edition, day)
        except Exception:
            logger.exception("The reminders of the edition %s failed.", edition.slug)
            failed.append(edition.slug)
    if failed:
        raise RemindersError(
            f"{sent} reminders sent; those of {', '.join(failed)} failed (see the log)."
        )
    return sent


@dataclass(frozen=True)
class _Recipient:
    participant: Participant
    items: list[AgendaItem]
    feed_token: str


def _remind(edition: Edition, day: dt.date) -> int:
    recipients = _record_recipients(edition, day)
    if not recipients:
        return 0
    handed = 0  # emails handed to `send_optional_mail`
    unsent = UnsentMail()
    try:
        link = absolute_url("meetings-portal:agenda", edition.slug)
        with unsent_mail() as unsent, shared_connection():
            for recipient in recipients:
                _send_reminder(recipient, edition=edition, day=day, link=link)
                handed += 1
    except Exception:
        # A mail that could not be written (a bug): the next run sends the ones not handed
        # over, and those the server refused for now.
        _forget(day, recipients[handed:] + _refused_for_now(recipients[:handed], unsent))
        raise
    # Each mail that did not leave is logged by `send_optional_mail`; those refused for good
    # stay recorded, so that the next runs do not try (and log) them again.
    left = _refused_for_now(recipients, unsent)
    if left:
        _forget(day, left)
    if unsent.for_good:
        logger.warning(
            "%d reminders of %s refused for good by the mail server, not tried again",
            len(unsent.for_good),
            day,
        )
    return len(recipients) - len(unsent)


def _send_reminder(recipient: _Recipient, *, edition: Edition, day: dt.date, link: str) -> None:
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
        wanted=True,
    )


def _refused_for_now(recipients: list[_Recipient], unsent: UnsentMail) -> list[_Recipient]:
    """The recipients whose mail did not leave (`unsent_mail`) but may at a later attempt."""
    refused = set(unsent) - unsent.for_good
    return [r for r in recipients if r.participant.user and r.participant.user.email in refused]


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
    """The reminders the mail server did not take, for now, are not recorded as sent."""
    people = [recipient.participant.pk for recipient in recipients]
    SentReminder.objects.filter(participant__in=people, day=day).delete()
    logger.warning("%d reminders of %s not sent, left to the next run", len(people), day)
