import datetime as dt
import re
from collections import Counter

import pytest
from django.contrib.auth.hashers import check_password
from django.urls import reverse

from paddock.accounts.models import OutgoingMail, User
from paddock.checkin.models import Badge, CheckIn
from paddock.demo.companies_2021 import COMPANIES_2021
from paddock.demo.companies_normal import generate_companies
from paddock.demo.profiles import PROFILES
from paddock.demo.spec import DEMO_PASSWORD
from paddock.events.models import Edition, EventSeries, Table
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.outcomes.models import Outcome
from paddock.outcomes.queries import network_of, outcome_pairs
from paddock.participants.models import Company, Participant
from paddock.participants.taxonomy import flatten
from paddock.scheduling.services import start_schedule_run
from paddock.series.history import series_history
from paddock.visits.models import Booking, VisitSession, Zone
from paddock.visits.queries import overlapping_meeting
from tests.demo.building import run_demo
from tests.html_text import text_of
from tests.logins import can_log_in

pytestmark = pytest.mark.integration

LOGIN_LINE = re.compile(r"(\S+@\S+) / (\S+)$", re.MULTILINE)


def counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "series": EventSeries.objects.count(),
        "editions": Edition.objects.count(),
        "companies": Company.objects.count(),
        "participants": Participant.objects.count(),
    }


def statuses(queryset) -> Counter:
    return Counter(queryset.values_list("status", flat=True))


def test_demo_2021_has_accepted_requests_waiting_for_the_scheduler(demo, db):
    edition = Edition.objects.get(slug="ibd-2021")

    assert (
        statuses(MeetingRequest.objects.filter(edition=edition)),
        statuses(Meeting.objects.filter(edition=edition)),
        edition.schedule_runs.count(),
        demo.mails,
        OutgoingMail.objects.count(),
    ) == (
        Counter({"accepted": 18, "pending": 4, "declined": 1}),
        Counter({"to_schedule": 18}),
        0,
        [],
        0,
    )


def test_demo_2021_first_run_places_the_accepted_meetings(demo, db):
    edition = Edition.objects.get(slug="ibd-2021")
    organiser = User.objects.get(email="organiser@demo.paddock.test")

    run = start_schedule_run(edition, by=organiser, time_limit_s=10, workers=1)

    assert (run.number, run.status, statuses(Meeting.objects.filter(edition=edition))) == (
        1,
        "succeeded",
        Counter({"scheduled": 18}),
    )


def test_demo_2019_has_a_published_schedule(demo, db):
    edition = Edition.objects.get(slug="ibd-2019")

    assert (
        edition.status,
        list(edition.schedule_runs.values_list("number", "status", "applied")),
        edition.published_schedules.count(),
        Meeting.objects.filter(edition=edition).count(),
        set(statuses(Meeting.objects.filter(edition=edition))),
        Badge.objects.filter(participant__edition=edition).count(),
    ) == ("closed", [(1, "succeeded", True)], 1, 192, {"scheduled", "no_show"}, 100)


def test_demo_2019_meetings_come_from_requests_answered_before_the_event(demo, db):
    edition = Edition.objects.get(slug="ibd-2019")
    meetings = Meeting.objects.filter(edition=edition)

    funnel = statuses(MeetingRequest.objects.filter(edition=edition))

    assert (
        set(funnel),
        funnel["accepted"] == meetings.count(),
        meetings.filter(request__isnull=True).count(),
        funnel["accepted"] > 4 * (funnel["declined"] + funnel["expired"]) > 0,
    ) == ({"accepted", "declined", "expired"}, True, 0, True)


def absent_people(meetings) -> set[int]:
    sides = {"first": ("first_id",), "second": ("second_id",), "both": ("first_id", "second_id")}
    return {getattr(m, side) for m in meetings for side in sides[m.absent]}


def test_demo_2019_checked_in_everyone_who_came_and_marked_three_absent(demo, db):
    edition = Edition.objects.get(slug="ibd-2019")
    placed = Meeting.objects.filter(edition=edition).select_related("slot")
    absent = absent_people(placed.filter(status="no_show"))
    by_day = {day: set() for day in edition.days}
    for meeting in placed:
        by_day[meeting.slot.start.astimezone(edition.tzinfo).date()] |= {
            meeting.first_id,
            meeting.second_id,
        }
    checked_in = {(day, place): set() for day in edition.days for place in ("entrance", "room")}
    for checkin in CheckIn.objects.filter(edition=edition):
        day = checkin.checked_in_at.astimezone(edition.tzinfo).date()
        checked_in[day, "entrance" if checkin.room_id is None else "room"].add(
            checkin.participant_id
        )

    expected = {
        (day, place): by_day[day] - (absent if day == edition.days[0] else set())
        for day, place in checked_in
    }
    assert (len(absent), checked_in) == (3, expected)


