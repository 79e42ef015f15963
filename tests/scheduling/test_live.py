"""Live repair: no-shows marked after the edition's delay or by hand, freed places booked again
with the grid's rules, and the people concerned told in their language.

The day is replayed by passing `now` to the services: slots are 09:00, 09:30, 10:00 and 10:30
(Paris) on 12 June 2031, tables T1 to T3 in the Tent."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from paddock.checkin.models import CheckIn
from paddock.core.models import AuditEntry
from paddock.events.enums import EditionStatus
from paddock.events.models import SanitaryProtocol
from paddock.events.services import delete_slot
from paddock.meetings.enums import Absence, MeetingStatus, RequestStatus
from paddock.meetings.feed_services import agenda_feed_for
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.meetings.services import MeetingError
from paddock.scheduling import live
from paddock.scheduling.documents import room_sheets
from paddock.scheduling.models import PublishedSchedule
from paddock.scheduling.queries import unpublished_count
from paddock.scheduling.services import ScheduleConflictError, ScheduleError, publish_schedule
from paddock.scheduling.services import live as services
from paddock.scheduling.services.publishing import changed_meetings, current_snapshot
from tests import factories
from tests.scheduling.helpers import NINE_PARIS, make_meeting, place, state
from tests.scheduling.helpers import person as make_person

pytestmark = pytest.mark.integration


def at(hour: int, minute: int) -> dt.datetime:
    """A time of the day, Paris (UTC+2 in June)."""
    return NINE_PARIS + dt.timedelta(hours=hour - 9, minutes=minute)


def arrive(person, when, room=None):
    return CheckIn.objects.create(
        edition=person.edition, participant=person, room=room, checked_in_at=when
    )


@pytest.fixture
def told(db, django_capture_on_commit_callbacks, mailoutbox):
    """Runs a service and sends the mails it queued for after the commit; returns the mails."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


@pytest.fixture
def day(edition, venue, people):
    """Anna meets Bert at 09:30 at T1, Carl meets Dora at 10:00 at T2; Anna and Carl wait
    for a meeting to place. Everyone but Bert came in before 9."""
    for person, language in ((people.anna, "fr"), (people.carl, "en"), (people.bert, "en")):
        person.user.preferred_language = language
        person.user.save()
    for person in (people.anna, people.carl, people.dora):
        arrive(person, at(8, 45))
    return SimpleNamespace(
        edition=edition,
        venue=venue,
        people=people,
        anna_bert=place(make_meeting(people.anna, people.bert), venue.slots[1], venue.tables[0]),
        carl_dora=place(make_meeting(people.carl, people.dora), venue.slots[2], venue.tables[1]),
        anna_carl=make_meeting(people.anna, people.carl, weight=3),
    )


def test_no_show_is_marked_after_the_delay_only_where_someone_is_missing(day):
    assert services.mark_no_shows(day.edition, now=at(9, 39)) == []

    marked = services.mark_no_shows(day.edition, now=at(10, 15))

    anna_bert = Meeting.objects.get(pk=day.anna_bert.pk)
    entry = AuditEntry.objects.get(action="schedule.no_show")
    assert (marked, anna_bert.status, anna_bert.absent, anna_bert.sequence) == (
        [day.anna_bert],
        MeetingStatus.NO_SHOW,
        Absence.SECOND,
        1,
    )
    assert Meeting.objects.get(pk=day.carl_dora.pk).status == MeetingStatus.SCHEDULED
    assert (entry.actor, entry.data["automatic"], entry.data["absent"]) == (None, True, "second")


def test_a_check_in_after_the_delay_does_not_undo_the_absence(day):
    arrive(day.people.bert, at(9, 50))

    marked = services.mark_no_shows(day.edition, now=at(9, 55))

    assert marked == [day.anna_bert]


def test_nothing_is_marked_without_a_delay_or_on_a_day_without_check_in(day):
    day.edition.no_show_after_minutes = None
    assert services.mark_no_shows(day.edition, now=at(9, 50)) == []
    day.edition.no_show_after_minutes = 10
    CheckIn.objects.all().delete()
    assert services.mark_no_shows(day.edition, now=at(9, 50)) == []
    assert Meeting.objects.filter(status=MeetingStatus.NO_SHOW).count() == 0


def test_the_command_marks_the_editions_on_the_day(day, capsys):
    call_command("mark_no_shows", "--edition", day.edition.slug)

    # 12 June 2031 is not today: the command's clock finds no meeting of the day.
    assert "0 meetings marked as no-shows." in capsys.readouterr().out
    assert services.mark_all_no_shows(now=at(9, 45)) == [day.anna_bert]


