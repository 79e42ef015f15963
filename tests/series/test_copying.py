"""Copying an edition: venue, time grid moved to the new dates, protocol and request rules;
people and meetings stay behind. The copy schedules like the original."""

import datetime as dt

import pytest
from django.urls import reverse

from paddock.core.models import AuditEntry
from paddock.core.services import log_action
from paddock.events.enums import EditionRole, EditionStatus
from paddock.events.models import Edition, PrivacyNotice, Session, TeamInvitation, TimeSlot
from paddock.events.services.editions import update_edition
from paddock.matchmaking.enums import RepeatPairs
from paddock.matchmaking.models import MatchmakingSettings
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.scheduling import services as scheduling
from paddock.scheduling.enums import RunStatus
from paddock.series import copying
from paddock.visits.enums import BookingMode
from paddock.visits.models import Booking, VisitSettings
from paddock.webhooks.models import Endpoint
from tests import factories
from tests.meetings.helpers import accepted_meeting
from tests.scheduling.helpers import person
from tests.visits.factories import make_visit, make_zone

pytestmark = pytest.mark.integration

PARIS_9 = dt.datetime(2026, 6, 11, 7, 0, tzinfo=dt.UTC)  # Thursday 11 June 2026, 09:00 in Paris


@pytest.fixture
def source(edition):
    """IBD 2026 over two days (Thursday, Friday) with two rooms, a grid and its rules, in the
    series of the fixture edition (whose organiser is `organiser_user`)."""
    edition = factories.make_edition(
        edition.series,
        name="IBD 2026",
        slug="ibd-2026",
        start_date=dt.date(2026, 6, 11),
        end_date=dt.date(2026, 6, 12),
        venue_name="Parc des expositions",
        max_requests_per_participant=12,
        request_expiry_days=5,
        no_show_after_minutes=15,
        status=EditionStatus.CLOSED,
    )
    edition.protocol.max_persons_per_room = 30
    edition.protocol.save()
    tent = factories.make_room(edition, name="Tent", capacity=40, position=1)
    hall = factories.make_room(edition, name="Hall", capacity=20, position=2)
    for room, labels in ((tent, ["A1", "A2"]), (hall, ["B1"])):
        for position, label in enumerate(labels):
            factories.make_table(room, label=label, position=position)
    for day, name in ((0, "Thursday morning"), (1, "Friday morning")):
        session = Session.objects.create(
            edition=edition, name=name, date=edition.start_date + dt.timedelta(days=day)
        )
        for n in range(2):
            start = PARIS_9 + dt.timedelta(days=day, minutes=30 * n)
            TimeSlot.objects.create(
                edition=edition, session=session, start=start, end=start + dt.timedelta(minutes=25)
            )
    person(edition, "Anna")
    return edition


def _grid(edition):
    return [
        (
            slot.session.name,
            slot.start.astimezone(edition.tzinfo).strftime("%a %d %b %H:%M"),
            slot.end - slot.start,
        )
        for slot in TimeSlot.objects.filter(edition=edition).select_related("session")
    ]


NEW_DATES = {"start_date": dt.date(2027, 6, 10), "end_date": dt.date(2027, 6, 11)}
# The copy page's form with those dates.
COPY = {"name": "IBD 2027", "slug": "ibd-2027", **{k: str(v) for k, v in NEW_DATES.items()}}


def test_copy_edition_copies_venue_grid_protocol_and_rules_but_no_people(source, organiser_user):
    copy = copying.copy_edition(
        source, by=organiser_user, name="IBD 2027", slug="ibd-2027", **NEW_DATES
    )

    assert (
        [(r.name, r.capacity, [t.label for t in r.tables.all()]) for r in copy.rooms.all()],
        _grid(copy),
        copy.protocol.max_persons_per_room,
        (
            copy.series,
            copy.status,
            copy.timezone,
            copy.venue_name,
            copy.max_requests_per_participant,
            copy.request_expiry_days,
            copy.no_show_after_minutes,
        ),
        copy.participants.count(),
        copy.companies.count(),
    ) == (
        [("Tent", 40, ["A1", "A2"]), ("Hall", 20, ["B1"])],
        [
            ("Thursday morning", "Thu 10 Jun 09:00", dt.timedelta(minutes=25)),
            ("Thursday morning", "Thu 10 Jun 09:30", dt.timedelta(minutes=25)),
            ("Friday morning", "Fri 11 Jun 09:00", dt.timedelta(minutes=25)),
            ("Friday morning", "Fri 11 Jun 09:30", dt.timedelta(minutes=25)),
        ],
        30,
        (source.series, EditionStatus.DRAFT, "Europe/Paris", "Parc des expositions", 12, 5, 15),
        0,
        0,
    )


