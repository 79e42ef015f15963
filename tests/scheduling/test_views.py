"""Organiser pages of scheduling: start a run, its results, the grid, moves, publication."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from paddock.meetings.models import Meeting
from paddock.scheduling import services
from paddock.scheduling.enums import RunStatus
from paddock.scheduling.models import ScheduleRun
from paddock.scheduling.views.runs import _published_message
from tests import factories
from tests.scheduling.helpers import make_meeting, person, place

pytestmark = pytest.mark.integration


def _url(edition, name, *args):
    return reverse(f"scheduling:{name}", args=[edition.slug, *args])


def test_starting_a_run_shows_its_results(orga, edition, meetings):
    response = orga.post(_url(edition, "run-list"), {"time_limit_s": 5}, follow=True)

    run = ScheduleRun.objects.get()
    page = response.content.decode()
    assert (response.redirect_chain, run.status) == (
        [(_url(edition, "run-detail", run.pk), 302)],
        RunStatus.SUCCEEDED,
    )
    assert ("4 meetings placed, 0 left out." in page, "Every meeting was placed." in page) == (
        True,
        True,
    )


def test_run_results_explain_a_meeting_left_out(orga, edition, venue, people, meetings):
    for slot in venue.slots:
        people.dora.unavailable_slots.add(slot)
    orga.post(_url(edition, "run-list"), {"time_limit_s": 5})
    run = ScheduleRun.objects.get()

    response = orga.get(_url(edition, "run-detail", run.pk))

    assert [(m.pk, reason) for m, reason in response.context["results"].unplaced] == [
        (meetings[2].pk, "Dora Test is unavailable in every slot.")
    ]


def test_run_list_and_run_page_show_the_run_number_of_the_edition(orga, edition):
    ScheduleRun.objects.create(edition=factories.make_edition(), number=1)
    run = ScheduleRun.objects.create(edition=edition, number=1, status=RunStatus.FAILED)

    listed = orga.get(_url(edition, "run-list")).content.decode()
    page = orga.get(_url(edition, "run-detail", run.pk)).content.decode()

    assert (
        re.findall(r'<td class="run-number">(.*?)</td>', listed),
        re.findall(r"<h1>(.*?)</h1>", page),
    ) == (["1"], ["Run 1"])


def test_run_list_shows_when_a_run_was_asked_in_the_edition_time_zone(orga, edition):
    run = ScheduleRun.objects.create(edition=edition, number=1, status=RunStatus.FAILED)
    asked = dt.datetime(2026, 6, 10, 8, 5, tzinfo=dt.UTC)  # 10:05 in Paris (summer time)
    ScheduleRun.objects.filter(pk=run.pk).update(created_at=asked)

    listed = orga.get(_url(edition, "run-list")).content.decode()

    assert re.findall(r'<td class="run-asked">(.*?)</td>', listed) == ["10/06/2026 10:05"]


def test_running_run_polls_and_finished_run_refreshes(orga, edition):
    running = ScheduleRun.objects.create(
        edition=edition, number=1, status=RunStatus.RUNNING, started_at=timezone.now()
    )
    done = ScheduleRun.objects.create(
        edition=edition, number=2, status=RunStatus.FAILED, error="boom"
    )

    polling = orga.get(_url(edition, "run-detail", running.pk), headers={"HX-Request": "true"})
    finished = orga.get(_url(edition, "run-detail", done.pk), headers={"HX-Request": "true"})

    assert (polling.templates[0].name, 'hx-trigger="every 2s"' in polling.content.decode()) == (
        "scheduling/orga/_run_status.html",
        True,
    )
    assert (finished.status_code, finished["HX-Refresh"]) == (204, "true")


def test_run_page_shows_a_run_whose_heartbeat_stopped_as_interrupted(orga, edition):
    now = timezone.now()
    run = ScheduleRun.objects.create(
        edition=edition,
        number=1,
        status=RunStatus.RUNNING,
        started_at=now - dt.timedelta(seconds=90),
        heartbeat_at=now - dt.timedelta(seconds=90),
    )

    polling = orga.get(_url(edition, "run-detail", run.pk), headers={"HX-Request": "true"})
    page = orga.get(_url(edition, "run-detail", run.pk)).content.decode()

    assert (polling.status_code, polling["HX-Refresh"]) == (204, "true")
    assert re.findall(r'<span class="badge (\w+)">(\w+)</span>', page) == [
        ("interrupted", "Interrupted")
    ]


def test_stale_run_is_listed_as_interrupted(orga, edition):
    run = ScheduleRun.objects.create(edition=edition, number=1, status=RunStatus.QUEUED)
    ScheduleRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))

    orga.get(_url(edition, "run-list"))

    run.refresh_from_db()
    assert (run.status, run.applied) == (RunStatus.INTERRUPTED, False)


def test_hand_move_into_a_conflict_shows_why(orga, edition, venue, meetings):
    place(meetings[0], venue.slots[0], venue.tables[0])

    response = orga.post(
        _url(edition, "meeting-place", meetings[1].pk),
        {"slot": venue.slots[0].pk, "table": venue.tables[0].pk},
    )

    assert response.context["form"].errors == {
        "slot": [
            "Anna Test already has a meeting at that time. Table T1 is already taken at that time."
        ]
    }


def test_hand_move_to_a_free_place_goes_back_to_the_grid(orga, edition, venue, meetings):
    response = orga.post(
        _url(edition, "meeting-place", meetings[1].pk),
        {"slot": venue.slots[1].pk, "table": venue.tables[2].pk},
    )

    moved = Meeting.objects.get(pk=meetings[1].pk)
    assert (response.url, moved.slot, moved.table) == (
        _url(edition, "grid") + f"?day=2031-06-12&room={venue.room.pk}#meeting-{moved.pk}",
        venue.slots[1],
        venue.tables[2],
    )


def test_grid_highlights_the_chosen_participant(orga, edition, venue, people, meetings):
    place(meetings[0], venue.slots[0], venue.tables[0])
    place(meetings[3], venue.slots[1], venue.tables[1])

    response = orga.get(_url(edition, "grid"), {"participant": people.anna.pk})

    page = response.content.decode()
    assert (page.count('class="taken mine"'), page.count('class="taken"')) == (1, 1)


def test_grid_with_a_participant_that_is_no_number_shows_nobody_chosen(
    orga, edition, venue, meetings
):
    answers = [orga.get(_url(edition, "grid"), {"participant": raw}) for raw in ("²", "9" * 30)]

    assert [(a.status_code, a.context["focus"]) for a in answers] == [(200, None), (200, None)]


def test_meeting_of_another_edition_is_not_found(orga, edition, venue):
    other = factories.make_edition()
    meeting = make_meeting(person(other, "Xavier"), person(other, "Yves"))

    response = orga.get(_url(edition, "meeting-place", meeting.pk))

    assert response.status_code == 404


def _add_rooms(edition, numbers):
    """A room of two tables per number, with a placed and an unplaced meeting each."""
    for n in numbers:
        room = factories.make_room(edition, name=f"Hall {n}")
        tables = [factories.make_table(room, label=f"H{n}-{k}") for k in range(2)]
        slot_list = list(edition.slots.order_by("start"))
        first, second = person(edition, f"F{n}"), person(edition, f"S{n}")
        place(make_meeting(first, second), slot_list[n], tables[0])
        make_meeting(first, person(edition, f"U{n}"))


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_grid_queries_do_not_grow_with_rooms(orga, edition, venue, people, meetings):
    place(meetings[0], venue.slots[0], venue.tables[0])
    one = _queries(orga, _url(edition, "grid"))  # the tent alone
    _add_rooms(edition, [1, 2])

    three = _queries(orga, _url(edition, "grid"))

    assert three == one


def _add_runs(edition, count):
    first = ScheduleRun.objects.filter(edition=edition).count() + 1
    for number in range(first, first + count):
        ScheduleRun.objects.create(
            edition=edition, number=number, status=RunStatus.FAILED, error="no schedule"
        )


def test_run_list_queries_do_not_grow_with_runs(orga, edition):
    _add_runs(edition, 1)
    one = _queries(orga, _url(edition, "run-list"))
    _add_runs(edition, 2)

    three = _queries(orga, _url(edition, "run-list"))

    assert three == one


def test_failed_run_shows_the_solver_notes_with_names(orga, edition, venue, people, meetings):
    place(meetings[0], venue.slots[0], venue.tables[0], locked=True)
    people.anna.unavailable_slots.add(venue.slots[0])
    orga.post(_url(edition, "run-list"), {"time_limit_s": 5})
    run = ScheduleRun.objects.get()

    results = orga.get(_url(edition, "run-detail", run.pk)).context["results"]

    assert (run.status, results.notes, results.unplaced[1][1]) == (
        RunStatus.FAILED,
        [
            "Anna Test (Anna SAS) – Bert Test (Bert SAS) is fixed to 12/06 09:00, "
            "when Anna Test is unavailable."
        ],
        "No schedule was found; see the solver notes.",
    )


def test_pages_count_the_changes_not_yet_published(orga, edition, organiser_user, venue, meetings):
    place(meetings[0], venue.slots[0], venue.tables[0])
    services.publish_schedule(edition, by=organiser_user)
    place(meetings[3], venue.slots[1], venue.tables[1])

    response = orga.get(_url(edition, "grid"))

    assert response.context["unpublished"] == 1


def test_run_form_offers_to_keep_the_published_schedule_once_there_is_one(
    orga, edition, organiser_user, venue, meetings
):
    before = orga.get(_url(edition, "run-list")).context["form"]["reoptimise"].value()
    place(meetings[0], venue.slots[0], venue.tables[0])
    services.publish_schedule(edition, by=organiser_user)

    after = orga.get(_url(edition, "run-list")).context["form"]["reoptimise"].value()

    assert (before, after) == (False, True)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Thu 12 Jun 2031, 09:00", "Thu 12 Jun 2031, 09:30"]),
        ("fr", ["jeu. 12 juin 2031, 09:00", "jeu. 12 juin 2031, 09:30"]),
    ],
)
def test_meeting_place_slot_choices_name_the_day_unambiguously(
    orga, edition, meetings, language, expected
):
    response = orga.get(
        _url(edition, "meeting-place", meetings[0].pk), HTTP_ACCEPT_LANGUAGE=language
    )

    labels = [label for value, label in response.context["form"].fields["slot"].choices if value]
    assert labels[:2] == expected


def _texts(html):
    return [" ".join(t.split()) for t in re.findall(r"<p[^>]*>(.*?)</p>", html, re.S)]


@pytest.mark.parametrize(
    "words",
    [
        ("1 meeting placed, 0 left out.", "1 meeting placed, 0 to be placed."),
        ("2 meetings placed, 0 left out.", "2 meetings placed, 0 to be placed."),
    ],
)
def test_run_page_counts_meetings_in_plain_words(orga, edition, venue, people, words):
    make_meeting(people.anna, people.bert, weight=3)
    if words[0].startswith("2"):
        make_meeting(people.carl, people.dora, weight=1)
    orga.post(_url(edition, "run-list"), {"time_limit_s": 5})
    run = ScheduleRun.objects.get()

    page = orga.get(_url(edition, "run-detail", run.pk)).content.decode()
    listed = orga.get(_url(edition, "run-list")).content.decode()

    assert [t for t in _texts(page) if "placed" in t] == [words[0]]
    assert ([t for t in _texts(listed) if "placed" in t], "Input hash" in page) == (
        [words[1]],
        False,
    )
    assert [t for t in _texts(page) if "weight" in t] == [
        "The weight of a meeting is its requester’s priority (must 3, should 2, could 1), "
        "plus 1 when the interest is mutual: the solver places as much weight as it can."
    ]


def _header_rows(html):
    head = re.search(r"<thead>(.*?)</thead>", html, re.S)[1]
    return [
        [(" ".join(re.sub(r"<[^>]+>", "", cell).split()), span or "1") for span, cell in row]
        for row in (
            re.findall(r'<t[hd](?:[^>]*colspan="(\d+)")?[^>]*>(.*?)</t[hd]>', tr, re.S)
            for tr in re.findall(r"<tr>(.*?)</tr>", head, re.S)
        )
    ]


def test_grid_heads_its_time_columns_with_the_day_shown(orga, edition, venue, meetings):
    session = venue.slots[0].session
    next_day = venue.slots[0].start + dt.timedelta(days=1)
    edition.slots.create(session=session, start=next_day, end=next_day + dt.timedelta(minutes=30))

    thursday = orga.get(_url(edition, "grid"))
    friday = orga.get(_url(edition, "grid"), {"day": "2031-06-13"})

    assert [_header_rows(page.content.decode()) for page in (thursday, friday)] == [
        [
            [("", "1"), ("Thursday 12 June", "4")],
            [("Table", "1"), ("09:00", "1"), ("09:30", "1"), ("10:00", "1"), ("10:30", "1")],
        ],
        [[("", "1"), ("Friday 13 June", "1")], [("Table", "1"), ("09:00", "1")]],
    ]


def test_grid_cuts_a_company_name_and_keeps_it_whole_in_its_title(
    orga, edition, venue, people, meetings
):
    long_name = "Compagnie Générale des Établissements de Mécanique de Précision du Sud-Ouest"
    people.anna.company.__class__.objects.filter(pk=people.anna.company_id).update(name=long_name)
    place(meetings[0], venue.slots[0], venue.tables[0])

    response = orga.get(_url(edition, "grid"))

    cell = re.search(r'<td id="meeting-\d+"[^>]*>(.*?)</td>', response.content.decode(), re.S)[1]
    assert re.findall(r'<span class="company" title="([^"]*)">', cell) == [long_name, "Bert SAS"]


def _chart_labels(html):
    """The slot labels under the bars of the run page's first chart."""
    chart = re.search(r"<svg.*?</svg>", html, re.S)[0]
    return re.findall(r'<text [^>]*transform="rotate[^>]*>([^<]*)</text>', chart)


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", ["Thu 09:00", "09:30", "10:00", "10:30", "Fri 09:00"]),
        ("fr", ["jeu. 09:00", "09:30", "10:00", "10:30", "ven. 09:00"]),
    ],
)
def test_run_chart_names_the_day_where_it_changes(orga, venue, meetings, language, labels):
    edition = venue.room.edition
    session = venue.slots[0].session
    next_day = venue.slots[0].start + dt.timedelta(days=1)
    edition.slots.create(session=session, start=next_day, end=next_day + dt.timedelta(minutes=30))
    orga.post(_url(edition, "run-list"), {"time_limit_s": 5})
    run = ScheduleRun.objects.get()

    page = orga.get(_url(edition, "run-detail", run.pk), headers={"Accept-Language": language})

    assert _chart_labels(page.content.decode()) == labels


