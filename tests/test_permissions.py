"""The permission matrix: every organiser page against every role.

The pages are found by walking the URL resolver for the organiser namespaces, so a new page
without a line in EXPECTED fails `test_every_organiser_page_has_an_expectation`. Entries for
pages that do not exist yet are simply not walked.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from paddock.events.enums import EditionRole
from paddock.events.models import Session, TeamInvitation, TimeSlot
from paddock.meetings.models import Meeting
from paddock.participants.enums import (
    CategoryKind,
    JoinRequestStatus,
    ParticipantRole,
    ParticipantStatus,
)
from paddock.participants.models import Category, JoinRequest, Organisation, Participant
from paddock.privacy.models import ErasureRequest
from paddock.scheduling.models import ScheduleRun
from paddock.series.models import PastEdition
from paddock.visits.enums import BookingStatus
from paddock.visits.models import Booking
from paddock.webhooks.models import Delivery, Endpoint
from tests import factories
from tests.module_data import built_once
from tests.visits.factories import make_visit, make_zone

pytestmark = pytest.mark.integration

NAMESPACES = (
    "events",
    "participants",
    "meetings",
    "scheduling",
    "checkin",
    "privacy",
    "exchange",
    "visits",
    "visits-portal",
    "series",
    "reports",
    "webhooks",
)
ROLES = ("anonymous", "participant", "checkin", "zone_host", "staff", "organiser", "superuser")
ALLOWED, LOGIN, FORBIDDEN = "allowed", "login", "forbidden"


@dataclass(frozen=True)
class Expect:
    """Who passes the page's permission check; `method` is POST for action endpoints."""

    allowed: frozenset[str]
    method: str = "get"
    outcomes: dict[str, str] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        refused = dict.fromkeys(ROLES, FORBIDDEN) | {"anonymous": LOGIN}
        outcomes = {role: ALLOWED if role in self.allowed else refused[role] for role in ROLES}
        object.__setattr__(self, "outcomes", outcomes)


LOGGED_IN = frozenset(ROLES) - {"anonymous"}
# Settings, venue, time grid, protocol: the organiser's own decisions.
ORGANISERS = frozenset({"organiser", "superuser"})
# Participant list, detail and validation: organisers and their staff.
TEAM = frozenset({"staff", "organiser", "superuser"})
# The taxonomy: members of any organiser see it and add their own items, and superusers.
TAXONOMY = ORGANISERS
# The fixture's category is shared by all organisers: only site administrators change it.
SHARED_TAXONOMY = frozenset({"superuser"})
# The check-in desk and who is present: check-in agents, staff and organisers.
DESK = TEAM | {"checkin"}
# The participants' own pages (the visits portal): validated participants of the edition only.
PARTICIPANT = frozenset({"participant"})

