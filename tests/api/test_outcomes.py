"""Outcomes through the API: a participant's own side only, through the portal's services;
both sides and their disagreements for the organisers."""

import datetime as dt

import pytest

from paddock.core.models import AuditEntry
from paddock.events.enums import EditionStatus
from paddock.meetings.models import Meeting
from paddock.outcomes import services
from paddock.outcomes.models import FollowUp, Outcome
from tests import factories
from tests.api.conftest import bearer, new_token

pytestmark = pytest.mark.integration

ANSWERED_AT = dt.datetime(2025, 6, 12, 18, 0, tzinfo=dt.UTC)


def _url(edition, path=""):
    return f"/api/v1/editions/{edition.slug}{path}"


def _get(client, text, url):
    return client.get(url, headers=bearer(text))


def _put(client, text, url, data):
    return client.put(url, data, content_type="application/json", headers=bearer(text))


def _rate(client, text, meeting, **answer):
    return _put(client, text, _url(meeting.edition, f"/outcomes/{meeting.pk}"), _answer(**answer))


def _person(participant):
    return {
        "id": participant.pk,
        "name": participant.user.get_full_name() or str(participant.user),
        "company": participant.company.name,
    }


def _row(meeting, sides, disagreements=()):
    return {
        "meeting": meeting.pk,
        "first": _person(meeting.first),
        "second": _person(meeting.second),
        "status": "scheduled",
        "start": "2025-06-12T07:00:00Z",
        "end": "2025-06-12T07:30:00Z",
        "sides": sides,
        "disagreements": list(disagreements),
    }


def _answer(took_place=True, interest=4, next_step="quote", value_band="", comment=""):
    return {
        "took_place": took_place,
        "interest": interest,
        "next_step": next_step,
        "value_band": value_band,
        "comment": comment,
    }


def _answer_of(outcome):
    return {key: getattr(outcome, key) for key in _answer()}


def test_participant_reads_only_their_own_side(client, small_edition, participant, held_meeting):
    text = new_token(participant.user, small_edition)

    response = _get(client, text, _url(small_edition, "/outcomes"))
    one = _get(client, text, _url(small_edition, f"/outcomes/{held_meeting.pk}")).json()

    empty_side = {"participant": participant.pk, "answer": None, "follow_ups": []}
    assert response.json()["results"] == [_row(held_meeting, [empty_side])]
    assert one == _row(held_meeting, [empty_side])
    assert b"between us" not in response.content


def test_participant_records_their_answer_through_the_service(
    client, small_edition, participant, held_meeting
):
    text = new_token(participant.user, small_edition, write=True)

    response = _rate(client, text, held_meeting, value_band="10-50k", comment="Send the quote")

    outcome = Outcome.objects.get(meeting=held_meeting, participant=participant)
    answer = {**_answer(value_band="10-50k", comment="Send the quote")}
    assert (response.status_code, _answer_of(outcome)) == (200, answer)
    assert response.json() == _row(
        held_meeting,
        [
            {
                "participant": participant.pk,
                "answer": {
                    **answer,
                    "answered_at": response.json()["sides"][0]["answer"]["answered_at"],
                },
                "follow_ups": [],
            }
        ],
    )
    assert list(
        AuditEntry.objects.filter(
            action__startswith="outcome.", actor=participant.user
        ).values_list("action", flat=True)
    ) == ["outcome.recorded"]


def test_outcome_without_interest_is_refused_naming_the_field(
    client, small_edition, participant, held_meeting
):
    text = new_token(participant.user, small_edition, write=True)

    response = _rate(client, text, held_meeting, interest=None)

    assert (response.status_code, response.json()) == (
        409,
        {
            "type": "about:blank",
            "title": "Conflict",
            "status": 409,
            "detail": "Say how interesting the meeting was.",
            "code": "interest_required",
            "errors": [{"field": "interest", "message": "Say how interesting the meeting was."}],
        },
    )
    assert list(Outcome.objects.filter(participant=participant)) == []


def test_outcome_with_bad_values_answers_422_per_field(
    client, small_edition, participant, held_meeting
):
    text = new_token(participant.user, small_edition, write=True)

    response = _rate(client, text, held_meeting, interest=9, next_step="lunch")

    body = response.json()
    assert (response.status_code, body["code"]) == (422, "invalid")
    assert [error["field"] for error in body["errors"]] == ["interest", "next_step"]
    assert list(Outcome.objects.filter(participant=participant)) == []


def test_outcome_refused_once_the_edition_is_closed(
    client, small_edition, participant, held_meeting
):
    small_edition.status = EditionStatus.CLOSED
    small_edition.save(update_fields=["status"])
    text = new_token(participant.user, small_edition, write=True)

    response = _rate(
        client,
        text,
        held_meeting,
    )

    assert (response.status_code, response.json()["code"]) == (409, "edition_closed")
    assert list(Outcome.objects.filter(participant=participant)) == []


