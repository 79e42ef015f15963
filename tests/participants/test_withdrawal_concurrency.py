"""A withdrawal racing a second click, or the other side's answer, request or booking: the
participant's row lock makes each wait for the other, and nothing of theirs is left live."""

import datetime as dt
import threading

import pytest
from django.db import connections

from paddock.core.models import AuditEntry
from paddock.meetings import services as meetings
from paddock.meetings.enums import MeetingStatus, RequestStatus
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.meetings.services import withdrawal as meetings_withdrawal
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from paddock.participants.services import ParticipantError
from paddock.participants.withdrawal import withdraw_participant
from paddock.scheduling import services as scheduling
from paddock.scheduling.enums import RunStatus
from paddock.scheduling.models import ScheduleRun
from paddock.scheduling.services import publishing
from paddock.visits import services as visits
from paddock.visits.enums import BookingMode, BookingStatus
from paddock.visits.models import Booking, VisitSession, VisitSettings, VisitWish
from tests import factories
from tests.concurrency import held, race, slowed
from tests.scheduling.helpers import make_meeting, make_slots, person, short_visit
from tests.visits.factories import TWO_PM, make_visit, make_zone

pytestmark = [pytest.mark.integration, pytest.mark.concurrency]


def _withdraw(participant):
    withdraw_participant(participant, by=participant.user)
    return "withdrawn"


def _while_withdrawing(monkeypatch, participant, attempt):
    """`attempt()` starts once the withdrawal holds the participant's lock (and holds it a
    while, as under load); returns its outcome or the refusal's code."""
    holding = held(monkeypatch, meetings, "end_meetings_of", seconds=1)
    # Its own copy, as another request's: the caller's keeps the status it read before.
    own = Participant.objects.select_related("user", "edition").get(pk=participant.pk)
    thread = threading.Thread(target=lambda: _in_thread(_withdraw, own))
    thread.start()
    holding.wait(10)
    try:
        return attempt()
    except (meetings.MeetingError, visits.VisitError) as error:
        return error.code
    finally:
        thread.join()


def _in_thread(function, *args):
    try:
        function(*args)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_once_withdraw_once(monkeypatch):
    edition = factories.make_edition()
    paul, anna = factories.make_participant(edition), factories.make_participant(edition)
    sent = meetings.request_meeting(paul, recipient=anna, by=paul.user)
    meeting = meetings.accept_request(sent, by=anna.user)
    slowed(monkeypatch, meetings, "end_meetings_of")

    outcomes = race(_withdraw, [(paul,), (paul,)], ParticipantError, lambda e: e.code)

    meeting.refresh_from_db()
    assert sorted(outcomes) == ["already_withdrawn", "withdrawn"]
    assert (meeting.status, meeting.sequence) == (MeetingStatus.CANCELLED, 1)
    assert AuditEntry.objects.filter(action="participant.withdraw").count() == 1


@pytest.mark.django_db(transaction=True)
def test_withdrawal_while_the_other_side_accepts_leaves_no_live_meeting(monkeypatch):
    edition = factories.make_edition()
    paul, anna = factories.make_participant(edition), factories.make_participant(edition)
    sent = meetings.request_meeting(paul, recipient=anna, by=paul.user)
    slowed(monkeypatch, meetings, "end_meetings_of")

    def attempt(job):
        if job == "withdraw":
            return _withdraw(paul)
        meetings.accept_request(sent, by=anna.user)
        return "accepted"

    outcomes = race(attempt, [("withdraw",), ("accept",)], meetings.MeetingError, lambda e: e.code)

    sent.refresh_from_db()
    # Whoever locks first, the request ends cancelled and no meeting stays live.
    assert sorted(outcomes) in (["accepted", "withdrawn"], ["withdrawn", "wrong_status"])
    assert (sent.status, Meeting.objects.exclude(status=MeetingStatus.CANCELLED).count()) == (
        RequestStatus.CANCELLED,
        0,
    )


