"""A scheduling run on the convention's day (issue 16): the meetings of slots already begun
stay as they are, nothing new goes into them, and publishing refuses a schedule that would
tell people of a meeting in the past. The edition's day is today in Paris; each test says the
time it runs at (`now`), with the real solver."""

import datetime as dt
import zoneinfo
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from paddock.core.dates import day_and_time
from paddock.events.models import Session, TimeSlot
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.scheduling import services
from paddock.scheduling.enums import RunStatus
from paddock.scheduling.models import PublishedSchedule
from paddock.scheduling.queries import latest_snapshot
from paddock.scheduling.services import ScheduleError
from paddock.visits.enums import BookingMode, BookingStatus
from paddock.visits.models import Booking, VisitSession, VisitSettings, VisitWish
from tests import factories
from tests.scheduling.helpers import make_meeting, person, place
from tests.visits.factories import make_visit, make_zone

pytestmark = pytest.mark.integration

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
SMALL = {"time_limit_s": 10, "seed": 0, "workers": 1}
TIMES = ("09:00", "09:30", "10:00", "14:00", "14:30", "15:00")


def _today() -> dt.date:
    return timezone.localdate(timezone=PARIS)


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm), tzinfo=PARIS)


@pytest.fixture
def edition(db):
    return factories.make_edition(start_date=_today())


@pytest.fixture
def day(edition, organiser_user):
    """One table; a morning (09:00, 09:30, 10:00) and an afternoon (14:00, 14:30, 15:00).
    Published the day before: Anna meets Bert at 09:00 and Carl at 09:30, Carl meets Dora at
    14:30; Dora meets Eve at 10:00, a no-show since. Three meetings wait to be placed."""
    room = factories.make_room(edition, name="Tent", capacity=40)
    table = factories.make_table(room, label="T1", position=1)
    sessions = [
        Session.objects.create(edition=edition, name=name, date=edition.start_date)
        for name in ("Morning", "Afternoon")
    ]
    slots = {}
    for hhmm in TIMES:
        start = _at(edition.start_date, hhmm)
        slots[hhmm] = TimeSlot.objects.create(
            edition=edition,
            session=sessions[start.hour >= 12],
            start=start,
            end=start + dt.timedelta(minutes=30),
        )
    names = ("Anna", "Bert", "Carl", "Dora", "Eve")
    p = SimpleNamespace(**{name.lower(): person(edition, name) for name in names})
    published = {
        "ab": place(make_meeting(p.anna, p.bert, weight=3), slots["09:00"], table),
        "ac": place(make_meeting(p.anna, p.carl, weight=3), slots["09:30"], table),
        "cd": place(make_meeting(p.carl, p.dora, weight=3), slots["14:30"], table),
        "de": place(make_meeting(p.dora, p.eve, weight=3), slots["10:00"], table),
    }
    eve = _at(edition.start_date - dt.timedelta(days=1), "18:00")
    services.publish_schedule(edition, by=organiser_user, now=eve)
    missed = published.pop("de")
    Meeting.objects.filter(pk=missed.pk).update(status=MeetingStatus.NO_SHOW)
    waiting = {
        "be": make_meeting(p.bert, p.eve, weight=2),
        "ae": make_meeting(p.anna, p.eve, weight=1),
        "bd": make_meeting(p.bert, p.dora, weight=1),
    }
    mail.outbox.clear()
    return SimpleNamespace(
        edition=edition,
        slots=slots,
        table=table,
        people=p,
        published=published,
        missed=missed,
        waiting=waiting,
        eve=eve,
    )


def _places(edition):
    """Meeting pk → (status, slot start "HH:MM" or None, table pk)."""
    out = {}
    for m in Meeting.objects.filter(edition=edition).select_related("slot"):
        start = m.slot.start.astimezone(PARIS).strftime("%H:%M") if m.slot else None
        out[m.pk] = (m.status, start, m.table_id)
    return out


def _run(day, user, *, now, **options):
    return services.start_schedule_run(day.edition, by=user, now=now, **(SMALL | options))


@pytest.mark.parametrize("reoptimise", [True, False])
def test_run_in_the_afternoon_keeps_the_morning_and_places_nothing_before_now(
    day, organiser_user, reoptimise
):
    now = _at(day.edition.start_date, "14:10")
    before = _places(day.edition)

    run = _run(day, organiser_user, now=now, reoptimise=reoptimise)

    after = _places(day.edition)
    kept = {day.published["ab"].pk, day.published["ac"].pk, day.missed.pk}
    placed_later = sorted(
        start for pk, (status, start, _) in after.items()
        if status == MeetingStatus.SCHEDULED and pk not in kept
    )  # fmt: skip
    assert (run.status, {pk: after[pk] for pk in kept}, placed_later) == (
        RunStatus.SUCCEEDED,
        {pk: before[pk] for pk in kept},
        ["14:30", "15:00"],
    )