def test_grid_names_the_interpreter_of_a_meeting(orga, edition, venue, meetings):
    yuki = factories.make_interpreter(edition, name="Yuki Tanaka", languages=["fr", "de"])
    place(meetings[2], venue.slots[0], venue.tables[0], interpreter=yuki)

    page = orga.get(_url(edition, "grid")).content.decode()

    assert re.findall(r'<span class="interpreter">(.*?)</span>', page) == [
        "Interpreter: Yuki Tanaka"
    ]


@pytest.fixture
def two_days_two_rooms(edition, venue, people, meetings):
    """Besides the tent's first day: a slot on the next day and a hall of one table; a meeting
    in each of the three places."""
    session = venue.slots[0].session
    next_day = venue.slots[0].start + dt.timedelta(days=1)
    friday = edition.slots.create(
        session=session, start=next_day, end=next_day + dt.timedelta(minutes=30)
    )
    hall = factories.make_room(edition, name="Workshop", capacity=10)
    hall_table = factories.make_table(hall, label="H1")
    place(meetings[0], venue.slots[0], venue.tables[0])
    place(meetings[1], friday, venue.tables[1])
    place(meetings[3], venue.slots[1], hall_table)
    return SimpleNamespace(friday=friday, hall=hall, hall_table=hall_table)