@pytest.mark.django_db(transaction=True)
def test_a_request_sent_while_the_recipient_withdraws_is_refused(monkeypatch):
    """The sender read Paul as validated before his withdrawal committed; the request waits
    for his lock, then reads his status again."""
    edition = factories.make_edition()
    paul, anna = factories.make_participant(edition), factories.make_participant(edition)

    outcome = _while_withdrawing(
        monkeypatch,
        paul,
        lambda: meetings.request_meeting(anna, recipient=paul, by=anna.user) and "sent",
    )

    paul.refresh_from_db()
    assert (outcome, paul.status, MeetingRequest.objects.count()) == (
        "not_validated",
        ParticipantStatus.WITHDRAWN,
        0,
    )


@pytest.mark.django_db(transaction=True)
def test_a_visit_booked_while_withdrawing_is_refused(monkeypatch):
    edition = factories.make_edition()
    paul = factories.make_participant(edition)
    visit = make_visit(make_zone(edition, allowed_roles=["supplier"]), seats=2)

    outcome = _while_withdrawing(
        monkeypatch,
        paul,
        lambda: visits.book_visit(visit, participant=paul, by=paul.user) and "booked",
    )

    assert (outcome, Booking.objects.count()) == ("not_validated", 0)


@pytest.mark.django_db(transaction=True)
def test_a_check_in_at_the_visit_while_withdrawing_waits_and_finds_no_booking(monkeypatch):
    """The check-in at the visit's meeting point locks the person, then the session, as the
    withdrawal and a booking do: locked the other way round (session, then person), it held
    the session the withdrawal was waiting for while it waited for the person, a deadlock
    on PostgreSQL."""
    edition = factories.make_edition()
    paul = factories.make_participant(edition)
    visit = make_visit(make_zone(edition, allowed_roles=["supplier"]), seats=2)
    visits.book_visit(visit, participant=paul, by=paul.user)

    outcome = _while_withdrawing(
        monkeypatch,
        paul,
        lambda: visits.check_in_visitor(visit, by=None, participant=paul) and "checked in",
    )

    paul.refresh_from_db()
    booking = Booking.objects.get()
    assert (outcome, paul.status, booking.status, booking.checked_in_at) == (
        "not_booked",
        ParticipantStatus.WITHDRAWN,
        BookingStatus.CANCELLED,
        None,
    )


@pytest.mark.django_db(transaction=True)
def test_withdrawal_locks_visit_sessions_in_time_order_as_a_zones_edit_does(monkeypatch):
    """A smaller group size locks the zone's sessions in time order (`update_zone`); the
    withdrawal gave back Paul's seats in the sessions' id order, and, when the later visit had
    the smaller id, each held a session the other waited for: a deadlock on PostgreSQL."""
    edition = factories.make_edition()
    paul = factories.make_participant(edition)
    zone = make_zone(edition, allowed_roles=["supplier"])
    later = make_visit(zone, start=TWO_PM + dt.timedelta(hours=3))
    earlier = make_visit(zone, start=TWO_PM)
    for visit in (later, earlier):
        visits.book_visit(visit, participant=paul, by=paul.user)
    holding = held(monkeypatch, visits, "_cancel_booking", seconds=1)
    own = Participant.objects.select_related("user", "edition").get(pk=paul.pk)
    thread = threading.Thread(target=lambda: _in_thread(_withdraw, own))
    thread.start()
    holding.wait(10)

    try:
        visits.update_zone(zone, by=None, group_size=6)
    finally:
        thread.join()

    paul.refresh_from_db()
    seats = set(VisitSession.objects.values_list("seats", flat=True))
    statuses = set(Booking.objects.values_list("status", flat=True))
    assert (paul.status, seats, statuses) == (
        ParticipantStatus.WITHDRAWN,
        {6},
        {BookingStatus.CANCELLED},
    )


