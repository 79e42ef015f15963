"""Outcome emails: end of day and follow-ups, once each, never to who opted out."""

import datetime as dt

import pytest
from django.core import mail

from paddock.accounts.enums import MailKind
from paddock.outcomes import tasks
from paddock.outcomes.mailing import send_day_mails, send_follow_ups
from paddock.participants.withdrawal import withdraw_participant
from tests.outcomes.conftest import held, make_slot

pytestmark = pytest.mark.integration

# 12 June 2025, 20:00 in Paris: the day's meetings are over.
EVENING = dt.datetime(2025, 6, 12, 18, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://paddock.test"


def _sent():
    return sorted((message.to[0], message.subject) for message in mail.outbox)


def test_day_mails_go_once_to_each_side_of_the_day(meeting):
    first = send_day_mails(now=EVENING)
    second = send_day_mails(now=EVENING + dt.timedelta(minutes=5))

    assert (first, second, _sent()) == (
        2,
        0,
        [
            ("buyer@welding.test", "IBD 2025: what came of your meetings today?"),
            ("ceo@printing.test", "IBD 2025: what came of your meetings today?"),
        ],
    )


def test_day_mail_links_to_the_meetings_to_rate_and_to_unsubscribe(meeting):
    send_day_mails(now=EVENING)

    message = next(m for m in mail.outbox if m.to == ["buyer@welding.test"])
    assert "/e/ibd-2025/outcomes/" in message.body
    assert "09:00 Sophie Test (Impression 3D Ouest)" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_day_mails_wait_for_the_day_to_end(meeting, outsider, table):
    held(meeting.first, outsider, make_slot(meeting.edition, EVENING), table)

    before = send_day_mails(now=EVENING + dt.timedelta(minutes=10))
    after = send_day_mails(now=EVENING + dt.timedelta(minutes=30))

    assert (before, after) == (0, 3)


def test_day_mails_skip_people_who_opted_out(meeting):
    buyer = meeting.first.user
    buyer.mail_opt_outs = [MailKind.OUTCOMES]
    buyer.save()

    send_day_mails(now=EVENING)

    assert [m.to for m in mail.outbox] == [["ceo@printing.test"]]


def test_day_mails_of_days_long_gone_are_not_sent(meeting):
    assert send_day_mails(now=EVENING + dt.timedelta(days=5)) == 0


def test_follow_ups_go_3_6_and_12_months_after_once_each(meeting):
    days = [dt.datetime(2025, 9, 13, 8, tzinfo=dt.UTC) + dt.timedelta(hours=h) for h in (0, 6)]
    days += [
        dt.datetime(2025, 12, 20, 8, tzinfo=dt.UTC),
        dt.datetime(2026, 6, 13, 8, tzinfo=dt.UTC),
    ]

    counts = [send_follow_ups(now=day) for day in days]

    assert counts == [2, 0, 2, 2]
    assert sorted({m.subject for m in mail.outbox}) == [
        "IBD 2025, 12 months on: did it lead to business?",
        "IBD 2025, 3 months on: did it lead to business?",
        "IBD 2025, 6 months on: did it lead to business?",
    ]


def test_follow_up_links_to_the_form_of_each_meeting(meeting):
    send_follow_ups(now=dt.datetime(2025, 9, 14, 8, tzinfo=dt.UTC))

    message = next(m for m in mail.outbox if m.to == ["ceo@printing.test"])
    assert f"https://paddock.test/e/ibd-2025/outcomes/{meeting.pk}/follow-up/3/" in message.body


def test_follow_ups_skip_people_who_opted_out(meeting):
    supplier = meeting.second.user
    supplier.mail_opt_outs = [MailKind.OUTCOMES]
    supplier.save()

    send_follow_ups(now=dt.datetime(2025, 9, 14, 8, tzinfo=dt.UTC))

    assert [m.to for m in mail.outbox] == [["buyer@welding.test"]]


def test_follow_ups_before_3_months_send_nothing(meeting):
    assert send_follow_ups(now=dt.datetime(2025, 9, 12, 8, tzinfo=dt.UTC)) == 0


def test_follow_ups_fall_due_on_the_day_where_the_edition_was_held(meeting):
    # 00:30 on 13 September in Paris, three months after the edition's last day there; the
    # server's (UTC) calendar still says the 12th.
    just_after_midnight_in_paris = dt.datetime(2025, 9, 12, 22, 30, tzinfo=dt.UTC)

    assert send_follow_ups(now=just_after_midnight_in_paris) == 2


def test_task_run_twice_on_the_same_day_sends_each_email_once(meeting):
    first = tasks.send_outcome_mails.enqueue(now=EVENING.isoformat())
    second = tasks.send_outcome_mails.enqueue(now=(EVENING + dt.timedelta(hours=2)).isoformat())

    assert (first.return_value, second.return_value, len(mail.outbox)) == (2, 0, 2)


def test_outcome_subjects_write_the_editions_name_as_typed(meeting):
    meeting.edition.name = "R&D Days"
    meeting.edition.save()

    send_day_mails(now=EVENING)
    send_follow_ups(now=dt.datetime(2025, 9, 13, 8, tzinfo=dt.UTC))

    assert sorted({m.subject for m in mail.outbox}) == [
        "R&D Days, 3 months on: did it lead to business?",
        "R&D Days: what came of your meetings today?",
    ]


def test_outcome_mails_skip_someone_who_withdrew_after_the_meeting(meeting):
    # The meeting took place, then the buyer withdrew: every page the mails link to is closed
    # to them (their portal keeps My network and My data), so they are not asked.
    withdraw_participant(meeting.first, by=meeting.first.user)

    day = send_day_mails(now=EVENING)
    later = send_follow_ups(now=dt.datetime(2025, 9, 13, 8, tzinfo=dt.UTC))

    assert (day, later, sorted({m.to[0] for m in mail.outbox})) == (1, 1, ["ceo@printing.test"])