def test_demo_creates_the_series_with_two_editions(demo_output, db):
    series = EventSeries.objects.get(slug="ibd")

    editions = {
        edition.slug: (edition.status, edition.days, edition.languages, edition.timezone)
        for edition in series.editions.all()
    }

    assert (series.name, series.first_year, series.organiser.name, editions) == (
        "International Business Days",
        2008,
        "Technoparc des 24 Heures",
        {
            "ibd-2021": ("matchmaking", [dt.date(2021, 8, 19)], ["fr", "en"], "Europe/Paris"),
            "ibd-2019": (
                "closed",
                [dt.date(2019, 6, 13), dt.date(2019, 6, 14)],
                ["fr", "en"],
                "Europe/Paris",
            ),
        },
    )


def test_demo_2021_has_one_room_under_the_sanitary_protocol(demo_output, db):
    edition = Edition.objects.get(slug="ibd-2021")
    protocol = edition.protocol
    room = edition.rooms.get()

    assert (
        (room.name, room.capacity, room.tables.count()),
        (protocol.max_persons_per_room, protocol.health_pass_required, protocol.visits_allowed),
        room.meeting_cap(room.tables.count(), protocol),
    ) == (("Salle Mulsanne", 30, 8), (12, True, False), 6)


def test_demo_2021_grid_has_twenty_minute_meetings_around_lunch(demo_output, db):
    edition = Edition.objects.get(slug="ibd-2021")

    local = [
        (slot.start.astimezone(edition.tzinfo).strftime("%H:%M"), (slot.end - slot.start).seconds)
        for slot in edition.slots.all()
    ]

    assert (len(local), local[0], local[7], local[8], local[-1]) == (
        16,
        ("09:00", 1200),
        ("11:55", 1200),
        ("14:00", 1200),
        ("16:55", 1200),
    )


def test_demo_2021_has_fifteen_participants_with_offers_or_needs(demo_output, db):
    participants = Participant.objects.filter(edition__slug="ibd-2021").select_related("company")

    without_capabilities = [
        p.company.name
        for p in participants
        if not (p.company.offers.exists() or p.company.needs.exists())
    ]

    assert (
        participants.count(),
        Counter(p.status for p in participants),
        Counter(p.company.country.code for p in participants),
        without_capabilities,
    ) == (
        15,
        Counter({"validated": 12, "registered": 2, "invited": 1}),
        Counter({"FR": 13, "DE": 1, "BE": 1}),
        [],
    )


def test_demo_2021_gives_three_exhibitors_a_home_table(demo_output, db):
    homes = Table.objects.filter(
        room__edition__slug="ibd-2021", home_participant__isnull=False
    ).values_list("label", "home_participant__company__name")

    assert sorted(homes) == [
        ("T1", "Nova Additive Médical"),
        ("T2", "Mécanique de Précision de l'Huisne"),
        ("T3", "Fibrelis Composites"),
    ]


def test_demo_normal_year_has_a_hundred_participants_under_a_tent(demo_output, db):
    edition = Edition.objects.get(slug="ibd-2019")
    protocol = edition.protocol
    countries = set(edition.companies.values_list("country", flat=True))

    assert (
        edition.participants.count(),
        list(edition.rooms.values_list("name", "capacity")),
        [room.tables.count() for room in edition.rooms.all()],
        (protocol.max_persons_per_room, protocol.health_pass_required, protocol.visits_allowed),
        sorted(set(edition.sessions.values_list("date", flat=True))),
        countries >= {"FR", "DE", "GB", "IT", "BE", "ES", "NL"},
    ) == (
        100,
        [("Barnum", 120), ("Salle Arnage", 24)],
        [40, 8],
        (None, False, True),
        [dt.date(2019, 6, 13), dt.date(2019, 6, 14)],
        True,
    )