@pytest.mark.parametrize("days", [-1, 1], ids=["day-before", "day-after"])
def test_run_before_or_after_the_convention_uses_every_slot(day, organiser_user, days):
    # Dora's no-show at 10:00 aside (not live), six meetings for six slots of one table.
    now = _at(day.edition.start_date + dt.timedelta(days=days), "14:10")

    run = _run(day, organiser_user, now=now, reoptimise=True)

    placed = sorted(
        start for status, start, _ in _places(day.edition).values()
        if status == MeetingStatus.SCHEDULED
    )  # fmt: skip
    assert (run.status, placed, run.objective["moved"]) == (RunStatus.SUCCEEDED, list(TIMES), 0)


def test_run_made_before_a_slot_began_is_refused_at_publishing_after_it_began(day, organiser_user):
    # At 13:50 the only place left for Bert and Eve is 14:00 (Eve is away later on).
    day.people.eve.unavailable_slots.add(day.slots["14:30"], day.slots["15:00"])
    run = _run(day, organiser_user, now=_at(day.edition.start_date, "13:50"), reoptimise=True)
    be = Meeting.objects.get(pk=day.waiting["be"].pk)
    snapshot = latest_snapshot(day.edition)

    with pytest.raises(ScheduleError) as refused:
        services.publish_schedule(
            day.edition, by=organiser_user, now=_at(day.edition.start_date, "14:05")
        )

    published_places = set(
        Meeting.objects.filter(edition=day.edition).values_list(
            "pk", "published_slot", "published_table"
        )
    )
    assert (
        run.status,
        be.slot_id,
        refused.value.code,
        refused.value.message,
        PublishedSchedule.objects.filter(edition=day.edition).count(),
        latest_snapshot(day.edition),
        (day.waiting["be"].pk, None, None) in published_places,
        mail.outbox,
    ) == (
        RunStatus.SUCCEEDED,
        day.slots["14:00"].pk,
        "slot_begun",
        f"The meeting {be} is placed at {_label(day.slots['14:00'])}, in a slot that has "
        "begun, where the published schedule does not have it: publishing would tell its "
        "people of a meeting in the past. Run the scheduler again, or book the meeting on "
        "the live page. Nothing was published.",
        1,
        snapshot,
        True,
        [],
    )


def test_run_again_after_a_refused_publication_takes_the_meeting_out_of_the_past(
    day, organiser_user
):
    day.people.eve.unavailable_slots.add(day.slots["14:30"], day.slots["15:00"])
    _run(day, organiser_user, now=_at(day.edition.start_date, "13:50"), reoptimise=True)
    later = _at(day.edition.start_date, "14:06")

    run = _run(day, organiser_user, now=later, reoptimise=True)
    published = services.publish_schedule(day.edition, by=organiser_user, now=later)

    be = Meeting.objects.get(pk=day.waiting["be"].pk)
    assert (run.status, be.status, be.slot_id, published.meetings) == (
        RunStatus.SUCCEEDED,
        MeetingStatus.TO_SCHEDULE,
        None,
        4,
    )


def test_proposal_made_before_a_slot_began_is_not_applied_after_it_began(day, organiser_user):
    day.people.eve.unavailable_slots.add(day.slots["14:30"], day.slots["15:00"])
    proposal = _run(
        day, organiser_user, now=_at(day.edition.start_date, "13:50"), reoptimise=True, hold=True
    )
    before = _places(day.edition)
    placed = {a["meeting"]: a["slot"] for a in proposal.solution["assignments"]}

    with pytest.raises(ScheduleError) as refused:
        services.apply_schedule(proposal, now=_at(day.edition.start_date, "14:05"))

    be = Meeting.objects.get(pk=day.waiting["be"].pk)
    assert (
        proposal.status,
        placed[f"m{be.pk}"],
        refused.value.code,
        refused.value.message,
        _places(day.edition),
    ) == (
        RunStatus.PROPOSED,
        f"s{day.slots['14:00'].pk}",
        "slot_begun",
        f"This run would place the meeting {be} at 14:00, in a slot that has begun since the "
        "run started. Run the scheduler again, or book the meeting on the live page.",
        before,
    )


def test_run_list_says_on_the_day_that_begun_slots_are_kept(orga, day):
    response = orga.get(reverse("scheduling:run-list", args=[day.edition.slug]))

    assert response.context["on_the_day"] is True
    assert (
        "Today is a day of the convention: the meetings of slots already begun are kept as they are"
    ) in response.content.decode()


def _label(slot):
    return day_and_time(slot.start.astimezone(PARIS))


