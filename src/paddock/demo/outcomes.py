"""What came of the 2019 meetings, as each side told it: most answered, a plausible mix of
interest and next steps, no-shows said not to have taken place, and some pairs that disagree
(the organisers' page highlights them). Through the outcomes service, as the participants
would have answered the day after."""

import datetime as dt
import random

from paddock.events.models import Edition
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.outcomes.enums import NextStep, ValueBand
from paddock.outcomes.services import record_outcome

ANSWER_RATE = 0.8
DISAGREEMENT_RATE = 0.15
STEPS = [
    (NextStep.NONE, 3),
    (NextStep.DOCUMENTATION, 4),
    (NextStep.QUOTE, 3),
    (NextStep.SAMPLES, 2),
    (NextStep.VISIT, 2),
    (NextStep.ORDER, 1),
    (NextStep.PARTNERSHIP, 1),
]
BANDS = ["", "", ValueBand.UNDER_10K, ValueBand.FROM_10K, ValueBand.FROM_50K, ValueBand.OVER_250K]


def answer_the_meetings(edition: Edition, *, seed: int) -> int:
    """Both sides' answers about the edition's meetings; returns how many were recorded."""
    rng = random.Random(seed)  # noqa: S311  # demo data, not security
    now = dt.datetime.combine(edition.end_date, dt.time(20), tzinfo=edition.tzinfo)
    meetings = Meeting.objects.filter(
        edition=edition, status__in=(MeetingStatus.SCHEDULED, MeetingStatus.NO_SHOW)
    ).select_related("slot", "edition", "first__user", "second__user")
    count = 0
    # The first no-show answered is one side's "we met later in the bar", whatever the draw, so
    # that the organisers' page always shows such a disagreement.
    bar_story = True
    for meeting in meetings.order_by("pk"):
        held = meeting.status == MeetingStatus.SCHEDULED
        interest = rng.choice([2, 3, 3, 4, 4, 5])
        step = rng.choices([s for s, _w in STEPS], weights=[w for _s, w in STEPS])[0]
        for side in (meeting.first, meeting.second):
            if rng.random() > ANSWER_RATE:
                continue
            mine_interest, mine_step, took_place = interest, step, held
            if rng.random() < DISAGREEMENT_RATE:
                mine_interest = max(1, min(5, interest + rng.choice([-3, -2, 2])))
                mine_step = NextStep.NONE if step != NextStep.NONE else NextStep.QUOTE
            elif not held and (bar_story or rng.random() < DISAGREEMENT_RATE):
                took_place, bar_story = True, False  # "we met later in the bar"
            record_outcome(
                meeting,
                participant=side,
                by=side.user,
                took_place=took_place,
                interest=mine_interest,
                next_step=mine_step,
                value_band=rng.choice(BANDS) if mine_step != NextStep.NONE else "",
                now=now,
            )
            count += 1
    return count
