"""Interpreters in runs: the real solver gives one to each meeting whose sides share no
language, never two meetings at once, and reports a meeting nobody can interpret."""

import pytest
from django.urls import reverse

from paddock.meetings.models import Meeting
from paddock.scheduling import services
from paddock.scheduling.enums import RunStatus
from tests import factories
from tests.scheduling.helpers import make_meeting

pytestmark = pytest.mark.integration

SMALL = {"time_limit_s": 10, "seed": 0, "workers": 1}


def _interpreting(edition):
    rows = Meeting.objects.filter(edition=edition).order_by("pk")
    return [(m.pk, m.interpreter_id, m.slot_id is not None) for m in rows]


def test_run_gives_each_meeting_without_a_shared_language_an_interpreter_of_both_sides(
    edition, organiser_user, venue, people, meetings
):
    # Anna (fr) meets Carl (en) and Dora (de); Bert (fr, en) meets Dora too.
    bert_dora = make_meeting(people.bert, people.dora)
    english = factories.make_interpreter(edition, name="Ana", languages=["fr", "en"])
    german = factories.make_interpreter(edition, name="Hans", languages=["fr", "de"])

    run = services.start_schedule_run(edition, by=organiser_user, **SMALL)

    assert (run.status, _interpreting(edition)) == (
        RunStatus.SUCCEEDED,
        [
            (meetings[0].pk, None, True),
            (meetings[1].pk, english.pk, True),
            (meetings[2].pk, german.pk, True),
            (meetings[3].pk, None, True),
            (bert_dora.pk, german.pk, True),
        ],
    )
    hans = Meeting.objects.filter(interpreter=german).values_list("slot_id", flat=True)
    assert len(set(hans)) == 2


def test_run_never_gives_an_interpreter_two_meetings_at_once(
    edition, organiser_user, venue, people, meetings
):
    extra = [make_meeting(people.carl, people.dora), make_meeting(people.bert, people.dora)]
    yuki = factories.make_interpreter(edition, name="Yuki", languages=["fr", "en", "de"])

    services.start_schedule_run(edition, by=organiser_user, **SMALL)

    interpreted = Meeting.objects.filter(edition=edition, interpreter=yuki)
    slots = list(interpreted.values_list("slot_id", flat=True))
    assert (sorted(m.pk for m in interpreted), len(set(slots))) == (
        sorted([meetings[1].pk, meetings[2].pk, *(m.pk for m in extra)]),
        4,
    )


def test_run_reports_a_meeting_nobody_can_interpret(
    client, edition, organiser_user, venue, meetings
):
    factories.make_interpreter(edition, name="Ana", languages=["fr", "en"])
    run = services.start_schedule_run(edition, by=organiser_user, **SMALL)
    client.force_login(organiser_user)

    response = client.get(reverse("scheduling:run-detail", args=[edition.slug, run.pk]))

    assert [(m.pk, reason) for m, reason in response.context["results"].unplaced] == [
        (
            meetings[2].pk,
            "Anna Test (Anna SAS) – Dora Test (Dora SAS) needs an interpreter and no interpreter "
            "speaks a language "
            "of each side (Anna Test: French; Dora Test: German).",
        )
    ]
