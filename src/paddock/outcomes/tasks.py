"""Background work of outcomes (inline with the ImmediateBackend)."""

import datetime as dt

from django_tasks import task

from paddock.outcomes import mailing


@task()
def send_outcome_mails(now: str = "") -> int:
    """The end-of-day emails and the follow-ups due; `now` (ISO 8601) for tests, else now."""
    moment = dt.datetime.fromisoformat(now) if now else None
    return mailing.send_day_mails(now=moment) + mailing.send_follow_ups(now=moment)
