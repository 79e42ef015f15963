"""A published schedule in the wrong time zone, corrected: the organiser confirms that the
times shown were right and the zone was wrong (UTC instead of Europe/Paris). The live
meetings and the bookings of visits keep their local times with the grid, their calendar
revision raised, and their people are told once each; without the confirmation the change
is refused as before."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from paddock.core.models import AuditEntry
from paddock.core.services import ChangedMeanwhileError
from paddock.events.enums import EditionStatus
from paddock.events.exceptions import EditionError
from paddock.events.models import Edition
from paddock.events.services.editions import update_edition
from paddock.events.services.told_times import told_by_new_zone
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.visits.enums import BookingStatus
from paddock.visits.models import Booking, VisitSession
from paddock.webhooks.models import Delivery, Endpoint
from tests import factories
from tests.edit_forms import page_data, post_as_opened
from tests.events.test_views_editions import _settings_data
from tests.scheduling.helpers import make_meeting, person, place
from tests.visits.factories import make_visit, make_zone

pytestmark = pytest.mark.integration

UTC_NINE = dt.datetime(2031, 6, 12, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def published(organiser_user):
    """An edition set in UTC by mistake, its schedule published: Anna and Bert meet at 09:00,
    Carl and Dora's meeting at 09:30 was cancelled, Emma has a seat on the 14:00 visit."""
    edition = factories.make_edition(timezone="UTC", status=EditionStatus.SCHEDULED)
    edition.series.organiser.members.add(organiser_user)
    session = edition.sessions.create(name="Morning", date=edition.start_date)
    slots = [
        edition.slots.create(session=session, start=start, end=start + dt.timedelta(minutes=30))
        for start in (UTC_NINE, UTC_NINE + dt.timedelta(minutes=30))
    ]
    table = factories.make_table(factories.make_room(edition))
    live = place(make_meeting(person(edition, "Anna"), person(edition, "Bert")), slots[0], table)
    Meeting.objects.filter(pk=live.pk).update(published_slot=slots[0].pk, published_table=table.pk)
    cancelled = place(
        make_meeting(person(edition, "Carl"), person(edition, "Dora")),
        slots[1],
        table,
        status=MeetingStatus.CANCELLED,
    )
    visit = make_visit(make_zone(edition), start=UTC_NINE + dt.timedelta(hours=5))
    Booking.objects.create(
        session=visit, participant=person(edition, "Emma"), status=BookingStatus.CONFIRMED
    )
    return edition, live, cancelled, visit


def _local(edition, moment):
    return moment.astimezone(Edition.objects.get(pk=edition.pk).tzinfo).strftime("%H:%M")