EXPECTED: dict[str, Expect] = {
    "events:dashboard": Expect(LOGGED_IN),
    "events:edition-create": Expect(ORGANISERS),
    "events:edition-home": Expect(TEAM),
    "events:edition-update": Expect(ORGANISERS),
    "events:room-list": Expect(ORGANISERS),
    "events:room-create": Expect(ORGANISERS),
    "events:room-detail": Expect(ORGANISERS),
    "events:room-update": Expect(ORGANISERS),
    "events:room-delete": Expect(ORGANISERS),
    "events:interpreter-list": Expect(ORGANISERS),
    "events:interpreter-create": Expect(ORGANISERS),
    "events:interpreter-update": Expect(ORGANISERS),
    "events:interpreter-delete": Expect(ORGANISERS),
    "events:interpreter-link-renew": Expect(ORGANISERS, method="post"),
    "events:table-create": Expect(ORGANISERS),
    "events:table-update": Expect(ORGANISERS),
    "events:table-delete": Expect(ORGANISERS),
    "events:grid": Expect(ORGANISERS),
    "events:grid-generate": Expect(ORGANISERS),
    "events:session-create": Expect(ORGANISERS),
    "events:session-update": Expect(ORGANISERS),
    "events:session-delete": Expect(ORGANISERS),
    "events:slot-create": Expect(ORGANISERS),
    "events:slot-update": Expect(ORGANISERS),
    "events:slot-delete": Expect(ORGANISERS),
    "events:protocol": Expect(ORGANISERS),
    "events:privacy": Expect(ORGANISERS),
    # The team (staff, check-in agents): organisers only, so that staff cannot widen it.
    "events:team": Expect(ORGANISERS),
    "events:team-remove": Expect(ORGANISERS, method="post"),
    "events:team-invitation-withdraw": Expect(ORGANISERS, method="post"),
    "participants:participant-list": Expect(TEAM),
    "participants:participant-add": Expect(TEAM),
    "participants:participant-detail": Expect(TEAM),
    "participants:participant-validate": Expect(TEAM, method="post"),
    "participants:participant-withdraw": Expect(TEAM, method="post"),
    "participants:participant-withdraw-participation": Expect(TEAM),
    "participants:participant-undo-withdrawal": Expect(TEAM, method="post"),
    "participants:participant-bulk-validate": Expect(TEAM, method="post"),
    "participants:invite": Expect(TEAM),
    "participants:invite-bulk": Expect(TEAM),
    "participants:participant-resend-invitation": Expect(TEAM, method="post"),
    "participants:join-request-list": Expect(TEAM),
    "participants:join-request-accept": Expect(TEAM, method="post"),
    "participants:join-request-decline": Expect(TEAM, method="post"),
    "participants:participant-password-link": Expect(TEAM, method="post"),
    "participants:category-list": Expect(TAXONOMY),
    "participants:category-create": Expect(TAXONOMY),
    "participants:category-update": Expect(SHARED_TAXONOMY),
    "participants:category-delete": Expect(SHARED_TAXONOMY),
    "meetings:request-list": Expect(TEAM),
    "scheduling:run-list": Expect(ORGANISERS),
    "scheduling:run-detail": Expect(ORGANISERS),
    "scheduling:publish": Expect(ORGANISERS),
    "scheduling:grid": Expect(ORGANISERS),
    "scheduling:protocol-review": Expect(ORGANISERS),
    "scheduling:protocol-propose": Expect(ORGANISERS, method="post"),
    "scheduling:protocol-confirm": Expect(ORGANISERS, method="post"),
    "scheduling:meeting-place": Expect(ORGANISERS),
    "scheduling:meeting-swap": Expect(ORGANISERS, method="post"),
    "scheduling:meeting-lock": Expect(ORGANISERS, method="post"),
    # Venue documents: printed by organisers and their staff.
    "scheduling:documents": Expect(TEAM),
    "scheduling:agendas-pdf": Expect(TEAM),
    "scheduling:participant-agenda-pdf": Expect(TEAM),
    "scheduling:table-signs-pdf": Expect(TEAM),
    "scheduling:room-sheets-pdf": Expect(TEAM),
    "scheduling:interpreter-agenda": Expect(TEAM),
    "scheduling:interpreter-agenda-pdf": Expect(TEAM),
    "scheduling:badges-pdf": Expect(TEAM),
    # The live page of the day (no-shows, free places, walk-ins): organisers and staff.
    "scheduling:live": Expect(TEAM),
    "scheduling:live-book": Expect(TEAM, method="post"),
    "scheduling:live-walk-in": Expect(TEAM, method="post"),
    "scheduling:live-no-show": Expect(TEAM, method="post"),
    "scheduling:live-no-show-undo": Expect(TEAM, method="post"),
    "checkin:badge-sheet": Expect(TEAM),
    "checkin:participant-badge": Expect(TEAM),
    "checkin:desk": Expect(DESK),
    "checkin:desk-search": Expect(DESK),
    "checkin:presence": Expect(DESK),
    # Erasure requests of the edition's people: organisers confirm or decline them (or
    # superusers).
    "privacy:erasure-list": Expect(ORGANISERS),
    "privacy:erasure-confirm": Expect(ORGANISERS, method="post"),
    "privacy:erasure-decline": Expect(ORGANISERS),
    # Exports of the edition's data: organisers and staff, as the participants pages.
    "exchange:exports": Expect(TEAM),
    # Imports from a file: who manages the participants (the steps after the upload send back
    # to it without a file).
    "exchange:import-participants": Expect(TEAM),
    "exchange:import-participants-columns": Expect(TEAM),
    "exchange:import-participants-preview": Expect(TEAM),
    "exchange:import-participants-invite": Expect(TEAM, method="post"),
    "exchange:import-meetings": Expect(TEAM),
    "exchange:import-meetings-columns": Expect(TEAM),
    "exchange:import-meetings-preview": Expect(TEAM),
    # Zones and visit sessions: organisers and their staff.
    "visits:zone-list": Expect(TEAM),
    "visits:settings": Expect(TEAM),
    "visits:zone-create": Expect(TEAM),
    "visits:zone-detail": Expect(TEAM),
    "visits:zone-update": Expect(TEAM),
    "visits:zone-delete": Expect(TEAM),
    "visits:visit-update": Expect(TEAM),
    "visits:visit-cancel": Expect(TEAM),
    "visits:visit-people": Expect(TEAM),
    # Zone hosts see the sessions they guide (the fixture's visit has no guide), the team all.
    "visits:host": Expect(TEAM | {"zone_host"}),
    "visits:host-visit": Expect(TEAM),
    "visits:host-visit-pdf": Expect(TEAM),
    "visits-portal:visits": Expect(PARTICIPANT),
    "visits-portal:wishes": Expect(PARTICIPANT),
    "visits-portal:book": Expect(PARTICIPANT, method="post"),
    "visits-portal:booking-cancel": Expect(PARTICIPANT, method="post"),
    # The series' memory (directory of organisations, history, copies): the organiser's members.
    "series:organisation-list": Expect(ORGANISERS),
    "series:organisation-detail": Expect(ORGANISERS),
    "series:organisation-update": Expect(ORGANISERS),
    "series:organisation-merge": Expect(ORGANISERS),
    "series:edition-copy": Expect(ORGANISERS),
    # Earlier editions' people: the series' organisers, not the edition's staff.
    "series:invite-past": Expect(ORGANISERS),
    "series:company-link": Expect(TEAM, method="post"),
    "series:history": Expect(ORGANISERS),
    "series:past-create": Expect(ORGANISERS),
    "series:past-import": Expect(ORGANISERS),
    "series:past-update": Expect(ORGANISERS),
    # An edition's reports: organisers and staff; a series' (across editions): its organisers.
    "reports:edition": Expect(TEAM),
    "reports:edition-chart": Expect(TEAM),
    "reports:edition-table": Expect(TEAM),
    "reports:funders-pdf": Expect(TEAM),
    "reports:series": Expect(ORGANISERS),
    "reports:series-chart": Expect(ORGANISERS),
    "reports:series-table": Expect(ORGANISERS),
    # Webhooks hold a secret shared with other tools: the organisers' own decision.
    "webhooks:endpoint-list": Expect(ORGANISERS),
    "webhooks:endpoint-detail": Expect(ORGANISERS),
    "webhooks:endpoint-rotate": Expect(ORGANISERS, method="post"),
    "webhooks:endpoint-delete": Expect(ORGANISERS),
    "webhooks:delivery-send-again": Expect(ORGANISERS, method="post"),
}


