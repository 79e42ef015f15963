"""Agenda reminders, the evening before each day of an edition, through the real
`python -m paddock periodic` and the locmem mail backend."""

import datetime as dt
import io
import zoneinfo

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation

from paddock.accounts.enums import MailKind
from paddock.accounts.mail import read_unsubscribe_token
from paddock.accounts.outbox import send_due_mail
from paddock.core.dates import weekday_date
from paddock.events.enums import EditionStatus
from paddock.events.models import Edition
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.privacy.enums import ErasureOrigin
from paddock.privacy.services import erase_person
from paddock.reminders.services import send_reminders
from paddock.scheduling.services import publish_schedule
from paddock.visits.enums import BookingStatus, VisitStatus
from paddock.visits.models import VisitSession
from tests import factories
from tests.mail_server import EVERY_ADDRESS, FOR_NOW, QUIT_FAILS
from tests.reminders.conftest import at, book, meet, noon_zone, person

pytestmark = pytest.mark.integration

FOOTER = "\n-- \n"


def _periodic() -> str:
    """The reminders' line of what the command printed."""
    out = io.StringIO()
    call_command("periodic", stdout=out)
    return next(line for line in out.getvalue().splitlines() if line.startswith("agenda_"))


def _reminded() -> list[str]:
    return sorted(message.to[0] for message in mail.outbox)


def _to(address):
    return next(message for message in mail.outbox if message.to == [address])


def _set(edition, **fields):
    Edition.objects.filter(pk=edition.pk).update(**fields)


def _dates(day, language):
    """`day` as the subject and the body write it, in `language`."""
    with translation.override(language):
        return weekday_date(day, year=False), formats.date_format(day, "l j F Y")


def test_reminder_gives_tomorrows_agenda_in_english(meeting, buyer):
    book(buyer, at(meeting.edition, 0, 14))

    said = _periodic()

    message = _to("bruno@welding.test")
    body, _footer = message.body.split(FOOTER)
    short, long = _dates(meeting.edition.start_date, "en")
    feed = buyer.agenda_feed.token
    assert (said, message.subject, body) == (
        "agenda_reminders: 2 agenda reminders sent.",
        f"IBD 2031: your agenda for tomorrow, {short}",
        "Hello Bruno,\n\n"
        f"Your agenda for tomorrow, {long}, at IBD 2031:\n\n"
        "- 09:00–09:30 table T3 (Tent): Sophie Brissac, Impression 3D\n"
        "- 14:00–15:00 visit of Team Alpine paddock, meeting point: Gate 4\n\n"
        f"Times are in the edition's time zone, {meeting.edition.timezone}.\n\n"
        "Your agenda: https://paddock.test/e/ibd-2031/agenda/?lang=en\n"
        "Your calendar, to add to your phone or computer: "
        f"https://paddock.test/e/ibd-2031/agenda/{feed}.ics\n",
    )


def test_reminder_gives_tomorrows_agenda_in_french(meeting, supplier):
    _periodic()

    message = _to("sophie@printing.test")
    body, _footer = message.body.split(FOOTER)
    short, long = _dates(meeting.edition.start_date, "fr")
    feed = supplier.agenda_feed.token
    assert (message.subject, body) == (
        f"IBD 2031\u00a0: votre agenda de demain, {short}",
        "Bonjour Sophie,\n\n"
        f"Votre agenda de demain, {long}, à IBD 2031\u00a0:\n\n"
        "- 09:00–09:30 table T3 (Tent)\u00a0: Bruno Garnier, Soudure Sarthe\n\n"
        f"Les heures sont celles du fuseau horaire de l’édition, {meeting.edition.timezone}.\n\n"
        "Votre agenda\u00a0: https://paddock.test/e/ibd-2031/agenda/?lang=fr\n"
        "Votre calendrier, à ajouter à votre téléphone ou à votre ordinateur\u00a0: "
        f"https://paddock.test/e/ibd-2031/agenda/{feed}.ics\n",
    )


def test_reminder_names_the_interpreter_of_a_meeting(meeting):
    interpreter = factories.make_interpreter(meeting.edition, name="Íñigo O'Hara & Co")
    Meeting.objects.filter(pk=meeting.pk).update(interpreter=interpreter)

    _periodic()

    lines = [_to(address).body.splitlines()[4] for address in _reminded()]
    assert lines == [
        "- 09:00–09:30 table T3 (Tent): Sophie Brissac, Impression 3D, interpreter: "
        "Íñigo O'Hara & Co",
        "- 09:00–09:30 table T3 (Tent)\u00a0: Bruno Garnier, Soudure Sarthe, interprète\u00a0: "
        "Íñigo O'Hara & Co",
    ]


