"""The newer areas as an attacker walks them: every page of visits, outcomes, the series,
exchange, reports, webhooks, the protocol review and the interpreter's private link, requested
by people who should not get in (audit of 6 December, docs/security.md).

`tests/test_permissions.py` checks the roles of the edition; this module adds the people next
door: a participant of the same edition in another company, a participant of another edition,
an organiser of another series, and an organiser who swaps in the ids of another edition's
objects. Pages are found by walking the URL resolver, so a new page of these namespaces is
walked without a line here (its roles come from `tests/test_permissions.EXPECTED`).
"""

import datetime as dt
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from paddock.events.models import Session, TimeSlot
from paddock.meetings.enums import MeetingStatus
from tests import factories
from tests import test_permissions as matrix
from tests.module_data import built_once
from tests.test_permissions import (
    EXPECTED,
    ORGANISERS,
    PARTICIPANT,
    TEAM,
    Expect,
    make_matrix_objects,
    make_objects,
    url_for,
)

pytestmark = pytest.mark.integration

NAMESPACES = (
    "visits",
    "visits-portal",
    "outcomes",
    "outcomes-portal",
    "series",
    "exchange",
    "reports",
    "webhooks",
    "scheduling-public",
)
PROTOCOL_REVIEW = (
    "scheduling:protocol-review",
    "scheduling:protocol-propose",
    "scheduling:protocol-confirm",
)
ROLES = (
    "anonymous",
    "participant",
    "other_company",
    "participant_elsewhere",
    "zone_host",
    "checkin",
    "staff",
    "organiser_elsewhere",
    "organiser",
)
ALLOWED, LOGIN, REFUSED = "allowed", "login", "refused"
# The pages of a participant's own things (a booking, a meeting to rate): another company of
# the same edition is refused, not only other editions.
OWN_THINGS = frozenset(
    {"visits-portal:booking-cancel", "outcomes-portal:rate", "outcomes-portal:follow-up"}
)
# Who passes the pages the matrix of tests/test_permissions.py does not walk.
NEWER: dict[str, Expect] = {
    "outcomes:outcome-list": Expect(TEAM),
    "outcomes:repeat-pairs": Expect(ORGANISERS),
    "outcomes-portal:to-rate": Expect(PARTICIPANT),
    "outcomes-portal:rate": Expect(PARTICIPANT),
    "outcomes-portal:follow-up": Expect(PARTICIPANT),
    "outcomes-portal:network": Expect(PARTICIPANT),
}
# The private link is the key: whoever holds it reads, whoever is signed in.
LINK = frozenset(ROLES)


def newer_pages() -> dict[str, tuple[str, ...]]:
    """Every named page of these namespaces and of the protocol review, with its keywords."""
    kept = matrix.NAMESPACES
    matrix.NAMESPACES = (*NAMESPACES, "scheduling")
    try:
        found = matrix.organiser_pages()
    finally:
        matrix.NAMESPACES = kept
    return {
        name: kwargs
        for name, kwargs in found.items()
        if name.split(":")[0] in NAMESPACES or name in PROTOCOL_REVIEW
    }


PAGES = newer_pages()


def expectation(name: str) -> tuple[frozenset[str], str]:
    if name.startswith("scheduling-public:"):
        return LINK, "get"
    expect = NEWER.get(name) or EXPECTED[name]
    return expect.allowed, expect.method


def expected_outcome(name: str, role: str) -> str:
    allowed, _method = expectation(name)
    if role == "other_company" and "participant" in allowed and name not in OWN_THINGS:
        return ALLOWED
    if role in allowed:
        return ALLOWED
    return LOGIN if role == "anonymous" else REFUSED


def outcome(response) -> str:
    if response.status_code in {403, 404}:
        return REFUSED
    if response.status_code == 302 and response.url.startswith("/accounts/login/"):
        return LOGIN
    if response.status_code in {200, 302, 303}:
        return ALLOWED
    return f"status {response.status_code}"


def add_ended_meeting(objects: dict[str, Any]) -> None:
    """The objects' meeting, placed in a slot that is over, so that its sides may rate it."""
    edition, meeting = objects["edition"], objects["meeting"]
    session = Session.objects.create(edition=edition, name="Earlier", date=edition.start_date)
    start = dt.datetime(2020, 6, 12, 7, 0, tzinfo=dt.UTC)
    meeting.slot = TimeSlot.objects.create(
        edition=edition, session=session, start=start, end=start + dt.timedelta(minutes=30)
    )
    meeting.table, meeting.status = objects["table"], MeetingStatus.SCHEDULED
    meeting.save()
    objects["months"] = SimpleNamespace(pk=3)
    objects["token"] = SimpleNamespace(pk=objects["interpreter"].link_token)


def _objects_with_an_ended_meeting() -> dict[str, Any]:
    found = make_matrix_objects()
    add_ended_meeting(found)
    return found


def _objects_elsewhere() -> dict[str, Any]:
    edition = factories.make_edition()
    found = make_objects(edition, factories.make_participant(edition))
    add_ended_meeting(found)
    return found


@pytest.fixture(scope="module")
def objects(django_db_setup, django_db_blocker) -> Iterator[dict[str, Any]]:
    """Built once, with `elsewhere`, for the module's hundreds of tests; each test's writes
    are undone."""
    yield from built_once(django_db_blocker, _objects_with_an_ended_meeting)


@pytest.fixture(scope="module")
def elsewhere(objects, django_db_blocker) -> Iterator[dict[str, Any]]:
    """The same kinds of objects in another organiser's edition."""
    yield from built_once(django_db_blocker, _objects_elsewhere)


def user_for(role: str, objects: dict[str, Any], elsewhere: dict[str, Any]):
    edition = objects["edition"]
    if role == "anonymous":
        return None
    if role == "participant":
        return objects["participant"].user
    if role == "other_company":
        return factories.make_participant(edition).user
    if role == "participant_elsewhere":
        return elsewhere["participant"].user
    user = factories.make_user()
    if role == "organiser":
        edition.series.organiser.members.add(user)
    elif role == "organiser_elsewhere":
        elsewhere["edition"].series.organiser.members.add(user)
    else:
        factories.give_role(user, edition, role)
    return user


def test_newer_areas_pages_are_found():
    assert {name.split(":")[0] for name in PAGES} == {*NAMESPACES, "scheduling"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_newer_page_answers_each_role_as_expected(name, role, objects, elsewhere, db):
    _allowed, method = expectation(name)
    url = url_for(name, PAGES[name], objects)
    client = Client()
    user = user_for(role, objects, elsewhere)
    if user is not None:
        client.force_login(user)

    response = getattr(client, method)(url)

    assert outcome(response) == expected_outcome(name, role)


# Keywords that name no object of an edition: a report's section, a file format, months.
NOT_OBJECTS = {"edition", "section", "series_section", "format", "months"}
SWAPPABLE = sorted(name for name, kwargs in PAGES.items() if set(kwargs) - NOT_OBJECTS)


@pytest.mark.parametrize("name", SWAPPABLE)
def test_newer_page_refuses_objects_of_another_edition(name, objects, elsewhere, db):
    _allowed, method = expectation(name)
    swapped = url_for(name, PAGES[name], elsewhere | {"edition": objects["edition"]})
    if "portal" in name:
        user = objects["participant"].user
    else:
        user = factories.make_user()
        objects["edition"].series.organiser.members.add(user)
    client = Client()
    client.force_login(user)

    response = getattr(client, method)(swapped)

    assert outcome(response) == REFUSED
