"""What the token of someone invited (or who declined) reads: the edition, as the portal's
home page shows it to them, with no role; nothing of its venue or time grid, which the web
shows only once the person accepted (issue 16)."""

import pytest

from paddock.participants.enums import ParticipantStatus
from tests import factories
from tests.api.conftest import bearer, make_slot, new_token

pytestmark = pytest.mark.integration

PATHS = ("", "/rooms", "/tables", "/slots")


@pytest.mark.parametrize(
    ("status", "roles", "codes"),
    [
        (ParticipantStatus.INVITED, [], [200, 403, 403, 403]),
        (ParticipantStatus.DECLINED, [], [200, 403, 403, 403]),
        (ParticipantStatus.REGISTERED, ["participant"], [200, 200, 200, 200]),
        (ParticipantStatus.VALIDATED, ["participant"], [200, 200, 200, 200]),
    ],
)
def test_token_of_an_invited_person_names_no_role_and_reads_the_edition_only(
    client, edition, status, roles, codes
):
    factories.make_table(factories.make_room(edition), label="A1")
    make_slot(edition, hour=9)
    sam = factories.make_user(email="sam@example.com")
    factories.make_participant(edition, user=sam, status=status)
    text = new_token(sam, edition)
    base = f"/api/v1/editions/{edition.slug}"

    answers = [client.get(base + path, headers=bearer(text)) for path in PATHS]
    listed = client.get("/api/v1/editions", headers=bearer(text)).json()["results"]

    assert {
        "roles": (answers[0].json()["roles"], [e["roles"] for e in listed]),
        "codes": [answer.status_code for answer in answers],
    } == {"roles": (roles, [roles]), "codes": codes}