def test_reminders_go_once_however_often_the_command_runs(meeting):
    said = [_periodic() for _run in range(3)]

    assert (said, _reminded()) == (
        [
            "agenda_reminders: 2 agenda reminders sent.",
            "agenda_reminders: 0 agenda reminders sent.",
            "agenda_reminders: 0 agenda reminders sent.",
        ],
        ["bruno@welding.test", "sophie@printing.test"],
    )


def test_reminders_wait_for_the_reminder_time(meeting):
    _set(meeting.edition, reminder_time=dt.time(14, 0))  # it is now 12:xx there

    assert (_periodic(), mail.outbox) == ("agenda_reminders: 0 agenda reminders sent.", [])


def test_reminders_switched_off_send_nothing(meeting):
    _set(meeting.edition, reminder_time=None)

    assert (_periodic(), mail.outbox) == ("agenda_reminders: 0 agenda reminders sent.", [])


@pytest.mark.parametrize("status", [EditionStatus.DRAFT, EditionStatus.CLOSED])
def test_no_reminders_for_an_edition_in_draft_or_closed(meeting, buyer, status):
    # A visit is reminded before the schedule is published: a draft's would go too.
    book(buyer, at(meeting.edition, 0, 14))
    _set(meeting.edition, status=status)

    assert (_periodic(), mail.outbox) == ("agenda_reminders: 0 agenda reminders sent.", [])


def test_a_command_late_by_hours_still_reminds_before_the_day_begins(meeting):
    _set(meeting.edition, reminder_time=dt.time(0, 0))  # due twelve hours ago

    said = _periodic()

    assert (said, _reminded()) == (
        "agenda_reminders: 2 agenda reminders sent.",
        ["bruno@welding.test", "sophie@printing.test"],
    )


def test_no_reminder_once_the_day_has_begun_but_one_for_the_next(meeting, buyer, table):
    edition = meeting.edition
    _set(edition, start_date=edition.start_date - dt.timedelta(days=1))  # today, then tomorrow
    edition.refresh_from_db()
    # `meeting` is tomorrow at 09:00; the buyer meets someone else tonight, the day begun.
    tonight = person(edition, "olga@other.test", "Olga Test", "Autre")
    meet(buyer, tonight, at(edition, 0, 23), table)

    said = _periodic()

    assert (said, _reminded()) == (
        "agenda_reminders: 2 agenda reminders sent.",
        ["bruno@welding.test", "sophie@printing.test"],
    )
    assert "Olga" not in _to("bruno@welding.test").body


def test_nobody_with_nothing_that_day_gets_one(meeting, table):
    edition = meeting.edition
    first = person(edition, "day2@a.test", "Ana Test", "A")
    second = person(edition, "day2@b.test", "Ben Test", "B")
    meet(first, second, at(edition, 1, 9), table)  # the day after tomorrow
    person(edition, "idle@c.test", "Cid Test", "C")  # nothing at all
    cancelled = person(edition, "off@d.test", "Dan Test", "D")
    meet(first, cancelled, at(edition, 0, 10), table, status=MeetingStatus.CANCELLED)
    book(cancelled, at(edition, 0, 14), status=BookingStatus.WAITING)
    called_off = book(first, at(edition, 0, 15)).session
    VisitSession.objects.filter(pk=called_off.pk).update(status=VisitStatus.CANCELLED)

    _periodic()

    assert _reminded() == ["bruno@welding.test", "sophie@printing.test"]


def test_a_visit_alone_is_reminded_before_the_schedule_is_published(edition, buyer, supplier):
    _set(edition, status=EditionStatus.MATCHMAKING)
    book(supplier, at(edition, 0, 14))

    _periodic()

    assert _reminded() == ["sophie@printing.test"]
    assert (
        "14:00–15:00 visite de Paddock de l’équipe Alpine, point de rendez-vous\u00a0: Gate 4"
        in (mail.outbox[0].body)
    )