def test_by_hand_tells_the_present_side_then_undo_tells_both(told, mailoutbox, organiser_user, day):
    meeting = told(services.mark_no_show, day.anna_bert, by=organiser_user, now=at(9, 35))

    assert (meeting.status, meeting.absent) == (MeetingStatus.NO_SHOW, Absence.SECOND)
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["anna@example.com"], "Votre rendez-vous avec Bert Test de 09:30 est annulé")
    ]
    assert "Absence de Bert Test (Bert SAS) à votre rendez-vous" in mailoutbox[0].body

    undone = told(services.undo_no_show, meeting, by=organiser_user, now=at(9, 36))

    assert (undone.status, undone.absent, undone.presence_confirmed, undone.sequence) == (
        MeetingStatus.SCHEDULED,
        "",
        True,
        2,
    )
    assert sorted(m.to[0] for m in mailoutbox[1:]) == ["anna@example.com", "bert@example.com"]
    # Confirmed by an organiser: the rule leaves it alone from now on.
    assert services.mark_no_shows(day.edition, now=at(9, 45)) == []
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "actor"))
    assert actions == [
        ("schedule.no_show", organiser_user.pk),
        ("schedule.no_show_undo", organiser_user.pk),
    ]


def test_undo_is_refused_once_the_no_show_s_slot_was_deleted(told, organiser_user, day):
    meeting = told(services.mark_no_show, day.anna_bert, by=organiser_user, now=at(9, 35))
    delete_slot(meeting.slot, by=organiser_user)  # a no-show lets its place go
    meeting.refresh_from_db()

    with pytest.raises(ScheduleError, match="slot or table was deleted") as refused:
        services.undo_no_show(meeting, by=organiser_user, now=at(9, 36))

    meeting.refresh_from_db()
    assert (refused.value.code, meeting.status, meeting.slot_id) == (
        "place_gone",
        MeetingStatus.NO_SHOW,
        None,
    )


def test_by_hand_is_refused_before_the_start_and_when_both_came_unless_named(organiser_user, day):
    with pytest.raises(ScheduleError, match="not started yet"):
        services.mark_no_show(day.carl_dora, by=organiser_user, now=at(9, 50))
    with pytest.raises(ScheduleError, match="say who did not come"):
        services.mark_no_show(day.carl_dora, by=organiser_user, now=at(10, 5))

    meeting = services.mark_no_show(
        day.carl_dora, by=organiser_user, absent=Absence.FIRST, now=at(10, 5)
    )

    assert meeting.absent == Absence.FIRST


def test_by_hand_the_next_day_blames_who_missed_the_meeting_s_day(organiser_user, day):
    # Bert missed his 09:30 meeting with Anna; he is first in the next morning, Anna not yet.
    # The grid's meeting page marks it afterwards with "whoever has not checked in".
    next_morning = at(8, 50) + dt.timedelta(days=1)
    arrive(day.people.bert, next_morning - dt.timedelta(minutes=5))

    meeting = services.mark_no_show(day.anna_bert, by=organiser_user, now=next_morning)

    assert (meeting.status, meeting.absent) == (MeetingStatus.NO_SHOW, Absence.SECOND)


def test_freed_place_is_offered_and_booked_and_both_are_told(told, mailoutbox, organiser_user, day):
    services.mark_no_shows(day.edition, now=at(9, 41))
    mailoutbox.clear()

    page = live.live_day(day.edition, now=at(9, 41))
    in_progress = page.open_slots[0]
    offers = [(o.meeting, o.table) for o in in_progress.offers]
    assert (in_progress.slot, in_progress.started, offers) == (
        day.venue.slots[1],
        True,
        [(day.anna_carl, day.venue.tables[0])],
    )

    booked = told(
        services.book_meeting,
        day.anna_carl,
        by=organiser_user,
        slot=day.venue.slots[1],
        table=day.venue.tables[0],
        now=at(9, 41),
    )

    assert (booked.status, booked.slot, booked.table) == (
        MeetingStatus.SCHEDULED,
        day.venue.slots[1],
        day.venue.tables[0],
    )
    mails = {m.to[0]: m for m in mailoutbox}
    assert (mails["anna@example.com"].subject, mails["carl@example.com"].subject) == (
        "Rendez-vous avec Carl Test à 09:30",
        "Meeting with Anna Test at 09:30",
    )
    body = mails["carl@example.com"].body
    assert all(word in body for word in ("09:30–10:00", "Tent, table T1", "Anna Test (Anna SAS)"))