def _visits(day, *starts, seats=1):
    """Wishes mode, and a zone with a visit of half an hour at each of `starts` (no travel;
    between 10:30 and 14:00 or after 15:30, they take no meeting slot)."""
    VisitSettings.objects.create(edition=day.edition, booking_mode=BookingMode.WISHES)
    zone = make_zone(day.edition)
    return [
        make_visit(zone, start=_at(day.edition.start_date, hhmm), seats=seats) for hhmm in starts
    ]


def _placed_visits(run):
    """Participant pk → the start ("HH:MM") of the visit the run gave their wish."""
    wishes = dict(VisitWish.objects.values_list("pk", "participant_id"))
    out = {}
    for visit in run.solution["visits"]:
        session = VisitSession.objects.get(pk=int(visit["session"][1:]))
        out[wishes[int(visit["wish"][1:])]] = session.start.astimezone(PARIS).strftime("%H:%M")
    return out


def test_run_in_the_afternoon_keeps_seats_of_a_begun_visit_and_places_no_wish_there(
    day, organiser_user
):
    # 11:00 has begun by 14:10; Anna holds a seat there, one is free; 16:00 has one seat.
    eleven, _four = _visits(day, "11:00", "16:00")
    eleven.seats = 2
    eleven.save(update_fields=["seats"])
    p = day.people
    for who in (p.anna, p.bert, p.carl):
        VisitWish.objects.create(participant=who, zone=eleven.zone, rank=1)
    Booking.objects.create(session=eleven, participant=p.anna, status=BookingStatus.CONFIRMED)

    run = _run(day, organiser_user, now=_at(day.edition.start_date, "14:10"), reoptimise=True)

    placed = _placed_visits(run)
    assert (run.status, placed.pop(p.anna.pk), sorted(placed.values())) == (
        RunStatus.SUCCEEDED,
        "11:00",
        ["16:00"],
    )


def test_visit_placed_before_it_began_is_refused_at_publishing_after_it_began(day, organiser_user):
    (eleven,) = _visits(day, "11:00")
    VisitWish.objects.create(participant=day.people.bert, zone=eleven.zone, rank=1)
    run = _run(day, organiser_user, now=_at(day.edition.start_date, "10:50"), reoptimise=True)
    snapshot = latest_snapshot(day.edition)

    with pytest.raises(ScheduleError) as refused:
        services.publish_schedule(
            day.edition, by=organiser_user, now=_at(day.edition.start_date, "11:05")
        )

    assert (
        run.status,
        _placed_visits(run),
        refused.value.code,
        refused.value.message,
        PublishedSchedule.objects.filter(edition=day.edition).count(),
        latest_snapshot(day.edition),
        list(Booking.objects.values_list("participant_id", "status")),
        mail.outbox,
    ) == (
        RunStatus.SUCCEEDED,
        {day.people.bert.pk: "11:00"},
        "slot_begun",
        f"{day.people.bert} is placed on the visit {eleven.zone} at {_label(eleven)}, in a "
        "session that has begun, where they hold no seat: publishing would book them on a "
        "visit in the past. Run the scheduler again. Nothing was published.",
        1,
        snapshot,
        [],
        [],
    )


def test_run_again_after_a_refused_publication_takes_the_visit_out_of_the_past(day, organiser_user):
    (eleven,) = _visits(day, "11:00")
    VisitWish.objects.create(participant=day.people.bert, zone=eleven.zone, rank=1)
    _run(day, organiser_user, now=_at(day.edition.start_date, "10:50"), reoptimise=True)
    later = _at(day.edition.start_date, "11:06")

    run = _run(day, organiser_user, now=later, reoptimise=True)
    published = services.publish_schedule(day.edition, by=organiser_user, now=later)

    assert (run.status, _placed_visits(run), Booking.objects.count(), published.visits_booked) == (
        RunStatus.SUCCEEDED,
        {},
        0,
        [],
    )


def test_proposal_placing_a_visit_before_it_began_is_not_applied_after_it_began(
    day, organiser_user
):
    (eleven,) = _visits(day, "11:00")
    VisitWish.objects.create(participant=day.people.bert, zone=eleven.zone, rank=1)
    proposal = _run(
        day, organiser_user, now=_at(day.edition.start_date, "10:50"), reoptimise=True, hold=True
    )
    before = _places(day.edition)

    with pytest.raises(ScheduleError) as refused:
        services.apply_schedule(proposal, now=_at(day.edition.start_date, "11:05"))

    assert (
        proposal.status,
        _placed_visits(proposal),
        refused.value.code,
        refused.value.message,
        _places(day.edition),
    ) == (
        RunStatus.PROPOSED,
        {day.people.bert.pk: "11:00"},
        "slot_begun",
        f"This run would place {day.people.bert} on the visit {eleven.zone} at 11:00, in a "
        "session that has begun since the run started. Run the scheduler again.",
        before,
    )
