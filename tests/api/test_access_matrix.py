"""Every operation of the API against every kind of token owner, and with the ids of another
edition's objects (audit of 6 December, docs/security.md).

The operations come from the served OpenAPI schema, so a new operation fails
`test_every_operation_has_an_expectation` until it has a line in EXPECTED. Each token is a
writing token; the attackers' tokens reach both the edition attacked and their own.
"""

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from paddock.api.app import api
from paddock.checkin.models import Badge
from paddock.events.enums import EditionStatus
from paddock.events.models import Session, TimeSlot
from paddock.meetings import services as meetings
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.visits import services as visits
from tests import factories
from tests.api.conftest import bearer, new_token
from tests.module_data import built_once
from tests.test_permissions_newer_areas import ROLES
from tests.visits.factories import make_visit, make_zone

pytestmark = pytest.mark.integration

OK, LOGIN, REFUSED = "ok", "login", "refused"

OPERATIONS = [
    (method.upper(), path.removeprefix("/api/v1"))
    for path, item in api.get_openapi_schema()["paths"].items()
    for method in item
]

READERS = dict.fromkeys(("participant", "other_company", "staff", "organiser"), OK)
EVERYONE = READERS | {"checkin": OK, "zone_host": OK}
TEAM = {"staff": OK, "organiser": OK}
PARTICIPANTS = {"participant": OK, "other_company": OK}
# Who gets what beyond a refusal (403 or 404; 401 without a token). The participant owns the
# objects named: their request to another company, their ended meeting, their booking.
EXPECTED: dict[str, dict[str, str]] = {
    "GET /editions": dict.fromkeys(ROLES[1:], OK),
    "GET /editions/{slug}": EVERYONE,
    "GET /editions/{slug}/rooms": EVERYONE,
    "GET /editions/{slug}/tables": EVERYONE,
    "GET /editions/{slug}/slots": EVERYONE,
    "GET /editions/{slug}/companies": READERS,
    "POST /editions/{slug}/companies": TEAM,
    "GET /editions/{slug}/companies/{pk}": READERS,
    "PATCH /editions/{slug}/companies/{pk}": TEAM,
    "GET /editions/{slug}/participants": READERS,
    "POST /editions/{slug}/participants": TEAM,
    "GET /editions/{slug}/participants/{pk}": READERS,
    "PATCH /editions/{slug}/participants/{pk}": TEAM,
    "GET /editions/{slug}/requests": READERS,
    "POST /editions/{slug}/requests": PARTICIPANTS,
    "GET /editions/{slug}/requests/{pk}": {"participant": OK} | TEAM,
    # Only the recipient answers: the requester is told so (409 not_recipient).
    "POST /editions/{slug}/requests/{pk}/accept": {"participant": "status 409"},
    "POST /editions/{slug}/requests/{pk}/decline": {"participant": "status 409"},
    "POST /editions/{slug}/requests/{pk}/cancel": {"participant": OK},
    "GET /editions/{slug}/meetings": READERS,
    "GET /editions/{slug}/agenda": PARTICIPANTS,
    "GET /editions/{slug}/checkins": {"checkin": OK} | TEAM,
    "POST /editions/{slug}/checkins": {"checkin": OK} | TEAM,
    # The zone host guides none of these sessions.
    "GET /editions/{slug}/zones": READERS | {"zone_host": OK},
    "GET /editions/{slug}/visits": READERS | {"zone_host": OK},
    "GET /editions/{slug}/visits/{pk}": READERS,
    "GET /editions/{slug}/visits/{pk}/bookings": TEAM,
    "GET /editions/{slug}/bookings": PARTICIPANTS,
    "POST /editions/{slug}/visits/{pk}/book": PARTICIPANTS,
    "POST /editions/{slug}/bookings/{pk}/cancel": {"participant": OK},
    "GET /editions/{slug}/outcomes": READERS,
    "GET /editions/{slug}/outcomes/{meeting}": {"participant": OK} | TEAM,
    "PUT /editions/{slug}/outcomes/{meeting}": {"participant": OK},
    "PUT /editions/{slug}/outcomes/{meeting}/follow-ups/{months}": {"participant": OK},
}