def test_a_schedule_published_after_the_reminder_time_is_reminded_at_the_next_run(
    meeting, organiser_user
):
    edition = meeting.edition
    _set(edition, status=EditionStatus.MATCHMAKING)
    edition.refresh_from_db()
    before = _periodic()

    publish_schedule(edition, by=organiser_user)
    send_due_mail()  # the publication's own notices, through the outbox (accounts.outbox)
    mail.outbox.clear()
    after = _periodic()

    assert (before, after, _reminded()) == (
        "agenda_reminders: 0 agenda reminders sent.",
        "agenda_reminders: 2 agenda reminders sent.",
        ["bruno@welding.test", "sophie@printing.test"],
    )


def test_a_change_after_the_reminder_sends_no_second_one(meeting, buyer, table):
    _periodic()
    newcomer = person(meeting.edition, "new@comer.test", "Nina Test", "Neuf")
    meet(buyer, newcomer, at(meeting.edition, 0, 11), table)

    said = _periodic()

    assert (said, _reminded()) == (
        "agenda_reminders: 1 agenda reminder sent.",
        ["bruno@welding.test", "new@comer.test", "sophie@printing.test"],
    )


def test_no_reminder_to_erased_deactivated_or_unsubscribed_people(meeting, table):
    edition = meeting.edition
    people = [
        person(edition, f"{name}@x.test", f"{name.title()} Test", name)
        for name in ("erased", "deactivated", "unsubscribed", "partner")
    ]
    for other in people[:3]:
        meet(other, people[3], at(edition, 0, 11 + people.index(other)), table)
    erase_person(people[0].user, by=None, edition=edition, origin=ErasureOrigin.REQUEST)
    deactivated = people[1].user
    deactivated.is_active, deactivated.last_login = False, timezone.now()
    deactivated.save()
    people[2].user.mail_opt_outs = [MailKind.REMINDERS]
    people[2].user.save()

    _periodic()

    assert _reminded() == ["bruno@welding.test", "partner@x.test", "sophie@printing.test"]


def test_reminder_carries_the_unsubscribe_link_for_reminders(meeting, buyer):
    _periodic()

    message = _to("bruno@welding.test")
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert (read_unsubscribe_token(token), message.body.split(FOOTER)[1].splitlines()[1]) == (
        (buyer.user.pk, MailKind.REMINDERS),
        link,
    )


def test_the_calendar_link_of_the_reminder_opens_the_feed(meeting, client):
    _periodic()

    link = _to("bruno@welding.test").body.split(FOOTER)[0].rsplit(" ", 1)[1]
    response = client.get(link.removeprefix("https://paddock.test"))

    assert (response.status_code, response["Content-Type"]) == (
        200,
        "text/calendar; charset=utf-8",
    )


def test_reminders_read_the_same_number_of_queries_whatever_the_edition_size(edition, table):
    def add_pairs(numbers):
        for number in numbers:
            first = person(edition, f"a{number}@x.test", f"A A{number}", f"A{number}")
            second = person(
                edition, f"b{number}@x.test", f"B B{number}", f"B{number}", language="fr"
            )
            meet(first, second, at(edition, 0, 9 + number), table)
            book(first, at(edition, 0, 14))

    def sent_and_queries():
        with transaction.atomic():  # undone: the same people are reminded again below
            with CaptureQueriesContext(connection) as queries:
                sent = send_reminders()
            transaction.set_rollback(True)
        return sent, len(queries)

    add_pairs(range(1))
    small = sent_and_queries()
    add_pairs(range(1, 4))
    big = sent_and_queries()

    assert (small[0], big[0], big[1]) == (2, 8, small[1])


def test_reminders_the_mail_server_refused_go_at_the_next_run(meeting, refused_mail):
    refused_mail.add(EVERY_ADDRESS)
    refused = _periodic()
    refused_mail.clear()

    said = _periodic()

    assert (refused, said, _reminded()) == (
        "agenda_reminders: 0 agenda reminders sent.",
        "agenda_reminders: 2 agenda reminders sent.",
        ["bruno@welding.test", "sophie@printing.test"],
    )


def test_a_connection_failing_to_close_after_the_reminders_fails_nothing(meeting, refused_mail):
    # The server had taken Sophie's: the QUIT it answers with an error does not undo it.
    refused_mail.update({FOR_NOW + "bruno@welding.test", QUIT_FAILS})
    first = _periodic()
    refused_mail.clear()

    said = _periodic()

    assert (first, said, _reminded()) == (
        "agenda_reminders: 1 agenda reminder sent.",
        "agenda_reminders: 1 agenda reminder sent.",
        ["bruno@welding.test", "sophie@printing.test"],
    )