@pytest.mark.django_db(transaction=True)
def test_withdrawal_locks_meetings_in_id_order_as_applying_a_run_does(monkeypatch):
    """Applying a run locks the edition's live meetings at once, in id order. The withdrawal
    locked them request by request: Paul's first request (to Anna) was accepted last, so its
    meeting has the larger id; each then held a meeting the other waited for, a deadlock on
    PostgreSQL. It now locks the person's meetings in id order before ending any."""
    edition = factories.make_edition()
    paul, anna, bruno = (factories.make_participant(edition) for _ in range(3))
    to_anna = meetings.request_meeting(paul, recipient=anna, by=paul.user)
    to_bruno = meetings.request_meeting(paul, recipient=bruno, by=paul.user)
    meetings.accept_request(to_bruno, by=bruno.user)
    meetings.accept_request(to_anna, by=anna.user)
    run = ScheduleRun.objects.create(edition=edition, number=1, status=RunStatus.RUNNING)
    holding = held(monkeypatch, meetings_withdrawal, "end_request", seconds=1)
    own = Participant.objects.select_related("user", "edition").get(pk=paul.pk)
    thread = threading.Thread(target=lambda: _in_thread(_withdraw, own))
    thread.start()
    holding.wait(10)

    try:
        scheduling.apply_schedule(run)
    except scheduling.ScheduleError:
        pass  # refused after its locks (the edition changed): what matters is no deadlock
    finally:
        thread.join()

    paul.refresh_from_db()
    statuses = set(Meeting.objects.values_list("status", flat=True))
    assert (paul.status, statuses) == (ParticipantStatus.WITHDRAWN, {MeetingStatus.CANCELLED})


def _outcome(function, *args, **kwargs):
    """What `function` returned, or its error as "ErrorClass: message" (a deadlock shows)."""
    try:
        return function(*args, **kwargs)
    except Exception as error:  # the test asserts on it
        return f"{type(error).__name__}: {error}"


@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_during_a_publication_waits_for_it_and_ends_what_it_published(monkeypatch):
    """A publication locks the edition, writes the published place of the edition's meetings
    in one statement (locking Paul's placed meeting), then books the seats the run gave (a
    booking of Paul's waits for his row). The withdrawal locked Paul, then waited for his
    meeting: a deadlock on PostgreSQL. It now takes the edition's lock first, as every writer
    of the schedule does: it waits for the publication, then ends the meeting and the seat that
    the publication has just given."""
    edition = factories.make_edition()
    VisitSettings.objects.create(edition=edition, booking_mode=BookingMode.WISHES)
    room = factories.make_room(edition, name="Tent", capacity=40)
    for n in (1, 2):
        factories.make_table(room, label=f"T{n}", position=n)
    make_slots(edition, 4)
    paul, anna = person(edition, "Paul"), person(edition, "Anna")
    make_meeting(paul, anna, weight=3)
    visit = short_visit(edition, seats=1)
    VisitWish.objects.create(participant=paul, zone=visit.zone, rank=1)
    organiser = factories.make_user(email="orga@example.com")
    scheduling.start_schedule_run(edition, by=organiser, time_limit_s=10, seed=0, workers=1)
    holding = held(monkeypatch, publishing, "_mark_published", seconds=1)
    published = []

    def publish():
        outcome = _outcome(scheduling.publish_schedule, edition, by=organiser)
        published.append(outcome if isinstance(outcome, str) else "published")

    thread = threading.Thread(target=lambda: _in_thread(publish))
    thread.start()
    holding.wait(10)
    try:
        withdrawn = _outcome(_withdraw, Participant.objects.get(pk=paul.pk))
    finally:
        thread.join()

    paul.refresh_from_db()
    assert (published, withdrawn) == (["published"], "withdrawn")
    assert (
        paul.status,
        list(Meeting.objects.values_list("status", flat=True)),
        list(Booking.objects.values_list("participant", "status")),
    ) == (
        ParticipantStatus.WITHDRAWN,
        [MeetingStatus.CANCELLED],
        [(paul.pk, BookingStatus.CANCELLED)],
    )
