"""Two cron hosts run `python -m paddock periodic` at the same moment: each participant gets
their reminder once (PostgreSQL and SQLite)."""

import io

import pytest
from django.core import mail
from django.core.management import call_command

from paddock.reminders import services
from tests.concurrency import race, slowed, unhurried

pytestmark = [pytest.mark.integration, pytest.mark.concurrency]


def _periodic() -> str:
    out = io.StringIO()
    call_command("periodic", stdout=out)
    return next(line for line in out.getvalue().splitlines() if line.startswith("agenda_"))


@pytest.mark.django_db(transaction=True)
def test_two_commands_at_once_send_each_reminder_once(monkeypatch, meeting):
    unhurried(monkeypatch)
    # Each run reads who has what on the day, then waits before recording them: without the
    # lock, both would find nobody reminded yet.
    slowed(monkeypatch, services, "day_agendas")

    outcomes = race(_periodic, [(), ()], Exception, str)

    assert (sorted(outcomes), sorted(message.to[0] for message in mail.outbox)) == (
        [
            "agenda_reminders: 0 agenda reminders sent.",
            "agenda_reminders: 2 agenda reminders sent.",
        ],
        ["bruno@welding.test", "sophie@printing.test"],
    )