def _walk(resolvers: list[Any], namespace: str, kwargs: tuple[str, ...]) -> dict[str, tuple]:
    found: dict[str, tuple[str, ...]] = {}
    for entry in resolvers:
        names = kwargs + tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace or ""
            found |= _walk(entry.url_patterns, inner.strip(":"), names)
        elif isinstance(entry, URLPattern) and entry.name and namespace in NAMESPACES:
            found[f"{namespace}:{entry.name}"] = names
    return found


def organiser_pages() -> dict[str, tuple[str, ...]]:
    """Every named page of the organiser namespaces, with its URL keyword names."""
    return _walk(get_resolver().url_patterns, "", ())


# A URLconf that fails to import must fail this module's tests, not abort the whole run at
# collection: the error is kept and reported by the first test below.
try:
    PAGES, URLCONF_ERROR = organiser_pages(), ""
except Exception as error:
    PAGES, URLCONF_ERROR = {}, f"{type(error).__name__}: {error}"


@pytest.fixture(scope="module")
def objects(django_db_setup, django_db_blocker) -> Iterator[dict[str, Any]]:
    """Built once for the module's hundreds of tests; each test's writes are undone."""
    yield from built_once(django_db_blocker, make_matrix_objects)


def make_matrix_objects() -> dict[str, Any]:
    edition = factories.make_edition()
    participant = factories.make_participant(
        edition, user=factories.make_user(email="buyer@example.com")
    )
    return make_objects(edition, participant)