def _make_world(edition) -> dict[str, Any]:
    """One object of each kind an operation names, in `edition`: the participant's pending
    request to another company, their meeting that is over, their booking of a visit."""
    participant = factories.make_participant(edition)
    other = factories.make_participant(edition)
    request = meetings.request_meeting(participant, recipient=other, by=participant.user)
    session = Session.objects.create(edition=edition, name="Earlier", date=edition.start_date)
    start = dt.datetime(2020, 6, 12, 7, 0, tzinfo=dt.UTC)
    slot = TimeSlot.objects.create(
        edition=edition, session=session, start=start, end=start + dt.timedelta(minutes=30)
    )
    table = factories.make_table(factories.make_room(edition))
    meeting = Meeting.objects.create(
        edition=edition,
        first=participant,
        second=factories.make_participant(edition),
        slot=slot,
        table=table,
        status=MeetingStatus.SCHEDULED,
    )
    zone = make_zone(edition)
    booked = make_visit(zone, start=dt.datetime(2031, 6, 12, 12, 0, tzinfo=dt.UTC))
    booking = visits.book_visit(booked, participant=participant, by=participant.user)
    Badge.objects.create(participant=other, code=f"B{other.pk:07d}")
    stranger = factories.make_participant(edition)
    return {
        "edition": edition,
        "participant": participant,
        "other": other,
        "companies": other.company,
        "participants": other,
        "requests": request,
        "visits": make_visit(zone, start=dt.datetime(2031, 6, 12, 14, 0, tzinfo=dt.UTC)),
        "bookings": booking,
        "meeting": meeting,
        "table": table,
        "stranger": stranger,
    }


def _make_worlds() -> tuple[dict[str, Any], dict[str, Any]]:
    here = factories.make_edition(status=EditionStatus.MATCHMAKING)
    there = factories.make_edition(status=EditionStatus.MATCHMAKING)
    return _make_world(here), _make_world(there)


