"""The live page, with the real clock: no-shows marked when it opens or by hand, an offer booked
in one click, a refusal shown where it happened, walk-ins, and who may use it."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from paddock.checkin.models import CheckIn
from paddock.events.services import delete_slot
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting, MeetingRequest
from tests import factories
from tests.scheduling.helpers import make_meeting, person, place, state
from tests.scheduling.live_day import make_today

pytestmark = pytest.mark.integration


@pytest.fixture
def today(db):
    """Anna meets Bert in the slot in progress (Bert has not come), Carl meets Dora in the next
    one; Anna and Carl wait for a place."""
    day = make_today(
        names=("Anna", "Bert", "Carl", "Dora"),
        present=("Anna", "Carl", "Dora"),
        no_show_after_minutes=10,
    )
    people, slots, tables = day.people, day.slots, day.tables
    day.anna_bert = place(make_meeting(people.anna, people.bert), slots[0], tables[0])
    day.carl_dora = place(make_meeting(people.carl, people.dora), slots[1], tables[1])
    day.anna_carl = make_meeting(people.anna, people.carl, weight=3)
    return day


@pytest.fixture
def orga(client, today):
    user = factories.make_user(email="orga@example.com")
    today.edition.series.organiser.members.add(user)
    client.force_login(user)
    return client


def _url(today, name, *args):
    return reverse(f"scheduling:{name}", args=[today.edition.slug, *args])


def _part(page: str, start: str, end: str) -> str:
    """The HTML between two ids, e.g. one slot's card."""
    begin = page.index(start)
    return page[begin : page.index(end, begin)]


def test_opening_the_page_marks_the_no_show_and_offers_its_place(orga, today):
    response = orga.get(_url(today, "live"))

    page = response.content.decode()
    assert Meeting.objects.get(pk=today.anna_bert.pk).status == MeetingStatus.NO_SHOW
    assert "1 meeting was marked as a no-show." in page
    no_shows = _part(page, 'id="no-shows-heading"', "</section>")
    assert ("Anna Test" in no_shows, "absent: Bert Test" in no_shows) == (True, True)
    first_slot = _part(page, f'id="open-slot-{today.slots[0].pk}"', "</div>")
    assert f'id="offer-{today.slots[0].pk}-{today.anna_carl.pk}"' in first_slot
    assert "Book at T1" in first_slot
    # The next slot: Carl and Dora, both checked in.
    upcoming = _part(page, 'id="next-heading"', "</section>")
    assert upcoming.count('class="live-person in"') == 2


