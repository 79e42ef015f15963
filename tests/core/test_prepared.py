"""Queries compiled once and run with new values (issue 16): the same rows as the ORM's."""

import datetime as dt
import importlib
from pathlib import Path

import pytest
from django.db import models, transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone

import paddock
from paddock.accounts.models import User
from paddock.accounts.sessions import SessionStore
from paddock.checkin.services import check_in
from paddock.core.prepared import Param, Prepared
from paddock.events.enums import EditionRole
from paddock.events.models import EditionMembership, Room, SanitaryProtocol, Session, TimeSlot
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.feed_services import agenda_feed_for
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.participants.enums import JoinRequestStatus
from paddock.participants.models import JoinRequest, Need, Offer, Organisation, Participant
from paddock.visits.enums import BookingStatus
from paddock.visits.models import Booking
from paddock.webhooks.models import Endpoint
from tests import factories
from tests.compilations import compiled_models, orm_result, snapshot
from tests.growth import grow
from tests.visits.factories import TWO_PM, make_visit, make_zone

pytestmark = pytest.mark.integration

PARTICIPANT = Prepared(
    lambda: Participant.objects.select_related("company", "edition__series").filter(
        user=Param("user", models.BigIntegerField()),
        created_at__lte=Param("at", models.DateTimeField()),
    )
)
ROLES = Prepared(
    lambda: (
        EditionMembership.objects.filter(edition=Param("edition", models.BigIntegerField()))
        .order_by("role")
        .values_list("role", "user__email")
    )
)

USERS_NAMED = Prepared(
    lambda: (
        User.objects.filter(last_name=Param("name", models.CharField()))
        .order_by("email")
        .values_list("email")
    )
)


def _fields(obj):
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_prepared_first_is_the_querysets_row_with_its_related_objects(
    participant, django_assert_num_queries
):
    with django_assert_num_queries(1):
        found = PARTICIPANT.first(user=participant.user_id, at=timezone.now())
        related = (found.company.name, found.edition.series.name)

    assert (_fields(found), related, found._state.adding, found._state.db) == (
        _fields(Participant.objects.get(pk=participant.pk)),
        (participant.company.name, participant.edition.series.name),
        False,
        "default",
    )


def test_prepared_first_is_none_without_a_row(participant):
    before = participant.created_at - timezone.timedelta(seconds=1)

    assert PARTICIPANT.first(user=participant.user_id, at=before) is None


def test_prepared_rows_are_the_values_list_rows(edition):
    staff, agent = (
        factories.make_user(email="s@example.com"),
        factories.make_user(email="a@example.com"),
    )
    factories.give_role(staff, edition, EditionRole.STAFF)
    factories.give_role(agent, edition, EditionRole.CHECKIN)

    assert ROLES.rows(edition=edition.pk) == [
        ("checkin", "a@example.com"),
        ("staff", "s@example.com"),
    ]


def test_prepared_page_is_the_slice_of_the_rows_compiled_once(db):
    for number in range(5):
        factories.make_user(email=f"{number}@example.com", last_name="Paged")
    factories.make_user(email="other@example.com", last_name="Other")
    USERS_NAMED.page(0, 2, name="Paged")

    with compiled_models() as models_compiled:
        pages = [USERS_NAMED.page(offset, 2, name="Paged") for offset in (0, 2, 4, 6)]

    numbers = [[email.split("@")[0] for (email,) in page] for page in pages]
    assert (numbers, models_compiled) == ([["0", "1"], ["2", "3"], ["4"], []], [])


def test_prepared_page_refuses_a_query_with_a_slice_of_its_own(db):
    sliced = Prepared(lambda: USERS_NAMED.build()[:3])

    with pytest.raises(ValueError, match="without locks or slice"):
        sliced.page(0, 2, name="Paged")


def test_prepared_query_is_compiled_once(participant):
    PARTICIPANT.first(user=participant.user_id, at=timezone.now())

    with compiled_models() as models_compiled:
        PARTICIPANT.first(user=participant.user_id, at=timezone.now())
        PARTICIPANT.first(user=participant.user_id + 1, at=timezone.now())

    assert models_compiled == []


