"""Wishes mode through the scheduling run: the problem carries the zones' sessions, wishes
and seats already booked; the real solver places visits with the meetings (travel
included); the run page lists placed and left-out wishes; publishing books the seats, which
appear in the agenda and the calendar feed.

Slots are 09:00, 09:30, 10:00 and 10:30 (Paris) on 12 June 2031; the visit runs 09:40-10:10
with 5 minutes' travel each way, so its visitors are away 09:35-10:15 (the second and third
slots)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from paddock.meetings import ics
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.participants.enums import ParticipantStatus
from paddock.scheduling import services
from paddock.scheduling.enums import RunStatus
from paddock.scheduling.problem import build_problem, participant_id, slot_id
from paddock.visits.enums import BookingMode, BookingStatus
from paddock.visits.models import Booking, VisitSettings, VisitWish
from paddock.visits.queries import away_window, wishes_open
from paddock_solver.model import Activity, Session, Wish
from paddock_solver.model import Booking as SolverBooking
from tests.scheduling.helpers import NINE_PARIS, at, person, short_visit
from tests.visits.factories import make_zone

pytestmark = pytest.mark.integration

SMALL = {"time_limit_s": 10, "seed": 0, "workers": 1}


@pytest.fixture
def wishes_mode(edition):
    return VisitSettings.objects.create(edition=edition, booking_mode=BookingMode.WISHES)


@pytest.fixture
def visit(edition):
    return short_visit(edition, seats=1)


def wish(person, zone, rank=1):
    return VisitWish.objects.create(participant=person, zone=zone, rank=rank)


def _run(edition, user):
    return services.start_schedule_run(edition, by=user, **SMALL)


@pytest.mark.usefixtures("wishes_mode")
def test_build_problem_in_wishes_mode_sends_sessions_wishes_and_booked_seats(
    edition, venue, people, meetings, visit
):
    eve = make_zone(edition).sessions.create(start=at(9, 0), end=at(9, 20), seats=3)
    anna_wish = wish(people.anna, visit.zone)
    bert_wish = wish(people.bert, eve.zone, rank=2)
    Booking.objects.create(session=eve, participant=people.bert, status=BookingStatus.CONFIRMED)
    newcomer = person(edition, "Noor")
    wish(newcomer, visit.zone, rank=1)

    problem = build_problem(edition)

    tz = edition.tzinfo
    start, end = (t.astimezone(tz).isoformat() for t in away_window(visit))
    eve_start, eve_end = (t.astimezone(tz).isoformat() for t in away_window(eve))
    assert problem.version == 2
    assert problem.activities == (
        Activity(
            f"z{visit.zone_id}",
            (Session(f"v{visit.pk}", (slot_id(venue.slots[1].pk), slot_id(venue.slots[2].pk)),
                     1, start, end),),
        ),
        Activity(
            f"z{eve.zone_id}",
            (Session(f"v{eve.pk}", (slot_id(venue.slots[0].pk),), 3, eve_start, eve_end),),
        ),
    )  # fmt: skip
    assert problem.wishes == (
        Wish(f"w{anna_wish.pk}", participant_id(people.anna.pk), f"z{visit.zone_id}", 3),
        Wish(f"w{bert_wish.pk}", participant_id(people.bert.pk), f"z{eve.zone_id}", 2),
        Wish(f"w{newcomer.visit_wishes.get().pk}", participant_id(newcomer.pk),
             f"z{visit.zone_id}", 3),
    )  # fmt: skip
    assert problem.bookings == (
        SolverBooking(participant_id(people.bert.pk), f"v{eve.pk}", f"w{bert_wish.pk}"),
    )
    assert [p.id for p in problem.participants][-1] == participant_id(newcomer.pk)


def test_build_problem_in_first_come_mode_stays_version_1(edition, venue, people, meetings, visit):
    wish(people.anna, visit.zone)

    problem = build_problem(edition)

    assert (problem.version, problem.activities, problem.wishes) == (1, (), ())


@pytest.mark.usefixtures("wishes_mode", "venue", "meetings")
def test_run_places_the_wish_and_the_meetings_without_overlap_travel_included(
    edition, organiser_user, people, visit
):
    wish(people.anna, visit.zone)

    run = _run(edition, organiser_user)

    away_start, away_end = away_window(visit)
    anna_slots = [
        (m.slot.start, m.slot.end)
        for m in Meeting.objects.filter(first=people.anna, status=MeetingStatus.SCHEDULED)
    ]
    assert (run.status, run.solution["visits"], run.objective["scheduled_weight"]) == (
        RunStatus.SUCCEEDED,
        [{"wish": f"w{people.anna.visit_wishes.get().pk}", "session": f"v{visit.pk}"}],
        3 + 2 + 2 + 3,  # Anna meets Bert and Carl, Bert meets Carl, Anna visits
    )
    assert [s < away_end and e > away_start for s, e in anna_slots] == [False, False]
    assert wishes_open(edition, NINE_PARIS - dt.timedelta(days=30)) is False


@pytest.mark.usefixtures("wishes_mode", "venue", "meetings")
def test_run_page_lists_placed_wishes_and_the_reason_of_those_left_out(
    client, edition, organiser_user, people, visit
):
    wish(people.anna, visit.zone)
    wish(people.bert, visit.zone)
    run = _run(edition, organiser_user)
    client.force_login(organiser_user)
    url = reverse("scheduling:run-detail", args=[edition.slug, run.pk])

    english = client.get(url).content.decode()
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    def rows(page, section):
        html = re.search(rf'<section[^>]*id="{section}".*?</section>', page, re.S)[0]
        cells = re.findall(r"<tr[^>]*>\s*<td>(.*?)</td>.*?<td>(.*?)</td><td>(.*?)</td>", html)
        return [tuple(re.sub(r"\s+", " ", c).strip() for c in row) for row in cells]

    assert rows(english, "placed-wishes") == [
        ("Bert Test", "1", "Team Alpine paddock, 12/06/2031 09:40–10:10")
    ]
    assert rows(english, "unplaced-wishes") == [
        ("Anna Test", "Team Alpine paddock", "Every session of this zone is full.")
    ]
    assert rows(french, "unplaced-wishes") == [
        (
            "Anna Test",
            "Paddock de l’équipe Alpine",
            "Toutes les visites de cette zone sont complètes.",
        )
    ]


@pytest.mark.usefixtures("wishes_mode", "venue", "meetings")
def test_publish_books_the_placed_wishes_shown_in_the_agenda_and_the_feed(
    client, edition, organiser_user, people, visit
):
    wish(people.anna, visit.zone)
    _run(edition, organiser_user)
    client.force_login(organiser_user)

    response = client.post(reverse("scheduling:publish", args=[edition.slug]), follow=True)
    client.force_login(people.anna.user)
    agenda = client.get(reverse("meetings-portal:agenda", args=[edition.slug]))
    feed = ics.agenda_ics(people.anna).decode()

    bookings = Booking.objects.values_list("participant", "session", "status")
    assert list(bookings) == [(people.anna.pk, visit.pk, BookingStatus.CONFIRMED)]
    assert [str(m) for m in response.context["messages"]][1:] == ["1 visit booked from the wishes."]
    assert [b.session for b in agenda.context["visits"]] == [visit]
    assert re.findall(r"SUMMARY:(Visite.*)\r", feed) == ["Visite\u00a0: Paddock de l’équipe Alpine"]


@pytest.mark.usefixtures("wishes_mode", "venue", "meetings")
def test_publish_again_does_not_rebook_a_seat_given_up(edition, organiser_user, people, visit):
    wish(people.anna, visit.zone)
    _run(edition, organiser_user)
    services.publish_schedule(edition, by=organiser_user)
    Booking.objects.update(status=BookingStatus.CANCELLED)

    published = services.publish_schedule(edition, by=organiser_user)

    assert (published.visits_booked, Booking.objects.filter(status="confirmed").count()) == (
        [],
        0,
    )


@pytest.mark.usefixtures("wishes_mode", "venue", "meetings")
def test_build_problem_leaves_out_the_wishes_of_a_participant_not_validated(edition, people, visit):
    wish(people.anna, visit.zone)
    people.anna.status = ParticipantStatus.REGISTERED
    people.anna.save()

    problem = build_problem(edition)

    assert problem.wishes == ()
