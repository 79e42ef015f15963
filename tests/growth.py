"""A small convention that grows: the query-count tests count a page's queries, add more of
everything the page could read row by row, and count again (issue 16)."""

import dataclasses
import datetime as dt
from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext

from paddock.accounts.models import User
from paddock.checkin.services import check_in, issue_badges
from paddock.events.enums import EditionRole, EditionStatus
from paddock.events.models import Edition, Session, Table, TimeSlot
from paddock.matchmaking.services import recompute_recommendations
from paddock.meetings import services as meetings
from paddock.meetings.enums import MeetingStatus
from paddock.participants.enums import ParticipantRole
from paddock.participants.models import Category, Need, Offer, Participant
from tests import factories


@dataclasses.dataclass
class Convention:
    """A scheduled edition seen by `buyer` (who needs `category`), its organiser and agent."""

    edition: Edition
    category: Category
    buyer: Participant
    organiser: User
    agent: User
    session: Session
    room_tables: list[Table]


def small_convention() -> Convention:
    edition = factories.make_edition(status=EditionStatus.SCHEDULED)
    edition.max_requests_per_participant = 200
    edition.save()
    category = factories.make_category()
    company = factories.make_company(edition, name="Buyer Co")
    Need.objects.create(company=company, category=category, text="Parts")
    buyer = factories.make_participant(edition, company=company, role=ParticipantRole.BUYER)
    organiser = factories.make_user()
    edition.series.organiser.members.add(organiser)
    agent = factories.make_user()
    factories.give_role(agent, edition, EditionRole.CHECKIN)
    session = Session.objects.create(edition=edition, name="Morning", date=edition.start_date)
    convention = Convention(edition, category, buyer, organiser, agent, session, [])
    grow(convention, 1)
    return convention


def grow(convention: Convention, times: int) -> None:
    """Adds `times` of each: a supplier offering the buyer's need (with a room, a table, a slot
    and a meeting with the buyer placed there, checked in at the entrance), a request
    received by the buyer and one sent by the buyer; then recomputes the recommendations."""
    for _ in range(times):
        _add_one_of_each(convention)
    recompute_recommendations(convention.edition)


def _add_one_of_each(convention: Convention) -> None:
    edition, buyer = convention.edition, convention.buyer
    supplier = supplier_of(convention)
    meeting = meetings.accept_request(
        meetings.request_meeting(buyer, recipient=supplier, by=buyer.user), by=supplier.user
    )
    start = dt.datetime(2031, 6, 12, 7, tzinfo=dt.UTC) + dt.timedelta(
        minutes=30 * TimeSlot.objects.filter(edition=edition).count()
    )
    meeting.slot = TimeSlot.objects.create(
        edition=edition,
        session=convention.session,
        start=start,
        end=start + dt.timedelta(minutes=30),
    )
    meeting.table = factories.make_table(factories.make_room(edition))
    meeting.status = MeetingStatus.SCHEDULED
    meeting.save(update_fields=["slot", "table", "status"])
    issue_badges(edition, by=None, participants=[supplier])
    check_in(edition, by=convention.agent, participant=supplier)
    asker = supplier_of(convention)
    meetings.request_meeting(asker, recipient=buyer, by=asker.user)
    meetings.request_meeting(buyer, recipient=supplier_of(convention), by=buyer.user)


def supplier_of(convention: Convention) -> Participant:
    """A validated supplier of a new company that offers the buyer's need."""
    supplier = factories.make_participant(convention.edition)
    Offer.objects.create(company=supplier.company, category=convention.category, text="Parts")
    return supplier


def count_queries(client, method: str, url: str, data: dict | None = None) -> tuple[int, int]:
    """(number of queries, status code) of one request."""
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    return len(queries), response.status_code


def before_and_after_growth(
    convention: Convention, count: Callable[[], tuple[int, int]]
) -> tuple[tuple[int, int], tuple[int, int]]:
    """`count()` on the small convention, then after it grew twice as much again."""
    small = count()
    grow(convention, 2)
    return small, count()


def page_before_and_after_growth(
    client, convention: Convention, user: User, url: str
) -> tuple[tuple[int, int], tuple[int, int]]:
    """The queries and status of `user` reading the page at `url`, before and after."""
    client.force_login(user)
    return before_and_after_growth(convention, lambda: count_queries(client, "get", url))
