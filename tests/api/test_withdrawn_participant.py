"""A participant who withdrew, through the API (issue 16): what needs a validated participant
answers 403 with the code `withdrawn` and says so, as the portal's pages do."""

import pytest

from paddock.participants.withdrawal import withdraw_participant
from tests.api.conftest import bearer, new_token

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
    edition = client.get(base, headers=bearer(text))

    problems = [(a.status_code, a.json()["code"], a.json()["detail"]) for a in [*answers, asked]]
    assert problems == [WITHDRAWN] * 6
    assert edition.status_code == 200