def _cells(response):
    return [int(pk) for pk in re.findall(r'<td id="meeting-(\d+)"', response.content.decode())]


def _selected(response, name):
    page = response.content.decode()
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select[1])


def test_grid_shows_the_first_day_and_room_by_default(orga, edition, venue, two_days_two_rooms):
    response = orga.get(_url(edition, "grid"))

    assert (_cells(response), _selected(response, "day"), _selected(response, "room")) == (
        [Meeting.objects.get(slot=venue.slots[0]).pk],
        ["2031-06-12"],
        [str(venue.room.pk)],
    )


def test_grid_shows_only_the_chosen_day_and_room(orga, edition, meetings, two_days_two_rooms):
    hall = two_days_two_rooms.hall.pk

    thursday_hall = orga.get(_url(edition, "grid"), {"day": "2031-06-12", "room": hall})
    friday_tent = orga.get(_url(edition, "grid"), {"day": "2031-06-13"})

    assert (_cells(thursday_hall), _cells(friday_tent)) == ([meetings[3].pk], [meetings[1].pk])


def test_grid_selectors_offer_every_day_and_room(orga, edition, venue, two_days_two_rooms):
    page = orga.get(_url(edition, "grid")).content.decode()

    options = {
        name: re.findall(
            r'<option value="([^"]*)"[^>]*>([^<]*)</option>',
            re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)[1],
        )
        for name in ("day", "room")
    }
    assert options == {
        "day": [("2031-06-12", "Thursday 12 June"), ("2031-06-13", "Friday 13 June")],
        "room": [(str(venue.room.pk), "Tent"), (str(two_days_two_rooms.hall.pk), "Workshop")],
    }