def test_demo_returning_people_keep_one_account_across_editions(demo_output, db):
    user = User.objects.get(email="sebastien.rouault@demo.paddock.test")

    editions = sorted(user.participations.values_list("edition__slug", "company__name"))

    assert editions == [
        ("ibd-2019", "Tertre Rouge Endurance"),
        ("ibd-2021", "Tertre Rouge Endurance"),
    ]


def test_demo_printed_logins_work(demo_output, db, client):
    logins = LOGIN_LINE.findall(demo_output)

    results = {email: can_log_in(email, password) for email, password in logins}

    assert results == {
        "organiser@demo.paddock.test": True,
        "staff@demo.paddock.test": True,
        "checkin@demo.paddock.test": True,
        "thierry.garnier@demo.paddock.test": True,
        "laurent.brissac@demo.paddock.test": True,
        "admin@demo.paddock.test": True,
    }


def test_demo_every_participant_has_the_demo_password(demo_output, db):
    hashes = set(Participant.objects.values_list("user__password", flat=True))

    # One hash for all: checking it once checks every account, without 115 slow hashings.
    assert (len(hashes), check_password(DEMO_PASSWORD, hashes.pop())) == (1, True)


def test_demo_admin_is_a_superuser(demo_output, db):
    admin = User.objects.get(email="admin@demo.paddock.test")

    assert (admin.is_staff, admin.is_superuser) == (True, True)


def test_demo_second_run_changes_nothing(demo_output, db):
    before = counts()

    output = run_demo()

    assert (counts(), "exists already" in output) == (before, True)


def the_past_edition() -> dict[str, list]:
    """What a build makes of 2019, named by people and places rather than by ids (which a new
    build changes): its schedule, its check-ins, its outcomes."""
    edition = Edition.objects.get(slug="ibd-2019")
    meetings = Meeting.objects.filter(edition=edition).select_related(
        "first__user", "second__user", "slot", "table__room"
    )
    checkins = CheckIn.objects.filter(edition=edition).select_related("participant__user", "room")
    outcomes = (
        Outcome.objects.filter(meeting__edition=edition)
        .select_related("participant__user", "meeting__first__user", "meeting__second__user")
        .order_by()
    )
    return {
        "meetings": sorted(
            (
                m.first.user.email,
                m.second.user.email,
                m.status,
                str(m.slot.start),
                m.table.room.name,
                m.table.label,
            )
            for m in meetings
        ),
        "checkins": sorted(
            (c.participant.user.email, c.room.name if c.room else "", str(c.checked_in_at))
            for c in checkins
        ),
        "outcomes": sorted(
            (
                o.participant.user.email,
                o.meeting.first.user.email,
                o.meeting.second.user.email,
                o.took_place,
                o.interest,
                o.next_step,
            )
            for o in outcomes
        ),
    }


def test_demo_reset_recreates_it(demo_output, db):
    before = counts()
    old_edition = Edition.objects.get(slug="ibd-2021").pk

    run_demo("--reset")

    assert (counts(), Edition.objects.get(slug="ibd-2021").pk != old_edition) == (before, True)


def test_demo_reset_recreates_the_same_past_edition(demo_output, db):
    past = the_past_edition()

    run_demo("--reset")

    assert the_past_edition() == past


def test_demo_data_uses_only_taxonomy_codes():
    known = {row[0] for row in flatten()}
    used = {
        code
        for company in COMPANIES_2021
        for code, _text in (*company.offers, *company.needs)
        if code
    } | {code for profile in PROFILES for code, _fr, _en in (*profile.offers, *profile.needs)}

    assert used - known == set()


def test_generated_companies_are_reproducible_with_exact_headcount():
    first = generate_companies(seed=7, participants=50, taken_emails={"anne.exemple"})
    second = generate_companies(seed=7, participants=50, taken_emails={"anne.exemple"})
    emails = [person.email for company in first for person in company.people]

    assert (first == second, len(emails), len(set(emails))) == (True, 50, 50)


def test_demo_normal_year_has_zones_with_sessions_and_bookings(demo_output, db):
    zones = Zone.objects.filter(edition__slug="ibd-2019")
    sessions = VisitSession.objects.filter(zone__in=zones)
    bookings = Booking.objects.filter(session__in=sessions)

    assert (
        sorted(zones.values_list("kind", flat=True)),
        statuses(sessions),
        set(statuses(bookings)),
    ) == (
        ["paddock", "paddock", "technical", "workshop"],
        Counter({"open": 8}),
        {"confirmed", "waiting"},
    )