def test_an_offer_is_booked_in_one_click_and_both_are_told(
    orga, today, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        orga.get(_url(today, "live"))
        response = orga.post(
            _url(today, "live-book"),
            {"meeting": today.anna_carl.pk, "slot": today.slots[0].pk, "table": today.tables[0].pk},
        )

    meeting = Meeting.objects.get(pk=today.anna_carl.pk)
    assert (response.status_code, response.url) == (302, _url(today, "live"))
    assert (meeting.status, meeting.slot, meeting.table) == (
        MeetingStatus.SCHEDULED,
        today.slots[0],
        today.tables[0],
    )
    # Anna heard first that Bert did not come, then both heard of the new meeting.
    assert [m.to[0] for m in mailoutbox] == [
        "anna@example.com",
        "anna@example.com",
        "carl@example.com",
    ]
    assert "T1" in mailoutbox[2].body


def test_a_refused_booking_says_why_by_its_slot_and_changes_nothing(orga, today):
    before = state(today.edition)

    response = orga.post(
        _url(today, "live-book"),
        {"meeting": today.anna_carl.pk, "slot": today.slots[1].pk, "table": today.tables[1].pk},
    )

    page = response.content.decode()
    second_slot = _part(page, f'id="open-slot-{today.slots[1].pk}"', "</div>")
    assert response.status_code == 200
    assert "Carl Test already has a meeting at that time." in second_slot
    assert "Table T2 is already taken at that time." in second_slot
    assert state(today.edition) == before


def test_a_walk_in_is_booked_or_refused_with_its_reason(orga, today):
    refused = orga.post(
        _url(today, "live-walk-in"),
        {"first": today.people.dora.pk, "second": today.people.anna.pk, "slot": today.slots[1].pk},
    )
    assert "Dora Test already has a meeting at that time." in _part(
        refused.content.decode(), 'id="walk-in"', "</form>"
    )

    booked = orga.post(
        _url(today, "live-walk-in"),
        {"first": today.people.dora.pk, "second": today.people.anna.pk, "slot": today.slots[2].pk},
    )

    meeting = Meeting.objects.get(request__walk_in=True)
    assert booked.status_code == 302
    assert (meeting.first, meeting.second, meeting.slot) == (
        today.people.dora,
        today.people.anna,
        today.slots[2],
    )


def test_walk_in_choices_are_the_people_present_found_by_name(orga, today):
    page = orga.get(_url(today, "live"), {"q": "dora"}).content.decode()

    form = _part(page, 'id="walk-in"', "</form>")
    assert ("Dora Test" in form, "Anna Test" in form, "Bert Test" in form) == (True, False, False)


def test_no_show_by_hand_from_the_grid_and_undone_from_the_live_page(orga, today):
    place_url = _url(today, "meeting-place", today.anna_bert.pk)

    marked = orga.post(
        _url(today, "live-no-show", today.anna_bert.pk), {"absent": "second", "next": place_url}
    )
    assert (marked.url, Meeting.objects.get(pk=today.anna_bert.pk).status) == (
        place_url,
        MeetingStatus.NO_SHOW,
    )
    assert "Undo: they came" in orga.get(place_url).content.decode()

    orga.post(_url(today, "live-no-show-undo", today.anna_bert.pk))

    meeting = Meeting.objects.get(pk=today.anna_bert.pk)
    assert (meeting.status, meeting.presence_confirmed) == (MeetingStatus.SCHEDULED, True)
    # Opening the page again does not mark it a second time.
    orga.get(_url(today, "live"))
    assert Meeting.objects.get(pk=today.anna_bert.pk).status == MeetingStatus.SCHEDULED


def test_a_no_show_whose_slot_was_deleted_is_not_offered_an_undo_but_a_move(orga, today):
    # A no-show lets its place go; once its slot is deleted, the undo is refused (place_gone):
    # the meeting's page says so and leaves the Move form, instead of a button that fails.
    place_url = _url(today, "meeting-place", today.anna_bert.pk)
    orga.post(_url(today, "live-no-show", today.anna_bert.pk), {"absent": "second"})
    delete_slot(today.slots[0], by=None)

    page = orga.get(place_url).content.decode()

    no_show = _part(page, 'id="no-show-heading"', "</section>")
    assert ("Undo: they came" in no_show, "Move here" in page) == (False, True)
    assert "its slot or table was deleted since: place it again with Move above" in no_show
    # Bert came after all: placed again by hand, the meeting is on.
    orga.post(place_url, {"slot": today.slots[2].pk, "table": today.tables[2].pk})
    meeting = Meeting.objects.get(pk=today.anna_bert.pk)
    assert (meeting.status, meeting.slot_id) == (MeetingStatus.SCHEDULED, today.slots[2].pk)


@pytest.mark.parametrize(("role", "status"), [("staff", 200), ("checkin", 403), ("", 403)])
def test_staff_run_the_day_check_in_agents_and_participants_may_not(today, role, status):
    client = Client()
    if role:
        user = factories.make_user()
        factories.give_role(user, today.edition, role)
    else:
        user = today.people.anna.user
    client.force_login(user)

    assert client.get(_url(today, "live")).status_code == status
    response = client.post(_url(today, "live-no-show", today.anna_bert.pk), {"absent": "second"})
    assert response.status_code == (302 if status == 200 else 403)


def _crowd(today, count: int) -> None:
    """`count` more pairs, present: one placed meeting each in the second slot, one waiting,
    and one earlier no-show."""
    room = factories.make_room(today.edition, name=f"Hall {count}", capacity=200)
    for n in range(count):
        table = factories.make_table(room, label=f"H{n}")
        first, second, third = (person(today.edition, f"P{count}x{n}{k}") for k in "abc")
        for someone in (first, second, third):
            CheckIn.objects.create(
                edition=today.edition, participant=someone, checked_in_at=today.now
            )
        place(make_meeting(first, second), today.slots[1], table)
        make_meeting(first, third)
        place(make_meeting(second, third), today.slots[0], table, status=MeetingStatus.NO_SHOW)


def _queries(client, url) -> int:
    client.get(url)  # marks what is due first
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_page_queries_do_not_grow_with_the_meetings(orga, today):
    _crowd(today, 1)
    one = _queries(orga, _url(today, "live"))
    _crowd(today, 2)

    three = _queries(orga, _url(today, "live"))

    assert (three, MeetingRequest.objects.count()) == (one, 0)


def test_walk_in_search_with_a_nul_byte_reads_it_as_a_space(orga, today):
    page = orga.get(_url(today, "live"), {"q": "do\x00ra"}).content.decode()

    form = _part(page, 'id="walk-in"', "</form>")
    assert ("Dora Test" in form, "Anna Test" in form, "Bert Test" in form) == (True, False, False)