@pytest.fixture(scope="module")
def worlds(django_db_setup, django_db_blocker) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Built once for the module's hundreds of tests; each test's writes are undone."""
    yield from built_once(django_db_blocker, _make_worlds)


def path_for(path: str, world: dict[str, Any], slug: str) -> str:
    parts = path.split("/")
    filled = []
    for index, part in enumerate(parts):
        if part == "{slug}":
            filled.append(slug)
        elif part == "{pk}":
            filled.append(str(world[parts[index - 1]].pk))
        elif part == "{meeting}":
            filled.append(str(world["meeting"].pk))
        elif part == "{months}":
            filled.append("3")
        else:
            filled.append(part)
    return "/api/v1" + "/".join(filled)


def body_for(method: str, path: str, world: dict[str, Any]) -> dict[str, Any] | None:
    """A valid body, naming objects of `world`."""
    room = world["table"].room_id
    bodies = {
        ("POST", "/editions/{slug}/companies"): {
            "name": "Newco",
            "country": "FR",
            "sector": "automotive",
        },
        ("PATCH", "/editions/{slug}/companies/{pk}"): {"city": "Le Mans"},
        ("POST", "/editions/{slug}/participants"): {
            "email": "new@example.com",
            "first_name": "New",
            "last_name": "Person",
            "company": world["other"].company_id,
            "role": "buyer",
            "languages": ["fr"],
        },
        ("PATCH", "/editions/{slug}/participants/{pk}"): {"job_title": "Buyer"},
        ("POST", "/editions/{slug}/requests"): {"recipient": world["stranger"].pk},
        ("POST", "/editions/{slug}/requests/{pk}/decline"): {"reason": "No"},
        ("POST", "/editions/{slug}/checkins"): {"participant": world["other"].pk, "room": room},
        ("PUT", "/editions/{slug}/outcomes/{meeting}"): {"took_place": True, "interest": 4},
        ("PUT", "/editions/{slug}/outcomes/{meeting}/follow-ups/{months}"): {"answer": "yes"},
    }
    return bodies.get((method, path))


def token_of(
    role: str, here: dict[str, Any], there: dict[str, Any], *, write: bool = True
) -> str | None:
    edition = here["edition"]
    if role == "anonymous":
        return None
    if role == "participant":
        return new_token(here["participant"].user, edition, write=write)
    if role == "other_company":
        return new_token(factories.make_participant(edition).user, edition, write=write)
    if role == "participant_elsewhere":
        return new_token(there["participant"].user, edition, there["edition"], write=write)
    user = factories.make_user()
    if role == "organiser":
        edition.series.organiser.members.add(user)
    elif role == "organiser_elsewhere":
        there["edition"].series.organiser.members.add(user)
        return new_token(user, edition, there["edition"], write=write)
    else:
        factories.give_role(user, edition, role)
    return new_token(user, edition, write=write)


def outcome(response) -> str:
    if response.status_code == 401:
        return LOGIN
    if response.status_code in {403, 404}:
        return REFUSED
    if 200 <= response.status_code < 300:
        return OK
    return f"status {response.status_code}"


def send(method: str, path: str, text: str | None, body: dict[str, Any] | None):
    headers = bearer(text) if text else {}
    return Client().generic(
        method,
        path,
        data=b"" if body is None else json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


def expected_outcome(operation: str, role: str) -> str:
    refused = LOGIN if role == "anonymous" else REFUSED
    return EXPECTED[operation].get(role, refused)


def test_every_operation_has_an_expectation():
    operations = {f"{method} {path}" for method, path in OPERATIONS}

    assert (sorted(operations - set(EXPECTED)), len(operations)) == ([], 34)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_operation_answers_each_token_as_expected(method, path, role, worlds, db):
    here, there = worlds
    text = token_of(role, here, there)
    url = path_for(path, here, here["edition"].slug)

    response = send(method, url, text, body_for(method, path, here))

    assert outcome(response) == expected_outcome(f"{method} {path}", role)


# The operations naming objects of the edition, in the path or in the body.
NAMING = ("{pk}", "{meeting}")
BODY_IDS = {
    "POST /editions/{slug}/participants",
    "POST /editions/{slug}/requests",
    "POST /editions/{slug}/checkins",
}
# A body naming another edition's company or participant is invalid, with the field named.
SWAP_EXPECTED = {
    "POST /editions/{slug}/participants": "status 422",
    "POST /editions/{slug}/checkins": "status 422",
}
SWAPPABLE = [
    (method, path)
    for method, path in OPERATIONS
    if any(part in path for part in NAMING) or f"{method} {path}" in BODY_IDS
]


@pytest.mark.parametrize(("method", "path"), SWAPPABLE)
def test_operation_refuses_objects_of_another_edition(method, path, worlds, db):
    here, there = worlds
    allowed = EXPECTED[f"{method} {path}"]
    role = "organiser" if "organiser" in allowed else "participant"
    text = token_of(role, here, there)
    url = path_for(path, there, here["edition"].slug)

    response = send(method, url, text, body_for(method, path, there))

    assert outcome(response) == SWAP_EXPECTED.get(f"{method} {path}", REFUSED)


WRITES = [(method, path) for method, path in OPERATIONS if method != "GET"]


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_operation_refuses_a_read_only_token_of_who_may_write(method, path, worlds, db):
    here, there = worlds
    allowed = EXPECTED[f"{method} {path}"]
    role = "organiser" if "organiser" in allowed else "participant"
    text = token_of(role, here, there, write=False)
    url = path_for(path, here, here["edition"].slug)

    response = send(method, url, text, body_for(method, path, here))

    assert (response.status_code, response.json()["code"]) == (403, "read_only_token")


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_operation_refuses_a_read_only_token_before_reading_the_body(method, path, worlds, db):
    here, there = worlds
    allowed = EXPECTED[f"{method} {path}"]
    role = "organiser" if "organiser" in allowed else "participant"
    text = token_of(role, here, there, write=False)
    url = path_for(path, here, here["edition"].slug)

    response = send(method, url, text, {"unexpected": ["not", "a", "valid", "body"]})

    assert (response.status_code, response.json()["code"]) == (403, "read_only_token")