def test_demo_normal_year_bookings_overlap_no_meeting_of_their_visitors(demo_output, db):
    edition = Edition.objects.get(slug="ibd-2019")
    bookings = Booking.objects.filter(
        session__zone__edition=edition, status="confirmed"
    ).select_related("session", "participant")

    assert [b.pk for b in bookings if overlapping_meeting(b.session, b.participant)] == []


def test_demo_2021_visits_were_cancelled_by_the_protocol(demo_output, db):
    sessions = VisitSession.objects.filter(zone__edition__slug="ibd-2021")
    bookings = Booking.objects.filter(session__in=sessions)

    assert (
        Zone.objects.filter(edition__slug="ibd-2021").count(),
        statuses(sessions),
        set(sessions.values_list("cancelled_by_protocol", flat=True)),
        set(statuses(bookings)),
    ) == (
        4,
        Counter({"cancelled": 4}),
        {True},
        {"cancelled"},
    )


def test_demo_history_goes_back_to_2008(demo_output, db):
    rows = series_history(EventSeries.objects.get(slug="ibd"))

    assert (
        [row.year for row in rows],
        all(80 <= row.participants <= 120 for row in rows if row.past),
        [row.participants for row in rows if row.year == 2021],
    ) == (
        [*range(2008, 2020), 2021],
        True,
        [Participant.objects.filter(edition__slug="ibd-2021", status="validated").count()],
    )


def test_demo_returning_companies_share_one_organisation(demo_output, db):
    company = Company.objects.get(edition__slug="ibd-2021", name="Tertre Rouge Endurance")

    editions = sorted(company.organisation.companies.values_list("edition__slug", flat=True))

    assert editions == ["ibd-2019", "ibd-2021"]


def test_demo_2019_has_outcomes_from_both_sides_some_disagreeing(demo_output, db):
    edition = Edition.objects.get(slug="ibd-2019")

    pairs = outcome_pairs(edition)
    both = [pair for pair in pairs if pair.first and pair.second]
    disagreeing = outcome_pairs(edition, disagreeing=True)
    no_shows = Outcome.objects.filter(meeting__edition=edition, meeting__status="no_show")

    assert (len(both) > 50, 0 < len(disagreeing) < len(both) // 2) == (True, True)
    assert set(no_shows.values_list("took_place", flat=True)) == {False, True}


def test_demo_returning_person_sees_the_2019_meetings_in_the_network(demo_output, db):
    user = User.objects.get(email="sebastien.rouault@demo.paddock.test")

    contacts = network_of(user, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))

    assert ({c.meeting.edition.slug for c in contacts}, len(contacts) >= 3) == ({"ibd-2019"}, True)


def _cards(html: str, tag: str) -> list[list[str]]:
    """The text of each `tag` block of a page, one string per tag inside it."""
    return [
        [text for text in (text_of(part) for part in parts) if text]
        for parts in (
            re.split(r"</?(?:h2|p|td|li)[^>]*>", block)
            for block in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", html, re.DOTALL)
        )
    ]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ("You met in 2019", "Supplier")),
        ("fr", ("Vous vous êtes rencontrés en 2019", "Fournisseur")),
    ],
)
def test_demo_returning_person_is_told_whom_they_met_in_2019(
    demo_output, db, client, language, words
):
    badge, role = words
    client.force_login(User.objects.get(email="sebastien.rouault@demo.paddock.test"))
    url = reverse("matchmaking-portal:recommendations", args=["ibd-2021"])

    html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()

    met = [card[:2] for card in _cards(html, "article") if badge in card]
    assert met == [["Mécanique de Précision de l'Huisne", f"Patrick Lemercier · {role}"]]


def test_demo_returning_person_network_page_lists_the_2019_meetings(demo_output, db, client):
    user = User.objects.get(email="sebastien.rouault@demo.paddock.test")
    client.force_login(user)
    expected = sorted(
        (contact.other.user.get_full_name(), contact.other.company.name)
        for contact in network_of(user, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    )

    html = client.get(reverse("outcomes-portal:network", args=["ibd-2021"])).content.decode()

    rows = [tuple(row[:3]) for row in _cards(html, "tr")[1:]]
    assert (sorted(row[1:] for row in rows), {row[0] for row in rows}) == (
        expected,
        {"International Business Days 2019"},
    )
    assert ("Patrick Lemercier", "Mécanique de Précision de l'Huisne") in expected