def test_confirmed_new_time_zone_keeps_local_times_and_tells_the_people_concerned(
    published, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    edition, live, cancelled, visit = published
    Endpoint.objects.create(
        edition=edition, url="https://hooks.example.com/", events=["meeting.moved"], secret="s"
    )

    with django_capture_on_commit_callbacks(execute=True):
        update_edition(edition, by=organiser_user, timezone="Europe/Paris", keep_told_times=True)

    live = Meeting.objects.select_related("slot").get(pk=live.pk)
    cancelled.refresh_from_db()
    visit = VisitSession.objects.get(pk=visit.pk)
    moved = json.loads(Delivery.objects.get(event_type="meeting.moved").body)["data"]["meeting"]
    assert (
        _local(edition, live.slot.start),
        live.slot.start,
        _local(edition, visit.start),
        (live.sequence, cancelled.sequence, visit.sequence),
        sorted((message.to[0], message.subject) for message in mailoutbox),
        (moved["id"], moved["start"]),
    ) == (
        "09:00",
        dt.datetime(2031, 6, 12, 7, 0, tzinfo=dt.UTC),
        "14:00",
        (1, 1, 1),
        [
            (
                f"{name}@example.com",
                f"{edition.name}\u00a0: nouveau fuseau horaire, mêmes heures dans votre agenda",
            )
            for name in ("anna", "bert", "emma")
        ],
        (live.pk, "2031-06-12T07:00:00Z"),
    )
    assert AuditEntry.objects.filter(action="edition.timezone").values_list(
        "data", flat=True
    ).get() == {
        "old": "UTC",
        "new": "Europe/Paris",
        "slots": 2,
        "visits": 1,
        "deadline": False,
        "meetings": 1,
        "bookings": 1,
        "told": 3,
    }


def test_confirmed_new_time_zone_mail_says_the_agenda_keeps_its_times(
    published, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    edition, *_ = published
    emma = Booking.objects.get().participant.user
    emma.preferred_language = "en"
    emma.save()

    with django_capture_on_commit_callbacks(execute=True):
        update_edition(edition, by=organiser_user, timezone="Europe/Paris", keep_told_times=True)

    (message,) = [message for message in mailoutbox if message.to == [emma.email]]
    assert (message.subject, message.body) == (
        f"{edition.name}: a new time zone, the same times in your agenda",
        "Hello Emma,\n\n"
        f"The time zone of {edition.name} is now Europe/Paris (it was UTC). Your meetings and "
        "visits keep the times your agenda shows, now in Europe/Paris: 09:00 stays 09:00.\n\n"
        "A calendar that subscribes to your agenda's address updates by itself. If you "
        "imported a calendar file, or wrote the times down elsewhere, take them again from "
        "your agenda.\n\n"
        f"Your agenda: http://127.0.0.1:8000/e/{edition.slug}/agenda/?lang=en\n",
    )


def test_new_time_zone_before_publication_tells_only_the_people_booked_for_visits(
    published, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    # Before a publication agendas show no meeting time: nobody was told one.
    edition, *_ = published
    Edition.objects.filter(pk=edition.pk).update(status=EditionStatus.MATCHMAKING)
    edition.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        update_edition(edition, by=organiser_user, timezone="Europe/Paris", keep_told_times=True)

    assert [message.to[0] for message in mailoutbox] == ["emma@example.com"]


def test_new_time_zone_without_the_confirmation_is_refused_and_tells_nobody(
    published, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    edition, live, *_ = published

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(EditionError) as caught:
        update_edition(edition, by=organiser_user, timezone="Europe/Paris")

    live.refresh_from_db()
    assert (caught.value.code, Edition.objects.get(pk=edition.pk).timezone, live.sequence) == (
        "place_held",
        "UTC",
        0,
    )
    assert mailoutbox == []


def test_settings_page_asks_to_confirm_a_new_time_zone_saying_what_moves(
    client, published, organiser_user
):
    edition, *_ = published
    client.force_login(organiser_user)
    url = reverse("events:edition-update", args=[edition.slug])

    response = post_as_opened(client, url, _settings_data(edition, timezone="Europe/Paris"))

    form = response.context["form"]
    names = list(form.fields)
    assert (
        form.fields["keep_told_times"].label,
        form.errors["keep_told_times"],
        names[names.index("timezone") + 1],
        Edition.objects.get(pk=edition.pk).timezone,
    ) == (
        "Move 1 scheduled meeting and 1 booking of a visit with the new time zone: they keep "
        "the times the agendas show, now in Europe/Paris, and so take place at other "
        "moments. Their participants are told by email.",
        ["Tick this box to confirm the new time zone, or keep the former one."],
        "keep_told_times",
        "UTC",
    )


def test_settings_page_confirmed_saves_the_new_time_zone_and_says_who_is_told(
    client, published, organiser_user
):
    edition, live, *_ = published
    client.force_login(organiser_user)
    url = reverse("events:edition-update", args=[edition.slug])

    shown = post_as_opened(client, url, _settings_data(edition, timezone="Europe/Paris"))

    response = client.post(url, {**page_data(shown.context["form"]), "keep_told_times": "on"})

    live = Meeting.objects.select_related("slot").get(pk=live.pk)
    shown = [str(message) for message in response.wsgi_request._messages]
    assert (response.status_code, _local(edition, live.slot.start), shown) == (
        302,
        "09:00",
        [
            "Edition saved. The meetings and visits keep the times their agendas show, now in "
            "Europe/Paris. Their participants are told by email."
        ],
    )


def test_settings_page_refuses_a_confirmation_of_fewer_meetings_than_now_move(
    client, published, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    # The box said "1 scheduled meeting and 1 booking"; a visit booked before the organiser
    # ticked it must not be moved and mailed on a confirmation that did not count it.
    edition, _live, _cancelled, visit = published
    client.force_login(organiser_user)
    url = reverse("events:edition-update", args=[edition.slug])
    shown = post_as_opened(client, url, _settings_data(edition, timezone="Europe/Paris"))
    Booking.objects.create(
        session=visit, participant=person(edition, "Fred"), status=BookingStatus.CONFIRMED
    )

    counted = shown.context["form"]["told_times_shown"].value()
    assert f'name="told_times_shown" value="{counted}"' in shown.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**page_data(shown.context["form"]), "keep_told_times": "on"})

    form = response.context["form"]
    assert (
        form.errors.get("keep_told_times"),
        form.fields["keep_told_times"].label.split(" with")[0],
        Edition.objects.get(pk=edition.pk).timezone,
        mailoutbox,
    ) == (
        [
            "Since this page counted them, other meetings or bookings would move: check the "
            "count and confirm again."
        ],
        "Move 1 scheduled meeting and 2 bookings of visits",
        "UTC",
        [],
    )

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, {**page_data(form), "keep_told_times": "on"})

    assert (again.status_code, Edition.objects.get(pk=edition.pk).timezone, len(mailoutbox)) == (
        302,
        "Europe/Paris",
        4,
    )


def test_confirmation_of_what_the_page_counted_is_refused_when_more_moves_under_the_locks(
    published, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    # The page's count is read without locks; a meeting placed or a visit booked between it
    # and the save is caught by the save's own count, under its locks.
    edition, _live, _cancelled, visit = published
    counted = told_by_new_zone(edition, "Europe/Paris")
    Booking.objects.create(
        session=visit, participant=person(edition, "Fred"), status=BookingStatus.CONFIRMED
    )

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(EditionError) as caught:
        update_edition(edition, by=organiser_user, timezone="Europe/Paris", keep_told_times=counted)

    assert (caught.value.code, Edition.objects.get(pk=edition.pk).timezone, mailoutbox) == (
        "told_times_changed",
        "UTC",
        [],
    )


def test_two_organisers_confirming_two_zones_at_once_move_the_times_once(
    published, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    # Both pages were opened in UTC; the second save must not read London's times as UTC's.
    edition, live, *_ = published
    second_page = Edition.objects.get(pk=edition.pk)
    counted = told_by_new_zone(second_page, "Europe/Paris")
    with django_capture_on_commit_callbacks(execute=True):
        update_edition(edition, by=organiser_user, timezone="Europe/London", keep_told_times=True)

    with pytest.raises(ChangedMeanwhileError):
        update_edition(
            second_page,
            by=organiser_user,
            read=second_page,
            timezone="Europe/Paris",
            keep_told_times=counted,
        )

    live = Meeting.objects.select_related("slot").get(pk=live.pk)
    assert (Edition.objects.get(pk=edition.pk).timezone, _local(edition, live.slot.start)) == (
        "Europe/London",
        "09:00",
    )
    assert len(mailoutbox) == 3


def test_settings_page_asks_to_confirm_a_new_time_zone_typed_with_spaces(
    client, published, organiser_user
):
    # The field drops the spaces; the box did not, and the save refused a change that the
    # page offered no way to confirm.
    edition, *_ = published
    client.force_login(organiser_user)
    url = reverse("events:edition-update", args=[edition.slug])

    response = post_as_opened(client, url, _settings_data(edition, timezone=" Europe/Paris "))

    form = response.context["form"]
    assert (
        form.errors.get("keep_told_times"),
        "in Europe/Paris," in form.fields["keep_told_times"].label,
    ) == (["Tick this box to confirm the new time zone, or keep the former one."], True)


def test_settings_page_says_who_is_told_before_the_schedule_is_published(
    client, published, organiser_user
):
    # The box said "Their participants are told by email" of meetings whose people the save
    # does not tell before a publication.
    edition, *_ = published
    Edition.objects.filter(pk=edition.pk).update(status=EditionStatus.MATCHMAKING)
    edition.refresh_from_db()
    client.force_login(organiser_user)
    url = reverse("events:edition-update", args=[edition.slug])

    shown = post_as_opened(client, url, _settings_data(edition, timezone="Europe/Paris"))
    label = shown.context["form"].fields["keep_told_times"].label
    saved = client.post(url, {**page_data(shown.context["form"]), "keep_told_times": "on"})

    assert (
        label.split("moments. ")[1],
        [str(message) for message in saved.wsgi_request._messages],
    ) == (
        "The people booked or waiting for the visits are told by email; the schedule is not "
        "published, so the meetings' participants are not.",
        [
            "Edition saved. The meetings and visits keep the times their agendas show, now in "
            "Europe/Paris. The people booked or waiting for the visits are told by email; the "
            "schedule is not published, so the meetings' participants are not."
        ],
    )