def test_prepared_all_is_every_row_with_its_related_objects(edition):
    first, second = factories.make_participant(edition), factories.make_participant(edition)
    every = Prepared(
        lambda: (
            Participant.objects.select_related("company")
            .filter(edition=Param("edition", models.BigIntegerField()))
            .order_by("-pk")
        )
    )

    found = every.all(edition=edition.pk)

    assert [(_fields(p), p.company.name, p._state.adding) for p in found] == [
        (_fields(p), p.company.name, False) for p in (second, first)
    ]
    assert every.first(edition=edition.pk) == second


LOCKED = Prepared(
    lambda: (
        Participant.objects.select_for_update()
        .filter(pk=Param("pk", models.BigIntegerField()))
        .order_by("pk")
    )  # not by the person's name: an outer join, which PostgreSQL cannot lock
)


@pytest.mark.django_db(transaction=True)
def test_prepared_lock_outside_a_transaction_fails_loudly(edition):
    person = factories.make_participant(edition)
    with transaction.atomic():
        LOCKED.first(pk=person.pk)  # compiled inside a transaction, as Django requires

    with pytest.raises(TransactionManagementError) as raised:
        LOCKED.first(pk=person.pk)

    assert str(raised.value) == (
        "A query compiled with select_for_update() runs inside transaction.atomic(): "
        "outside it, it would lock nothing."
    )


@pytest.mark.django_db(transaction=True)
def test_prepared_lock_inside_a_transaction_reads_the_row(edition):
    person = factories.make_participant(edition)

    with transaction.atomic():
        found = LOCKED.first(pk=person.pk)

    assert found == person


# Every query of src/ compiled once, run both ways on a small convention (tests/growth.py) ----

SOURCES = Path(paddock.__file__).parent


def _compiled_queries():
    """label → Prepared, for every module of src/paddock that compiles queries: its globals
    and the values of its dicts (a query per variant)."""
    found = {}
    for path in sorted(SOURCES.rglob("*.py")):
        if path.name == "prepared.py" or "Prepared(" not in path.read_text():
            continue
        name = ".".join(("paddock", *path.relative_to(SOURCES).with_suffix("").parts))
        for attr, value in vars(importlib.import_module(name)).items():
            variants = value.items() if isinstance(value, dict) else [(None, value)]
            for key, query in variants:
                if isinstance(query, Prepared):
                    found[f"{name[len('paddock.') :]}.{attr}{_suffix(key)}"] = query
    return found


def _suffix(key):
    if key is None:
        return ""
    parts = key if isinstance(key, tuple) else (key,)
    return "[" + ",".join(p.__name__ if isinstance(p, type) else str(p) for p in parts) + "]"


