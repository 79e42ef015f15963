"""The 2019 edition as it happened: accepted meetings, a schedule found by the real solver and
published, badges, check-ins at the entrance and in the rooms, and a few no-shows on the first
day, all through the services; the meetings come from the participants' requests
(`meeting_requests.py`).

The meetings and the absentees follow from the seed. The schedule is the solver's, with one
worker and a fixed seed: it ends on its proofs in a few seconds, far within its time limit, and
then gives the same schedule for the same meetings whatever the machine's speed or the ids the
database gives (docs/solver.md, "The same schedule again"); who checks in where follows the
schedule, so every build makes the same 2019."""

import datetime as dt
import random
from typing import Any

from django.db.models import Q, QuerySet

from paddock.checkin.models import CheckIn
from paddock.checkin.services import check_in, issue_badges
from paddock.demo.meeting_requests import make_past_requests
from paddock.demo.outcomes import answer_the_meetings
from paddock.demo.spec import DEMO_DOMAIN
from paddock.events.models import Edition
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.participants.models import Participant
from paddock.scheduling.enums import RunStatus
from paddock.scheduling.services import execute_run, publish_schedule, start_schedule_run
from paddock.scheduling.services.live import day_bounds, mark_no_show

# The limit only guards: a run stopped by it would depend on the machine's speed.
SOLVER = {"time_limit_s": 120, "seed": 0, "workers": 1}
ABSENT_ON_THE_FIRST_DAY = 3
DOORS_OPEN = dt.time(8, 15)
NO_SHOW_AFTER = dt.timedelta(minutes=15)
ROOM_ARRIVAL_MINUTES = 7  # at the room this many minutes at most before the first meeting
# People of firms that came back in 2021 who met in 2019 (by email before the @): in 2021 the
# matchmaking recommends them to each other again, saying "you met in 2019", and their network
# lists the meeting. They are never among the absentees, so that these meetings are held.
RETURNING_PAIRS = (
    ("sebastien.rouault", "patrick.lemercier"),
    ("hugo.lefranc", "claire.vasseur"),
    ("claire.vasseur", "nadia.benali"),
    ("stefan.hollweg", "sandrine.pottier"),
)


def live_the_edition(edition: Edition, *, organiser: Any, desk: Any, seed: int) -> None:
    """Meetings, schedule and publication, badges, then each day at the desk and its no-shows."""
    rng = random.Random(seed)  # noqa: S311  # demo data, not security
    returning = _returning_pairs(edition)
    make_past_requests(edition, seed=seed, first=returning)
    returning_people = {person.pk for pair in returning for person in pair}
    run = start_schedule_run(edition, by=organiser, **SOLVER)
    # A no-op when the task ran inline; with a worker queue, the demo needs the schedule now.
    run = execute_run(run.pk) or run
    if run.status != RunStatus.SUCCEEDED:
        raise RuntimeError(f"The demo's scheduling run ended {run.status}: {run.failure_text}")
    publish_schedule(edition, by=organiser)
    issue_badges(edition, by=desk)
    first_day = edition.days[0]
    could_miss = [
        pk for pk in _people_with_meetings(edition, first_day) if pk not in returning_people
    ]
    absent = set(rng.sample(could_miss, k=ABSENT_ON_THE_FIRST_DAY))
    for day in edition.days:
        away = absent if day == first_day else set()
        came = [pk for pk in _people_with_meetings(edition, day) if pk not in away]
        _check_in_day(edition, day, came, by=desk)
    for meeting in list(
        _placed_on(edition, first_day).filter(Q(first_id__in=absent) | Q(second_id__in=absent))
    ):
        mark_no_show(meeting, by=organiser, now=meeting.slot.start + NO_SHOW_AFTER)
    answer_the_meetings(edition, seed=seed)


def _returning_pairs(edition: Edition) -> list[tuple[Participant, Participant]]:
    """The participants of RETURNING_PAIRS, who asked each other first, at the highest
    priority, so that the solver places their meetings."""
    locals_ = {local for pair in RETURNING_PAIRS for local in pair}
    people = {
        participant.user.email.split("@")[0]: participant
        for participant in Participant.objects.filter(
            edition=edition, user__email__in=[f"{local}@{DEMO_DOMAIN}" for local in locals_]
        ).select_related("user", "edition")
    }
    return [(people[a], people[b]) for a, b in RETURNING_PAIRS]


def _placed_on(edition: Edition, day: dt.date) -> QuerySet[Meeting]:
    """The edition's placed meetings of `day`, in time order."""
    return (
        Meeting.objects.filter(
            edition=edition,
            status=MeetingStatus.SCHEDULED,
            slot__start__range=day_bounds(edition, day),
        )
        .select_related("slot", "table__room")
        .order_by("slot__start", "pk")
    )


def _people_with_meetings(edition: Edition, day: dt.date) -> list[int]:
    """The pks of participants with a placed meeting that day, in pk order."""
    pairs = _placed_on(edition, day).values_list("first_id", "second_id")
    return sorted({pk for pair in pairs for pk in pair})


def _check_in_day(edition: Edition, day: dt.date, people: list[int], *, by: Any) -> None:
    """Each person at the entrance from DOORS_OPEN, then in the room of their first meeting
    in the minutes before it starts.

    The check-in service stamps the present moment; the demo moves each stamp to the day."""
    doors = dt.datetime.combine(day, DOORS_OPEN, tzinfo=edition.tzinfo)
    firsts = _first_meetings(edition, day)
    for index, person in enumerate(Participant.objects.filter(pk__in=people).order_by("pk")):
        arrived = doors + dt.timedelta(seconds=20 * index)
        first = firsts[person.pk]
        entrance = check_in(edition, by=by, participant=person)
        room = check_in(edition, by=by, participant=person, room=first.table.room)
        before_it = first.slot.start - dt.timedelta(minutes=2 + index % ROOM_ARRIVAL_MINUTES)
        CheckIn.objects.filter(pk=entrance.pk).update(checked_in_at=arrived)
        CheckIn.objects.filter(pk=room.pk).update(
            checked_in_at=max(before_it, arrived + dt.timedelta(minutes=2))
        )


def _first_meetings(edition: Edition, day: dt.date) -> dict[int, Meeting]:
    """Participant pk → their first meeting of the day."""
    firsts: dict[int, Meeting] = {}
    for meeting in reversed(list(_placed_on(edition, day))):
        firsts[meeting.first_id] = firsts[meeting.second_id] = meeting
    return firsts