def test_a_late_pair_booked_into_the_slot_in_progress_is_not_marked_again(organiser_user, day):
    # Bert arrives at 09:42, after the delay of his 09:30 meeting: marked, then booked again
    # in its slot, which runs until 10:00; Eve, in at 09:42 too, asks Dora for a walk-in now.
    eve = make_person(day.edition, "Eve")
    arrive(day.people.bert, at(9, 42))
    arrive(eve, at(9, 42))
    services.mark_no_shows(day.edition, now=at(9, 43))
    again = services.book_meeting(
        Meeting.objects.get(pk=day.anna_bert.pk), by=organiser_user, slot=day.venue.slots[1],
        now=at(9, 44),
    )  # fmt: skip
    walk_in = services.book_walk_in(
        day.edition, by=organiser_user, first=eve, second=day.people.dora,
        slot=day.venue.slots[1], now=at(9, 44),
    )  # fmt: skip

    marked = services.mark_no_shows(day.edition, now=at(9, 45))

    assert marked == []
    statuses = Meeting.objects.filter(pk__in=[again.pk, walk_in.pk]).values_list(
        "status", flat=True
    )
    assert list(statuses) == [MeetingStatus.SCHEDULED] * 2


def test_a_booking_into_a_conflict_is_refused_with_its_reason_and_changes_nothing(
    organiser_user, day
):
    before = state(day.edition)

    with pytest.raises(ScheduleConflictError) as refused:
        services.book_meeting(
            day.anna_carl, by=organiser_user, slot=day.venue.slots[1], table=day.venue.tables[2],
            now=at(9, 20),
        )  # fmt: skip

    assert refused.value.conflicts == ["Anna Test already has a meeting at that time."]
    with pytest.raises(ScheduleConflictError, match="Table T2 is already taken"):
        services.book_meeting(
            day.anna_carl, by=organiser_user, slot=day.venue.slots[2], table=day.venue.tables[1],
            now=at(9, 45),
        )  # fmt: skip
    with pytest.raises(ScheduleError, match="Only the slots of today that are not over"):
        services.book_meeting(
            day.anna_carl, by=organiser_user, slot=day.venue.slots[0], now=at(9, 45)
        )
    assert state(day.edition) == before


def test_walk_in_between_present_people_is_an_accepted_request_placed_at_a_free_table(
    told, mailoutbox, organiser_user, day
):
    meeting = told(
        services.book_walk_in,
        day.edition,
        by=organiser_user,
        first=day.people.dora,
        second=day.people.anna,
        slot=day.venue.slots[3],
        now=at(9, 45),
    )

    request = MeetingRequest.objects.get(meeting=meeting)
    assert (request.status, request.walk_in, request.suggested_by) == (
        RequestStatus.ACCEPTED,
        True,
        organiser_user,
    )
    assert (meeting.status, meeting.slot, meeting.table) == (
        MeetingStatus.SCHEDULED,
        day.venue.slots[3],
        day.venue.tables[0],
    )
    assert sorted(m.to[0] for m in mailoutbox) == ["anna@example.com", "dora@example.com"]


def test_walk_in_is_refused_for_someone_absent_or_a_room_at_its_cap(organiser_user, day):
    before = (state(day.edition), MeetingRequest.objects.count())
    with pytest.raises(ScheduleError, match="Bert Test has not checked in today"):
        services.book_walk_in(
            day.edition, by=organiser_user, first=day.people.dora, second=day.people.bert,
            slot=day.venue.slots[2], now=at(9, 45),
        )  # fmt: skip
    # Two persons per room: one meeting at a time, and Anna meets Bert at 09:30.
    SanitaryProtocol.objects.filter(edition=day.edition).update(max_persons_per_room=2)
    with pytest.raises(ScheduleConflictError) as refused:
        services.book_walk_in(
            day.edition, by=organiser_user, first=day.people.anna, second=day.people.dora,
            slot=day.venue.slots[1], now=at(9, 20),
        )  # fmt: skip

    assert refused.value.conflicts == ["Anna Test already has a meeting at that time."]
    with pytest.raises(ScheduleConflictError, match="Tent already holds its maximum of 1"):
        services.book_walk_in(
            day.edition, by=organiser_user, first=day.people.anna, second=day.people.dora,
            slot=day.venue.slots[1], table=day.venue.tables[2], now=at(9, 20),
        )  # fmt: skip
    with pytest.raises(
        MeetingError, match="Anna Test and Carl Test already have a meeting together"
    ):
        services.book_walk_in(
            day.edition, by=organiser_user, first=day.people.anna, second=day.people.carl,
            slot=day.venue.slots[3], now=at(9, 45),
        )  # fmt: skip
    assert (state(day.edition), MeetingRequest.objects.count()) == before