def test_copy_edition_too_short_for_the_grid_names_the_last_day(source, organiser_user):
    with pytest.raises(copying.CopyError) as caught:
        copying.copy_edition(
            source,
            by=organiser_user,
            name="IBD 2027",
            slug="ibd-2027",
            start_date=dt.date(2027, 6, 10),
            end_date=dt.date(2027, 6, 10),
        )

    assert (caught.value.field, Edition.objects.count()) == ("end_date", 2)


def test_copy_edition_with_a_taken_slug_names_the_field(source, organiser_user):
    with pytest.raises(copying.CopyError) as caught:
        copying.copy_edition(source, by=organiser_user, name="Again", slug="ibd-2026", **NEW_DATES)

    assert (caught.value.field, Edition.objects.count()) == ("slug", 2)


def test_copied_edition_schedules_the_same_requests(source, organiser_user):
    copy = copying.copy_edition(
        source, by=organiser_user, name="IBD 2027", slug="ibd-2027", **NEW_DATES
    )
    copy.status = EditionStatus.REGISTRATION
    copy.save()
    anna, bert, carl, dora = (person(copy, name) for name in ("Ann", "Ben", "Cid", "Dot"))
    for first, second in ((anna, bert), (anna, carl), (anna, dora), (bert, carl), (carl, dora)):
        accepted_meeting(first, second)

    run = scheduling.start_schedule_run(copy, by=organiser_user, time_limit_s=10, seed=0, workers=1)

    placed = Meeting.objects.filter(edition=copy).select_related("slot", "table__room")
    assert (run.status, run.applied, run.failure_text) == (RunStatus.SUCCEEDED, True, "")
    assert (
        {m.status for m in placed},
        {m.slot.edition_id for m in placed} | {m.table.room.edition_id for m in placed},
        len({(m.slot_id, m.table_id) for m in placed}),
    ) == ({MeetingStatus.SCHEDULED}, {copy.pk}, 5)


def test_copy_page_previews_then_creates(client, source, organiser_user):
    client.force_login(organiser_user)
    url = reverse("series:edition-copy", args=[source.slug])
    data = {
        "name": "IBD 2027",
        "slug": "ibd-2027",
        "start_date": "2027-06-10",
        "end_date": "2027-06-11",
    }

    preview = client.post(url, data)
    unchanged = Edition.objects.count()
    done = client.post(url, data | {"confirm": "1"})

    plan = preview.context["plan"]
    assert (
        [(room.name, room.tables) for room in plan.rooms],
        [(session.name, session.date, session.slots) for session in plan.sessions],
        unchanged,
        done.url,
    ) == (
        [("Tent", ["A1", "A2"]), ("Hall", ["B1"])],
        [
            ("Thursday morning", dt.date(2027, 6, 10), 2),
            ("Friday morning", dt.date(2027, 6, 11), 2),
        ],
        2,
        reverse("events:edition-home", args=["ibd-2027"]),
    )