@pytest.fixture
def scene(convention):
    """The convention grown once more, with what its compiled queries read beyond it: a
    session, a check-in at a room, a cap in the protocol, visits booked and cancelled, a meeting
    held in another edition by the buyer and someone recommended to them, and the buyer's offer
    that one needs."""
    grow(convention, 1)
    c = convention
    edition, buyer = c.edition, c.buyer
    met = Meeting.objects.filter(first=buyer).select_related("second").first().second
    Offer.objects.create(company=buyer.company, category=c.category, text="Tyres")
    Need.objects.create(company=met.company, category=c.category, text="Tyres")
    room = Room.objects.filter(edition=edition).order_by("pk").first()
    check_in(edition, by=c.agent, participant=met, room=room)
    Endpoint.objects.create(
        edition=edition, url="https://hooks.example.com/", events=["meeting.moved"], secret="s"
    )
    SanitaryProtocol.objects.filter(edition=edition).update(max_persons_per_room=40)
    zone = make_zone(edition)
    for status, start in ((BookingStatus.CONFIRMED, TWO_PM), (BookingStatus.CANCELLED, None)):
        session = make_visit(zone, start=start or TWO_PM + dt.timedelta(hours=2))
        Booking.objects.create(session=session, participant=buyer, status=status)
    before = factories.make_edition(start_date=edition.start_date - dt.timedelta(days=365))
    slot = TimeSlot.objects.create(
        edition=before,
        session=Session.objects.create(edition=before, name="Old", date=before.start_date),
        start=TWO_PM - dt.timedelta(days=365),
        end=TWO_PM - dt.timedelta(days=365, minutes=-30),
    )
    Meeting.objects.create(
        edition=before,
        first=factories.make_participant(before, user=buyer.user),
        second=factories.make_participant(before, user=met.user),
        status=MeetingStatus.SCHEDULED,
        slot=slot,
        table=factories.make_table(factories.make_room(before)),
    )
    placed = Meeting.objects.filter(edition=edition, status=MeetingStatus.SCHEDULED)
    placed = placed.select_related("table").order_by("pk").first()
    Meeting.objects.create(  # left to place
        edition=edition,
        first=factories.make_participant(edition),
        second=factories.make_participant(edition),
    )
    store = SessionStore()
    store["seen"] = True
    store.create()
    received_request = MeetingRequest.objects.filter(recipient=buyer).first()
    pending = received_request.requester
    feed = agenda_feed_for(buyer)
    JoinRequest.objects.create(
        edition=edition,
        company=buyer.company,
        user=factories.make_user(),
        role=buyer.role,
        status=JoinRequestStatus.PENDING,
    )
    for name in ("Zeta Works", "Alpha Works"):
        Organisation.objects.create(organiser=edition.series.organiser, name=name)
    return {
        "edition": edition.pk,
        "slug": edition.slug,
        "buyer": buyer,
        "met": met,
        "pending": pending,
        "agent": c.agent.pk,
        "organiser": c.organiser.pk,
        "series_organiser": edition.series.organiser_id,
        "room": room.pk,
        "grid_room": placed.table.room_id,
        "badge": met.badge.code,
        "session": store.session_key,
        "feed": feed.token,
        "received_request": received_request.pk,
    }