def test_a_reminder_refused_for_now_goes_at_the_next_run(meeting, refused_mail):
    refused_mail.add(FOR_NOW + "bruno@welding.test")  # 450: mailbox busy
    first = _periodic()
    refused_mail.clear()

    said = _periodic()

    assert (first, said, _reminded()) == (
        "agenda_reminders: 1 agenda reminder sent.",
        "agenda_reminders: 1 agenda reminder sent.",
        ["bruno@welding.test", "sophie@printing.test"],
    )


def test_a_reminder_refused_for_good_is_not_tried_again(meeting, refused_mail, caplog):
    refused_mail.add("bruno@welding.test")  # 550: no such mailbox, at every run until midnight

    said = [_periodic() for _run in range(3)]

    failures = [r.getMessage() for r in caplog.records if r.name == "paddock.accounts.mail"]
    assert (said, _reminded(), failures) == (
        [
            "agenda_reminders: 1 agenda reminder sent.",
            "agenda_reminders: 0 agenda reminders sent.",
            "agenda_reminders: 0 agenda reminders sent.",
        ],
        ["sophie@printing.test"],
        ["The mail to bruno@welding.test could not be sent."],
    )


def test_an_edition_whose_reminders_fail_stops_not_the_others(meeting, caplog):
    # The first edition's time zone is no longer known to the server (a tzdata upgrade
    # dropped the name): its reminders fail at every run, and the editions after it go on.
    _set(meeting.edition, timezone="Etc/Vanished")
    other = factories.make_edition(
        name="IBD 2032",
        slug="ibd-2032",
        timezone=noon_zone(),
        start_date=meeting.edition.start_date,
        end_date=meeting.edition.end_date,
        status=EditionStatus.SCHEDULED,
        reminder_time=dt.time(11, 0),
    )
    first = person(other, "ana@a.test", "Ana Test", "A")
    second = person(other, "ben@b.test", "Ben Test", "B")
    meet(first, second, at(other, 0, 9), factories.make_table(factories.make_room(other)))
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError) as failed:
        call_command("periodic", stdout=out, stderr=err)

    # Other jobs may fail on that edition too: the reminders' failure is what is checked.
    logged = [r.getMessage() for r in caplog.records if r.name == "paddock.reminders.services"]
    assert (
        "agenda_reminders" in str(failed.value),
        "agenda_reminders failed: see the log." in err.getvalue().splitlines(),
        _reminded(),
        logged,
    ) == (
        True,
        True,
        ["ana@a.test", "ben@b.test"],
        ["The reminders of the edition ibd-2031 failed."],
    )


def test_reminders_that_failed_after_their_people_were_recorded_go_at_the_next_run(meeting):
    # A short name no web address can carry (written to the database by hand): the link to
    # the agenda cannot be made, after the people to remind were recorded.
    Edition.objects.filter(pk=meeting.edition.pk).update(slug="ibd 2031")
    with pytest.raises(CommandError):
        _periodic()
    Edition.objects.filter(pk=meeting.edition.pk).update(slug="ibd-2031")

    said = _periodic()

    assert (said, _reminded()) == (
        "agenda_reminders: 2 agenda reminders sent.",
        ["bruno@welding.test", "sophie@printing.test"],
    )


def test_a_reminder_time_the_clocks_skip_goes_when_they_jump_past_it(edition, buyer):
    # In Paris, 02:30 does not exist on 28 March 2027: the clocks go from 02:00 to 03:00.
    # Before, the reminders went at 03:30, an hour late (Python's reading of a skipped time).
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    _set(
        edition,
        timezone="Europe/Paris",
        start_date=dt.date(2027, 3, 29),
        end_date=dt.date(2027, 3, 29),
        reminder_time=dt.time(2, 30),
    )
    edition.refresh_from_db()
    book(buyer, dt.datetime(2027, 3, 29, 14, 0, tzinfo=paris))
    # 01:59 in Paris, then 03:00; in UTC, as the clock gives them (two times of one zone
    # compare as wall-clock times).
    before_jump = dt.datetime(2027, 3, 28, 0, 59, tzinfo=dt.UTC)
    at_jump = dt.datetime(2027, 3, 28, 1, 0, tzinfo=dt.UTC)

    sent = [send_reminders(now=moment) for moment in (before_jump, at_jump)]

    assert (sent, _reminded()) == ([0, 1], ["bruno@welding.test"])