def test_copy_preview_names_generated_sessions_in_the_readers_language(
    client, source, organiser_user
):
    Session.objects.filter(edition=source).update(generated=True)
    client.force_login(organiser_user)

    preview = client.post(
        reverse("series:edition-copy", args=[source.slug]),
        {
            "name": "IBD 2027",
            "slug": "ibd-2027",
            "start_date": "2027-06-10",
            "end_date": "2027-06-11",
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert [session.name for session in preview.context["plan"].sessions] == [
        "jeu. 10 juin, matin",
        "ven. 11 juin, matin",
    ]


def test_copy_page_with_a_bad_date_names_the_field(client, source, organiser_user):
    client.force_login(organiser_user)
    url = reverse("series:edition-copy", args=[source.slug])

    response = client.post(
        url,
        {
            "name": "IBD 2027",
            "slug": "ibd-2027",
            "start_date": "soon",
            "end_date": "2027-06-11",
            "confirm": "1",
        },
    )

    assert (list(response.context["form"].errors), Edition.objects.count()) == (["start_date"], 2)


def test_copy_edition_copies_visit_zones_and_their_sessions_moved_to_the_new_dates(
    source, organiser_user
):
    host = factories.make_company(source, name="Alpine Endurance")
    zone = make_zone(source, host_company=host, health_pass_required=True, group_size=10)
    visit = make_visit(
        zone,
        start=PARIS_9 + dt.timedelta(days=1, hours=5),
        end=PARIS_9 + dt.timedelta(days=1, hours=6),
        seats=8,
        travel_before_minutes=15,
        guide=organiser_user,
    )
    Booking.objects.create(session=visit, participant=source.participants.get())

    copy = copying.copy_edition(
        source, by=organiser_user, name="IBD 2027", slug="ibd-2027", **NEW_DATES
    )

    copied = copy.zones.get()
    assert (
        (copied.name_en, copied.host_name, copied.host_company, copied.health_pass_required),
        [
            (
                s.start.astimezone(copy.tzinfo).strftime("%a %d %b %H:%M"),
                s.seats,
                s.travel_before_minutes,
                s.guide,
                s.bookings.count(),
            )
            for s in copied.sessions.all()
        ],
    ) == (
        ("Team Alpine paddock", "Alpine Endurance", None, True),
        [("Fri 11 Jun 14:00", 8, 15, None, 0)],
    )


def test_copy_across_a_daylight_saving_change_keeps_local_times(edition, organiser_user):
    # 28-29 March 2026 in Paris: summer time starts on the Sunday at 02:00.
    source = factories.make_edition(
        edition.series, start_date=dt.date(2026, 3, 28), end_date=dt.date(2026, 3, 29)
    )
    for day in range(2):
        date = source.start_date + dt.timedelta(days=day)
        session = Session.objects.create(edition=source, name=f"Day {day}", date=date)
        start = dt.datetime.combine(date, dt.time(9), tzinfo=source.tzinfo)
        TimeSlot.objects.create(
            edition=source, session=session, start=start, end=start + dt.timedelta(minutes=30)
        )

    copy = copying.copy_edition(
        source,
        by=organiser_user,
        name="Spring 2027",
        slug="spring-2027",
        start_date=dt.date(2027, 3, 20),
        end_date=dt.date(2027, 3, 21),
    )

    assert _grid(copy) == [
        ("Day 0", "Sat 20 Mar 09:00", dt.timedelta(minutes=30)),
        ("Day 1", "Sun 21 Mar 09:00", dt.timedelta(minutes=30)),
    ]


def test_organiser_of_another_series_cannot_copy_an_edition(client, source):
    attacker = factories.make_user()
    factories.make_edition(factories.make_series(factories.make_organiser(members=[attacker])))
    client.force_login(attacker)

    response = client.post(
        reverse("series:edition-copy", args=[source.slug]), COPY | {"confirm": "1"}
    )

    assert (response.status_code, Edition.objects.filter(slug="ibd-2027").exists()) == (
        403,
        False,
    )


def test_a_double_click_makes_one_copy(client, source, organiser_user):
    client.force_login(organiser_user)
    url = reverse("series:edition-copy", args=[source.slug])

    first = client.post(url, COPY | {"confirm": "1"})
    second = client.post(url, COPY | {"confirm": "1"})

    assert (first.status_code, second.status_code, list(second.context["form"].errors)) == (
        302,
        200,
        ["slug"],
    )
    assert Edition.objects.filter(series=source.series).count() == 3


def test_the_copy_starts_with_registration_closed(client, source, organiser_user):
    # Last year's edition was left open (the home page warns about it): the new draft must
    # not take registrations on the public form before its organiser opens it.
    source.registration_open = True
    source.save()
    client.force_login(organiser_user)
    client.post(reverse("series:edition-copy", args=[source.slug]), COPY | {"confirm": "1"})
    client.logout()

    form = client.get(reverse("participants-portal:register", args=["ibd-2027"]))

    assert (Edition.objects.get(slug="ibd-2027").registration_open, form.status_code) == (
        False,
        404,
    )


def test_a_copy_reads_the_original_as_saved_when_it_was_moved_meanwhile(source, organiser_user):
    # The copy page read the original; another organiser moved its dates (and its grid)
    # a week later before the copy ran.
    read = Edition.objects.get(pk=source.pk)
    update_edition(
        source,
        by=organiser_user,
        start_date=dt.date(2026, 6, 18),
        end_date=dt.date(2026, 6, 19),
    )

    copy = copying.copy_edition(
        read, by=organiser_user, name="IBD 2027", slug="ibd-2027", **NEW_DATES
    )

    assert _grid(copy) == [
        ("Thursday morning", "Thu 10 Jun 09:00", dt.timedelta(minutes=25)),
        ("Thursday morning", "Thu 10 Jun 09:30", dt.timedelta(minutes=25)),
        ("Friday morning", "Fri 11 Jun 09:00", dt.timedelta(minutes=25)),
        ("Friday morning", "Fri 11 Jun 09:30", dt.timedelta(minutes=25)),
    ]


def test_copy_edition_keeps_the_booking_rules_and_the_recommendations_choice(
    source, organiser_user
):
    # Wishes mode, its deadline the evening before the first day, already taken by a run.
    VisitSettings.objects.create(
        edition=source,
        booking_mode=BookingMode.WISHES,
        cancellation_deadline_hours=48,
        wishes_deadline=PARIS_9 - dt.timedelta(hours=-11, days=1),
        wishes_closed_at=PARIS_9 - dt.timedelta(hours=12),
    )
    MatchmakingSettings.objects.create(edition=source, repeat_pairs=RepeatPairs.AVOID)

    copy = copying.copy_edition(
        source, by=organiser_user, name="IBD 2027", slug="ibd-2027", **NEW_DATES
    )

    rules = VisitSettings.objects.get(edition=copy)
    assert (
        rules.booking_mode,
        rules.cancellation_deadline_hours,
        rules.wishes_deadline.astimezone(copy.tzinfo).strftime("%a %d %b %H:%M"),
        rules.wishes_closed_at,
        MatchmakingSettings.objects.get(edition=copy).repeat_pairs,
    ) == (BookingMode.WISHES, 48, "Wed 09 Jun 20:00", None, RepeatPairs.AVOID)


def test_copy_edition_too_short_for_the_visits_names_the_last_day(source, organiser_user):
    # IBD 2026 ran until Saturday: the grid's last day is Friday, a visit runs on Saturday.
    source.end_date = dt.date(2026, 6, 13)
    source.save()
    zone = make_zone(source)
    make_visit(
        zone, start=PARIS_9 + dt.timedelta(days=2), end=PARIS_9 + dt.timedelta(days=2, hours=1)
    )

    with pytest.raises(copying.CopyError) as caught:
        copying.copy_edition(
            source, by=organiser_user, name="IBD 2027", slug="ibd-2027", **NEW_DATES
        )

    assert (caught.value.field, "12/06/2027" in caught.value.message, Edition.objects.count()) == (
        "end_date",
        True,
        2,
    )


def test_copy_edition_leaves_the_team_interpreters_notices_hooks_and_log_behind(
    source, organiser_user
):
    staff = factories.make_user()
    factories.give_role(staff, source, EditionRole.STAFF)
    TeamInvitation.objects.create(
        edition=source, user=factories.make_user(), email="x@example.com", role=EditionRole.STAFF
    )
    factories.make_interpreter(source, email="int@example.com")
    PrivacyNotice.objects.create(
        edition=source, version=1, text_en="Ours", text_fr="Le nôtre", created_by=organiser_user
    )
    Endpoint.objects.create(edition=source, url="https://hooks.example.com/", secret="s3cret")
    log_action("edition.update", by=organiser_user, edition=source, obj=source)

    copy = copying.copy_edition(
        source, by=organiser_user, name="IBD 2027", slug="ibd-2027", **NEW_DATES
    )

    assert (
        copy.memberships.count(),
        TeamInvitation.objects.filter(edition=copy).count(),
        copy.interpreters.count(),
        PrivacyNotice.objects.filter(edition=copy).count(),
        Endpoint.objects.filter(edition=copy).count(),
        list(AuditEntry.objects.filter(edition=copy).values_list("action", flat=True)),
    ) == (0, 0, 0, 0, 0, ["edition.copy"])


def test_copy_page_copies_into_another_time_zone_at_the_same_local_times(
    client, source, organiser_user
):
    zone = make_zone(source)
    make_visit(zone, start=PARIS_9 + dt.timedelta(hours=5), end=PARIS_9 + dt.timedelta(hours=6))
    client.force_login(organiser_user)
    url = reverse("series:edition-copy", args=[source.slug])

    shown = client.get(url).context["form"]["timezone"].value()
    client.post(url, COPY | {"timezone": "Europe/London", "confirm": "1"})

    copy = Edition.objects.get(slug="ibd-2027")
    visit = copy.zones.get().sessions.get()
    assert (
        shown,
        copy.timezone,
        _grid(copy)[:2],
        visit.start.astimezone(copy.tzinfo).strftime("%a %d %b %H:%M"),
    ) == (
        "Europe/Paris",
        "Europe/London",
        [
            ("Thursday morning", "Thu 10 Jun 09:00", dt.timedelta(minutes=25)),
            ("Thursday morning", "Thu 10 Jun 09:30", dt.timedelta(minutes=25)),
        ],
        "Thu 10 Jun 14:00",
    )
