"""The protocol review page: the organiser lowers the cap, sees the conflicts, proposes a
re-optimisation, sees the meetings it moves and confirms; the health pass rule lists who came
in without one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from paddock.checkin.services import check_in
from paddock.events.models import SanitaryProtocol
from paddock.meetings.models import Meeting
from paddock.scheduling import services
from paddock.scheduling.enums import RunStatus
from paddock.scheduling.models import ScheduleRun
from tests import factories
from tests.edit_forms import post_as_opened
from tests.scheduling.helpers import make_meeting, make_slots, person, place, state

pytestmark = pytest.mark.integration

# The same for one conflict and three: the page reads in a fixed number of queries.
EXPECTED_REVIEW_QUERIES = 17


def _url(name, edition):
    return reverse(f"scheduling:{name}", args=[edition.slug])


@pytest.fixture
def organiser_client(client, organiser_user):
    client.force_login(organiser_user)
    return client


@pytest.fixture
def published(edition, venue, people, organiser_user, django_capture_on_commit_callbacks):
    """Anna and Bert at T1, Carl and Dora at T2, both at 09:00, published; Anna and Bert are away
    the rest of the morning."""
    first = place(make_meeting(people.anna, people.bert), venue.slots[0], venue.tables[0])
    second = place(make_meeting(people.carl, people.dora), venue.slots[0], venue.tables[1])
    for slot in venue.slots[1:]:
        people.anna.unavailable_slots.add(slot)
        people.bert.unavailable_slots.add(slot)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_schedule(edition, by=organiser_user)
    return first, second


def _lower_cap(client, edition, persons):
    return post_as_opened(
        client,
        reverse("events:protocol", args=[edition.slug]),
        {"max_persons_per_room": str(persons), "visits_allowed": "on"},
    )


def test_protocol_review_lists_the_slot_over_the_lowered_cap(
    organiser_client, edition, venue, published
):
    redirect = _lower_cap(organiser_client, edition, 2)

    response = organiser_client.get(redirect.url)

    rooms = response.context["conflicts"].rooms
    assert redirect.url == _url("protocol-review", edition)
    assert [(c.slot, c.room, c.cap, c.meetings) for c in rooms] == [
        (venue.slots[0], venue.room, 1, list(published))
    ]
    assert (response.context["proposal"], response.context["moves"]) == (None, [])


def test_protocol_review_propose_then_confirm_moves_only_the_listed_meeting(
    organiser_client, edition, published, mailoutbox, django_capture_on_commit_callbacks
):
    _lower_cap(organiser_client, edition, 2)
    organiser_client.post(_url("protocol-propose", edition))
    page = organiser_client.get(_url("protocol-review", edition))
    listed = [move.meeting.pk for move in page.context["moves"]]
    before = state(edition)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            _url("protocol-confirm", edition), {"moves": page.context["moves_key"]}, follow=True
        )

    after = state(edition)
    assert listed == [published[1].pk]
    assert sorted(pk for pk in after if after[pk] != before[pk]) == listed
    assert [str(m) for m in response.context["messages"]] == [
        "Confirmed: 1 meeting changed; only the people concerned were told."
    ]
    assert sorted(m.to[0] for m in mailoutbox) == ["carl@example.com", "dora@example.com"]
    assert (response.context["conflicts"].rooms, response.context["proposal"].status) == (
        [],
        RunStatus.SUCCEEDED,
    )


def test_protocol_review_confirm_after_the_schedule_changed_says_so_and_changes_nothing(
    organiser_client, edition, published, people, mailoutbox
):
    _lower_cap(organiser_client, edition, 2)
    organiser_client.post(_url("protocol-propose", edition))
    page = organiser_client.get(_url("protocol-review", edition))
    make_meeting(people.bert, people.carl)
    before = state(edition)
    mailoutbox.clear()

    response = organiser_client.post(
        _url("protocol-confirm", edition), {"moves": page.context["moves_key"]}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "The schedule or the protocol changed since this proposal; propose again."
    ]
    assert (state(edition), mailoutbox) == (before, [])


def test_protocol_review_propose_without_conflict_says_so(organiser_client, edition, published):
    response = organiser_client.post(_url("protocol-propose", edition), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "No room holds more meetings than the protocol allows: nothing to re-optimise."
    ]
    assert ScheduleRun.objects.count() == 0


def test_protocol_review_health_pass_lists_who_came_in_without_one(
    organiser_client, edition, people, checkin_user
):
    check_in(edition, by=checkin_user, participant=people.carl)
    check_in(edition, by=checkin_user, participant=people.anna)
    SanitaryProtocol.objects.filter(edition=edition).update(health_pass_required=True)
    check_in(edition, by=checkin_user, participant=people.anna, health_pass_checked=True)

    response = organiser_client.get(_url("protocol-review", edition))

    conflicts = response.context["conflicts"]
    assert (conflicts.health_pass, conflicts.without_pass) == (True, [people.carl])
    assert Meeting.objects.count() == 0


def _crowded_rooms(edition, slots, count, by):
    """`count` rooms of two tables, each with two meetings at once in the first slot,
    published; then a cap of two persons per room and a proposal: `count` conflicts and as
    many moves."""
    for n in range(count):
        room = factories.make_room(edition, name=f"Room {n}", capacity=10, position=n)
        tables = [factories.make_table(room, label=f"{n}{t}", position=t) for t in (1, 2)]
        for table in tables:
            first, second = (person(edition, f"P{n}{table.label}{side}") for side in "ab")
            place(make_meeting(first, second), slots[0], table)
    services.publish_schedule(edition, by=by)
    SanitaryProtocol.objects.filter(edition=edition).update(max_persons_per_room=2)
    services.propose_reoptimisation(edition, by=by, time_limit_s=10, workers=1)


@pytest.mark.parametrize("count", [1, 3])
def test_protocol_review_queries_do_not_grow_with_the_conflicts(
    organiser_client, edition, organiser_user, count
):
    slots = make_slots(edition, 2)
    _crowded_rooms(edition, slots, count, organiser_user)
    url = _url("protocol-review", edition)
    organiser_client.get(url)  # sessions, caches

    with CaptureQueriesContext(connection) as queries:
        response = organiser_client.get(url)

    shown = (len(response.context["conflicts"].rooms), len(response.context["moves"]))
    assert (shown, len(queries)) == ((count, count), EXPECTED_REVIEW_QUERIES)


def test_run_page_of_a_proposal_says_it_waits_for_confirmation(
    organiser_client, edition, published, organiser_user
):
    _lower_cap(organiser_client, edition, 2)
    run = services.propose_reoptimisation(edition, by=organiser_user, time_limit_s=10, workers=1)

    response = organiser_client.get(reverse("scheduling:run-detail", args=[edition.slug, run.pk]))

    assert (response.status_code, response.context["status_words"]) == (
        200,
        "A proposal after a change of the protocol: no meeting changes until you confirm it on "
        "the protocol review.",
    )