def test_walk_in_when_the_free_tables_are_over_the_rooms_cap_says_so(organiser_user, day):
    # Two persons per room: one meeting at a time, and Carl meets Dora at 10:00.
    SanitaryProtocol.objects.filter(edition=day.edition).update(max_persons_per_room=2)
    ella, fred = factories.make_participant(day.edition), factories.make_participant(day.edition)
    arrive(ella, at(8, 50))
    arrive(fred, at(8, 50))

    with pytest.raises(ScheduleConflictError) as refused:
        services.book_walk_in(
            day.edition, by=organiser_user, first=ella, second=fred, slot=day.venue.slots[2],
            now=at(9, 20),
        )  # fmt: skip

    assert refused.value.conflicts == ["Tent already holds its maximum of 1 meetings at that time."]
    assert MeetingRequest.objects.filter(walk_in=True).count() == 0


def test_changes_told_on_the_day_are_not_counted_as_unpublished(told, organiser_user, day):
    publish_schedule(day.edition, by=organiser_user)

    told(services.mark_no_show, day.anna_bert, by=organiser_user, now=at(9, 35))
    told(
        services.book_meeting, day.anna_carl, by=organiser_user, slot=day.venue.slots[3],
        now=at(9, 35),
    )  # fmt: skip

    latest = PublishedSchedule.objects.get(edition=day.edition)
    assert (
        changed_meetings(latest.assignments, current_snapshot(day.edition)),
        unpublished_count(day.edition),
    ) == (set(), 0)


def test_a_no_show_pair_both_here_at_last_is_offered_again(organiser_user, day):
    services.mark_no_shows(day.edition, now=at(9, 41))
    arrive(day.people.bert, at(9, 50))

    page = live.live_day(day.edition, now=at(9, 50))

    later = page.open_slots[1]
    assert day.anna_bert in [offer.meeting for offer in later.offers]
    booked = services.book_meeting(day.anna_bert, by=organiser_user, slot=later.slot, now=at(9, 50))
    assert (booked.status, booked.absent, booked.slot) == (MeetingStatus.SCHEDULED, "", later.slot)


def test_a_no_show_reads_as_off_in_calendars_agendas_the_grid_and_room_sheets(
    client, organiser_user, day
):
    day.edition.status = EditionStatus.SCHEDULED
    day.edition.save()
    services.mark_no_shows(day.edition, now=at(9, 41))
    anna = day.people.anna
    client.force_login(anna.user)

    feed = client.get(
        reverse("meetings-portal:agenda-feed", args=[day.edition.slug, agenda_feed_for(anna).token])
    )
    agenda = client.get(reverse("meetings-portal:agenda", args=[day.edition.slug]))

    events = {
        int(str(e["UID"]).split("@")[0].split("-")[1]): (str(e["STATUS"]), int(e["SEQUENCE"]))
        for e in Calendar.from_ical(feed.content).walk("VEVENT")
    }
    assert events == {day.anna_bert.pk: ("CANCELLED", 1)}
    entry = agenda.content.decode().split(f'id="meeting-{day.anna_bert.pk}"')[1]
    assert "this meeting did not take place" in entry.split("</article>")[0]
    sheet = next(s for s in room_sheets(day.edition) if s["slot"] == day.venue.slots[1])
    assert [meeting for _table, meeting in sheet["rows"]] == [None, None, None]
    client.force_login(organiser_user)
    grid = client.get(reverse("scheduling:grid", args=[day.edition.slug])).content.decode()
    assert f'<td id="meeting-{day.anna_bert.pk}" class="free freed">' in grid


def test_a_walk_in_needing_an_interpreter_waits_for_one(organiser_user, day):
    # Carl (English) meets Dora (German) at 10:00 with the edition's only interpreter.
    yuki = factories.make_interpreter(day.edition, name="Yuki", languages=["en", "de", "fr", "ja"])
    day.carl_dora.interpreter = yuki
    day.carl_dora.save()
    ella = factories.make_participant(day.edition, languages=["ja"])
    arrive(ella, at(8, 50))

    with pytest.raises(ScheduleConflictError) as refused:
        services.book_walk_in(
            day.edition, by=organiser_user, first=day.people.anna, second=ella,
            slot=day.venue.slots[2], now=at(9, 45),
        )  # fmt: skip
    booked = services.book_walk_in(
        day.edition, by=organiser_user, first=day.people.anna, second=ella,
        slot=day.venue.slots[3], now=at(9, 45),
    )  # fmt: skip

    assert refused.value.conflicts == [
        "No interpreter who speaks a language of each side is free at that time."
    ]
    assert (booked.slot, booked.interpreter) == (day.venue.slots[3], yuki)