def test_grid_with_an_unknown_day_or_room_names_the_field_and_shows_the_first(
    orga, edition, venue, two_days_two_rooms
):
    response = orga.get(_url(edition, "grid"), {"day": "2031-13-45", "room": "99999"})

    assert (response.status_code, response.context["choice_form"].errors, _cells(response)) == (
        200,
        {
            "day": ["Select a valid choice. 2031-13-45 is not one of the available choices."],
            "room": ["Select a valid choice. 99999 is not one of the available choices."],
        },
        [Meeting.objects.get(slot=venue.slots[0]).pk],
    )


@pytest.mark.usefixtures("two_days_two_rooms")
def test_grid_lists_the_chosen_participants_meetings_with_their_places(
    orga, edition, venue, people, meetings
):
    response = orga.get(_url(edition, "grid"), {"participant": people.anna.pk})

    links = re.findall(
        r'<li><a href="[^"]*\?day=([^&]*)&amp;room=(\d+)[^"]*#meeting-(\d+)"',
        re.search(r'<ul id="focus-meetings">(.*?)</ul>', response.content.decode(), re.S)[1],
    )
    assert links == [
        ("2031-06-12", str(venue.room.pk), str(meetings[0].pk)),
        ("2031-06-13", str(venue.room.pk), str(meetings[1].pk)),
    ]


def test_grid_of_an_edition_without_slots_or_rooms_shows_no_error(orga, edition):
    response = orga.get(_url(edition, "grid"))

    assert (response.status_code, response.context["choice_form"].errors) == (200, {})


def test_publishing_says_how_many_were_told_and_when_nobody_was(orga, edition, venue, meetings):
    place(meetings[0], venue.slots[0], venue.tables[0])

    first = orga.post(_url(edition, "publish"), follow=True)
    again = orga.post(_url(edition, "publish"), follow=True)

    assert [[str(m) for m in page.context["messages"]] for page in (first, again)] == [
        [
            "Schedule published; the emails telling 2 participants are queued: the Emails "
            "page shows which left."
        ],
        ["Schedule published; nobody's meetings changed, so no email was queued."],
    ]


def test_publishing_that_tells_one_participant_says_one_email():
    assert _published_message(1) == (
        "Schedule published; the email telling 1 participant is queued: the Emails page "
        "shows when it left."
    )
