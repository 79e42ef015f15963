"""A participant who withdrew, through the API (issue 16): every operation of the edition
answers 403 with the code `withdrawn` and says so, as the portal's pages do."""

import pytest

from paddock.participants.withdrawal import withdraw_participant
from tests.api.conftest import bearer, new_token
from tests.api.test_access_matrix import OPERATIONS, body_for, path_for, send
from tests.api.test_access_matrix import worlds as worlds  # noqa: PLC0414 (the fixture, shared)

pytestmark = pytest.mark.integration

WITHDRAWN = (
    403,
    "withdrawn",
    "You withdrew from this edition: only the organisers can undo it, and you then wait for "
    "their validation again.",
)


def test_a_withdrawn_participants_token_is_told_they_withdrew(
    client, small_edition, participant, other_participant
):
    withdraw_participant(participant, by=participant.user)
    text = new_token(participant.user, small_edition, write=True)
    base = f"/api/v1/editions/{small_edition.slug}"

    answers = [
        client.get(f"{base}{path}", headers=bearer(text))
        for path in ("/companies", "/participants", "/requests", "/meetings", "/agenda")
    ]
    asked = client.post(
        f"{base}/requests",
        {"recipient": other_participant.pk, "message": "Hello"},
        content_type="application/json",
        headers=bearer(text),
    )
    problems = [(a.status_code, a.json()["code"], a.json()["detail"]) for a in [*answers, asked]]
    assert problems == [WITHDRAWN] * 6


EDITION_OPERATIONS = [(method, path) for method, path in OPERATIONS if "{slug}" in path]


@pytest.mark.parametrize(("method", "path"), EDITION_OPERATIONS)
def test_every_operation_of_the_edition_tells_a_withdrawn_participant_so(method, path, worlds, db):
    here, _there = worlds
    withdraw_participant(here["participant"], by=here["participant"].user)
    text = new_token(here["participant"].user, here["edition"], write=True)
    url = path_for(path, here, here["edition"].slug)

    response = send(method, url, text, body_for(method, path, here))

    answer = response.json()
    assert (response.status_code, answer["code"], answer["detail"]) == WITHDRAWN


def test_a_withdrawn_participant_with_a_role_keeps_what_the_role_reads(
    client, small_edition, participant
):
    from tests import factories

    factories.give_role(participant.user, small_edition, "checkin")
    withdraw_participant(participant, by=participant.user)
    text = new_token(participant.user, small_edition)
    base = f"/api/v1/editions/{small_edition.slug}"

    slots = client.get(f"{base}/slots", headers=bearer(text))
    agenda = client.get(f"{base}/agenda", headers=bearer(text))
    edition = client.get(base, headers=bearer(text))

    assert (slots.status_code, agenda.status_code, agenda.json()["code"]) == (
        200,
        403,
        "withdrawn",
    )
    assert edition.json()["roles"] == ["checkin"]