def make_objects(edition, participant) -> dict[str, Any]:
    """One object of each kind a page may name, all in `edition`."""
    room = factories.make_room(edition)
    session = Session.objects.create(edition=edition, name="Morning", date=edition.start_date)
    start = dt.datetime(2031, 6, 12, 7, 0, tzinfo=dt.UTC)
    zone = make_zone(edition)
    visit = make_visit(zone)
    endpoint = Endpoint.objects.create(edition=edition, url="https://93.184.216.34/", secret="s")
    # A declined invitation whose unused account was deleted: every page that lists people
    # must bear a row without an account.
    declined = factories.make_participant(
        edition,
        status=ParticipantStatus.DECLINED,
        invited_first_name="Ada",
        invited_email="ada@example.com",
    )
    Participant.objects.filter(pk=declined.pk).update(user=None)
    category = Category.objects.create(
        code=f"permission-matrix-{edition.pk}",
        kind=CategoryKind.PROCESS,
        label_en="Test",
        label_fr="Essai",
    )
    return {
        "edition": edition,
        "room": room,
        "table": factories.make_table(room),
        "session": session,
        "slot": TimeSlot.objects.create(
            edition=edition, session=session, start=start, end=start + dt.timedelta(minutes=30)
        ),
        "category": category,
        "participant": participant,
        "company": participant.company,
        "join_request": JoinRequest.objects.create(
            edition=edition,
            company=participant.company,
            user=factories.make_user(),
            role=ParticipantRole.BUYER,
            languages=["fr"],
            status=JoinRequestStatus.PENDING,
        ),
        "run": ScheduleRun.objects.create(edition=edition, number=1),
        "membership": factories.give_role(factories.make_user(), edition, EditionRole.STAFF),
        "invitation": TeamInvitation.objects.create(
            edition=edition, user=factories.make_user(), email="x@example.com", role="staff"
        ),
        "meeting": Meeting.objects.create(
            edition=edition, first=participant, second=factories.make_participant(edition)
        ),
        "erasure": ErasureRequest.objects.create(user=participant.user, edition=edition),
        "zone": zone,
        "visit": visit,
        # The portal's URLs name a visit to book and a booking to cancel.
        "book": visit,
        "booking": Booking.objects.create(
            session=visit, participant=participant, status=BookingStatus.CONFIRMED
        ),
        "interpreter": factories.make_interpreter(edition),
        "organiser": edition.series.organiser,
        "series": edition.series,
        "past": PastEdition.objects.create(series=edition.series, year=2008),
        "organisation": Organisation.objects.create(
            organiser=edition.series.organiser, name="Matrix"
        ),
        "endpoint": endpoint,
        "delivery": Delivery.objects.create(endpoint=endpoint, event_type="x", body="{}"),
        # The reports' URLs also name a section of a report and a file format.
        "section": SimpleNamespace(pk="countries"),
        "series_section": SimpleNamespace(pk="key-figures"),
        "format": SimpleNamespace(pk="csv"),
    }


def url_for(name: str, kwarg_names: tuple[str, ...], objects: dict[str, Any]) -> str:
    """Fills each keyword from the fixture objects; `pk` is the object the name starts with."""
    kwargs = {}
    for kwarg in kwarg_names:
        key = name.split(":")[1].split("-", maxsplit=1)[0] if kwarg == "pk" else kwarg
        assert key in objects, f"{name}: no fixture object for the URL keyword {kwarg!r}"
        value = objects[key]
        kwargs[kwarg] = value.slug if key == "edition" else value.pk
    return reverse(name, kwargs=kwargs)


def user_for(role: str, edition, participant):
    if role == "anonymous":
        return None
    if role == "participant":
        return participant.user
    if role == "superuser":
        return factories.make_user(is_superuser=True, is_staff=True)
    user = factories.make_user()
    if role == "organiser":
        edition.series.organiser.members.add(user)
    else:
        factories.give_role(user, edition, role)
    return user


def outcome(response) -> str:
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code == 302 and response.url.startswith(resolve_url(settings.LOGIN_URL)):
        return LOGIN
    if response.status_code in {200, 302, 303}:
        return ALLOWED
    return f"status {response.status_code}"


def test_every_organiser_page_has_an_expectation():
    missing = sorted(set(PAGES) - set(EXPECTED))

    assert (URLCONF_ERROR, missing) == ("", [])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(set(PAGES) & set(EXPECTED)))
def test_organiser_page_answers_each_role_as_expected(name, role, objects, db):
    expectation = EXPECTED[name]
    url = url_for(name, PAGES[name], objects)
    client = Client()
    user = user_for(role, objects["edition"], objects["participant"])
    if user is not None:
        client.force_login(user)

    response = getattr(client, expectation.method)(url)

    assert outcome(response) == expectation.outcomes[role]