def test_participant_records_a_follow_up(client, small_edition, participant, held_meeting):
    text = new_token(participant.user, small_edition, write=True)
    url = _url(small_edition, f"/outcomes/{held_meeting.pk}/follow-ups")

    response = _put(client, text, f"{url}/6", {"answer": "yes", "value_band": "gt250k"})
    wrong = _put(client, text, f"{url}/5", {"answer": "no"})

    follow_up = FollowUp.objects.get(participant=participant)
    assert response.json()["sides"][0]["follow_ups"] == [
        {
            "months": 6,
            "answer": "yes",
            "value_band": "gt250k",
            "answered_at": response.json()["sides"][0]["follow_ups"][0]["answered_at"],
        }
    ]
    assert (follow_up.months, follow_up.answer, follow_up.value_band) == (6, "yes", "gt250k")
    assert (wrong.status_code, wrong.json()["errors"]) == (
        422,
        [{"field": "months", "message": "months has an invalid value."}],
    )


def test_organiser_reads_both_sides_and_their_disagreements(
    client, small_edition, organiser_user, participant, held_meeting
):
    services.record_outcome(
        held_meeting,
        participant=participant,
        by=participant.user,
        took_place=True,
        interest=5,
        next_step="order",
        now=ANSWERED_AT,
    )
    third = held_meeting.second
    text = new_token(organiser_user, small_edition)

    body = _get(client, text, _url(small_edition, "/outcomes?disagreeing=true")).json()
    one = _get(client, text, _url(small_edition, f"/outcomes/{held_meeting.pk}")).json()

    theirs = Outcome.objects.get(participant=third)
    expected = _row(
        held_meeting,
        [
            {
                "participant": participant.pk,
                "answer": {
                    **_answer(interest=5, next_step="order"),
                    "answered_at": "2025-06-12T18:00:00Z",
                },
                "follow_ups": [],
            },
            {
                "participant": third.pk,
                "answer": {
                    **_answer(interest=2, next_step="none", comment="Not for us, between us"),
                    "answered_at": one["sides"][1]["answer"]["answered_at"],
                },
                "follow_ups": [],
            },
        ],
        ["interest", "next_step"],
    )
    assert theirs.comment == "Not for us, between us"
    assert (body["results"], one) == ([expected], expected)


# Permissions ------------------------------------------------------------------------------


def test_participant_never_reads_or_writes_a_meeting_not_theirs(
    client, small_edition, other_participant, held_meeting
):
    text = new_token(other_participant.user, small_edition, write=True)
    url = _url(small_edition, f"/outcomes/{held_meeting.pk}")

    listed = _get(client, text, _url(small_edition, "/outcomes")).json()["results"]
    read = _get(client, text, url).status_code
    written = _put(client, text, url, _answer()).status_code
    follow_up = _put(client, text, f"{url}/follow-ups/3", {"answer": "no"}).status_code

    assert (listed, read, written, follow_up) == ([], 404, 404, 404)
    assert Outcome.objects.filter(participant=other_participant).count() == 0


def test_participant_cannot_rate_a_meeting_not_yet_held(
    client, small_edition, participant, held_meeting
):
    upcoming = Meeting.objects.get(edition=small_edition, slot__start__year=2031)
    text = new_token(participant.user, small_edition, write=True)

    response = _rate(client, text, upcoming)
    held = _rate(
        client,
        text,
        held_meeting,
    )

    assert (response.status_code, held.status_code) == (404, 200)
    assert list(
        Outcome.objects.filter(participant=participant).values_list("meeting", flat=True)
    ) == [held_meeting.pk]


def test_participant_token_never_reads_outcomes_of_another_edition(
    client, small_edition, participant, held_meeting
):
    elsewhere = factories.make_edition(slug="elsewhere")
    factories.make_participant(elsewhere, user=participant.user)
    text = new_token(participant.user, small_edition)

    statuses = [
        _get(client, text, f"/api/v1/editions/elsewhere{path}").status_code
        for path in ("/outcomes", f"/outcomes/{held_meeting.pk}")
    ]
    own = _get(client, text, _url(small_edition, "/outcomes")).json()["results"]

    assert (statuses, [row["meeting"] for row in own]) == ([404, 404], [held_meeting.pk])


def test_organiser_cannot_write_a_sides_answer(client, small_edition, organiser_user, held_meeting):
    text = new_token(organiser_user, small_edition, write=True)

    response = _rate(
        client,
        text,
        held_meeting,
    )

    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