def _values(s):
    """label → (method, values) for each compiled query."""
    buyer, met, edition = s["buyer"], s["met"], s["edition"]
    me_and_company = {"me": buyer.pk, "company": buyer.company_id}
    pair = {"one": buyer.pk, "other": met.pk}
    yesterday = timezone.now() - dt.timedelta(days=1)  # the day's check-ins, the scene's among them
    return {
        "accounts.sessions.LIVE_SESSION": ("first", {"key": s["session"], "now": timezone.now()}),
        "accounts.backends.USER_BY_ID": ("first", {"pk": buyer.user_id}),
        "events.middleware.EDITION_BY_SLUG": ("first", {"slug": s["slug"]}),
        "events.rules.MEMBERSHIP_ROLES": ("rows", {"edition": edition, "user": s["agent"]}),
        "events.rules.ORGANISER_MEMBER": (
            "rows",
            {"organiser": s["series_organiser"], "user": s["organiser"]},
        ),
        "events.queries.PROTOCOL": ("first", {"edition": edition}),
        "participants.rules.PARTICIPATION": ("first", {"user": buyer.user_id, "edition": edition}),
        "checkin.presence._PRESENT_IN_ROOM": (
            "rows",
            {"edition": edition, "room": s["room"], "since": yesterday},
        ),
        "checkin.services._PERSON_BY_PK": ("first", {"edition": edition, "pk": met.pk}),
        "checkin.services._PERSON_BY_BADGE": ("first", {"edition": edition, "code": s["badge"]}),
        "checkin.services._LATEST_CHECKIN": ("first", {"participant": met.pk, "since": yesterday}),
        "checkin.queries._PARTICIPANT": ("first", {"edition": edition, "pk": met.pk}),
        "events.queries._ROOMS": ("all", {"edition": edition}),
        "webhooks.dispatch._ACTIVE_ENDPOINTS": ("all", {"edition": edition}),
        "meetings.services.common._PAIR": ("rows", pair),
        "meetings.services.common._LIVE_REQUEST": (
            "first",
            {"one": buyer.pk, "other": s["pending"].pk},
        ),
        "meetings.services.common._LIVE_SENT": ("rows", {"one": buyer.pk}),
        "meetings.services.common._LIVE_MEETING": ("rows", pair),
        "meetings.queries._RECIPIENT": ("first", {"edition": edition, "pk": met.pk}),
        "meetings.queries._REQUEST_ROWS": ("rows", {"me": buyer.pk, "edition": edition}),
        "meetings.queries._REQUEST_ROW": (
            "rows",
            {"me": buyer.pk, "edition": edition, "pk": s["received_request"]},
        ),
        **{
            f"meetings.queries._REASONS[{kind},{french}]": ("rows", me_and_company)
            for kind in ("Offer", "Need")
            for french in (False, True)
        },
        **{
            f"meetings.queries._AGENDA_ROWS[{cancelled}]": (
                "rows",
                {"me": buyer.pk, "edition": edition},
            )
            for cancelled in (False, True)
        },
        "matchmaking.queries._TAXONOMY": ("rows", {}),
        "matchmaking.queries._RECOMMENDED": ("rows", {"participant": buyer.pk}),
        "matchmaking.queries._MET_RECOMMENDED": (
            "rows",
            {"me": buyer.user_id, "participant": buyer.pk, "edition": edition},
        ),
        "accounts.mail._OPT_OUTS": ("rows", {"pk": met.user_id}),
        "participants.queries._EDITION_COUNTRIES": ("rows", {"edition": edition}),
        "participants.queries._LISTED_IDS": ("rows", {"edition": edition}),
        "participants.queries._EDITION_STATUS_COUNTS": ("rows", {"edition": edition}),
        "participants.queries._LIST_PAGE": ("rows", {"edition": edition}),
        "participants.queries._LIST_PAGE_OF_STATUS": (
            "rows",
            {"edition": edition, "status": buyer.status},
        ),
        "participants.queries._PENDING_JOINS": ("rows", {"edition": edition}),
        "participants.organisations._DIRECTORY": ("all", {"organiser": s["series_organiser"]}),
        "events.rules.ANY_ORGANISER": ("rows", {"user": s["organiser"]}),
        "participants.queries._PENDING_JOIN_COUNT": (
            "rows",
            {"edition": edition, "company": buyer.company_id},
        ),
        **{
            f"participants.queries._EDITION_CATEGORY_ROWS[{french}]": (
                "rows",
                {"organiser": s["series_organiser"]},
            )
            for french in (False, True)
        },
        "meetings.queries._FEED_TOKEN": ("rows", {"participant": buyer.pk}),
        "scheduling.queries._SLOTS": ("rows", {"edition": edition}),
        "scheduling.queries._GRID_ROOMS": ("all", {"edition": edition}),
        "scheduling.queries._GRID_TABLES": ("rows", {"room": s["grid_room"]}),
        "meetings.queries._FEED_BY_TOKEN": ("first", {"token": s["feed"], "edition": edition}),
        **{
            f"visits.queries._AGENDA_VISITS[{cancelled}]": ("all", {"participant": buyer.pk})
            for cancelled in (False, True)
        },
    }


def test_prepared_queries_of_the_project_each_have_values_here(scene):
    assert sorted(_values(scene)) == sorted(_compiled_queries())


def test_prepared_queries_of_the_project_answer_as_the_orm(scene):
    queries, values = _compiled_queries(), _values(scene)

    answers = {
        label: snapshot(getattr(query, values[label][0])(**values[label][1]))
        for label, query in queries.items()
    }

    expected = {
        label: snapshot(orm_result(query, values[label][0], **values[label][1]))
        for label, query in queries.items()
    }
    assert answers == expected
    assert sorted(label for label, answer in answers.items() if answer in (None, [])) == []
