"""The 2019 edition of the demo reads as it happened: its rows are dated in 2019, in the order
of the story, while the 2021 edition, the demo's present, keeps the day it was built."""

import datetime as dt
import io
import json
import re
import zipfile

import pytest
from django.urls import reverse

from paddock.accounts.models import User
from paddock.checkin.models import Badge, CheckIn
from paddock.core.models import AuditEntry
from paddock.events.models import Edition
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.outcomes.models import Outcome
from paddock.participants.models import Participant
from paddock.scheduling.models import PublishedSchedule, ScheduleRun
from paddock.visits.models import Booking
from tests.html_text import text_of

pytestmark = pytest.mark.integration

# Entries written after the 2019 edition was built: the directory's links and the
# recommendations computed after the commit, made now.
WRITTEN_NOW = {"company.link", "matchmaking.recompute"}


def local(edition: Edition, year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, tzinfo=edition.tzinfo)


@pytest.fixture
def edition(demo, db) -> Edition:
    return Edition.objects.get(slug="ibd-2019")


def test_demo_2019_registrations_from_march_validated_before_the_requests(edition):
    people = Participant.objects.filter(edition=edition)
    first_request = min(MeetingRequest.objects.filter(edition=edition).values_list("created_at"))[0]

    registered = sorted(people.values_list("created_at", flat=True))
    late = [p for p in people if not p.created_at < p.validated_at < first_request]

    assert (
        local(edition, 2019, 3, 1) <= registered[0] < registered[-1] < first_request,
        late,
        set(User.objects.filter(participations__in=people).values_list("date_joined__year")),
    ) == (True, [], {(2019,)})


def test_demo_2019_requests_answered_or_expired_in_order_before_the_run(edition):
    run = ScheduleRun.objects.get(edition=edition)
    requests = MeetingRequest.objects.filter(edition=edition).select_related(
        "requester", "recipient"
    )

    wrong = [
        r.pk
        for r in requests
        if not (
            max(r.requester.validated_at, r.recipient.validated_at) < r.created_at
            and r.expires_at == r.created_at + dt.timedelta(days=edition.request_expiry_days)
            and r.expires_at < run.created_at
            and (r.answered_at is None) == (r.status == "expired")
            and (r.answered_at is None or r.created_at < r.answered_at <= r.expires_at)
        )
    ]

    assert wrong == []


def test_demo_2019_meetings_date_from_their_acceptance_placed_then_published(edition):
    run = ScheduleRun.objects.get(edition=edition)
    published = PublishedSchedule.objects.get(edition=edition).published_at
    meetings = Meeting.objects.filter(edition=edition).select_related("request", "slot")

    wrong = [
        m.pk
        for m in meetings
        if m.created_at != m.request.answered_at
        or not m.created_at < run.created_at < m.updated_at
        or (m.updated_at < m.slot.start) != (m.status == "scheduled")
    ]
    issued = {
        published < badge.issued_at < local(edition, 2019, 6, 13)
        for badge in Badge.objects.filter(participant__edition=edition)
    }

    assert (
        wrong,
        run.created_at < run.started_at < run.finished_at < published,
        dt.timedelta(days=5) < local(edition, 2019, 6, 13) - published < dt.timedelta(days=10),
        issued,
    ) == ([], True, True, {True})


def test_demo_2019_check_ins_on_the_days_before_each_first_meeting(edition):
    firsts: dict[tuple[int, dt.date], dt.datetime] = {}
    for meeting in Meeting.objects.filter(edition=edition).select_related("slot"):
        day = meeting.slot.start.astimezone(edition.tzinfo).date()
        for person in (meeting.first_id, meeting.second_id):
            firsts[person, day] = min(
                firsts.get((person, day), meeting.slot.start), meeting.slot.start
            )
    arrivals = {}
    for checkin in CheckIn.objects.filter(edition=edition, room__isnull=True):
        arrivals[
            checkin.participant_id, checkin.checked_in_at.astimezone(edition.tzinfo).date()
        ] = checkin.checked_in_at

    def in_time(checkin: CheckIn) -> bool:
        """After the arrival, in the minutes before the first meeting (or just after arriving,
        for one that starts soon)."""
        key = (checkin.participant_id, checkin.checked_in_at.astimezone(edition.tzinfo).date())
        at = checkin.checked_in_at
        soon = firsts[key] - dt.timedelta(minutes=10) <= at
        return arrivals[key] < at <= firsts[key] and (
            soon or at == arrivals[key] + dt.timedelta(minutes=2)
        )

    wrong = [
        checkin.pk
        for checkin in CheckIn.objects.filter(edition=edition, room__isnull=False)
        if not in_time(checkin)
    ]

    assert (wrong, {day for _person, day in arrivals} <= set(edition.days)) == ([], True)


def test_demo_2019_visits_booked_after_the_publication_checked_in_before_they_start(edition):
    published = PublishedSchedule.objects.get(edition=edition).published_at
    bookings = Booking.objects.filter(session__zone__edition=edition).select_related("session")

    booked = [published < b.created_at < local(edition, 2019, 6, 13) for b in bookings]
    checked_in = [
        dt.timedelta(0) < b.session.start - b.checked_in_at <= dt.timedelta(minutes=10)
        for b in bookings
        if b.checked_in_at
    ]
    waiting = [
        [
            b.position
            for b in bookings.filter(session=session, status="waiting").order_by("created_at")
        ]
        for session in {b.session for b in bookings}
    ]

    assert (
        set(booked),
        set(checked_in),
        len(checked_in) > 20,
        all(positions == sorted(positions) for positions in waiting),
    ) == ({True}, {True}, True, True)


def test_demo_2019_outcomes_answered_after_the_meetings_before_the_close(edition):
    closed = AuditEntry.objects.filter(edition=edition, action="edition.update").latest("pk")
    outcomes = Outcome.objects.filter(meeting__edition=edition).select_related("meeting__slot")

    assert {o.meeting.slot.end < o.answered_at < closed.created_at for o in outcomes} == {True}


def test_demo_2019_audit_entries_at_the_time_of_what_they_record(edition, demo):
    entries = AuditEntry.objects.filter(edition=edition)
    story = entries.exclude(action__in=WRITTEN_NOW)
    requests = MeetingRequest.objects.filter(edition=edition)
    recorded = {
        "participant.add": Participant.objects.filter(edition=edition).values_list("created_at"),
        "meeting_request.create": requests.values_list("created_at"),
        "meeting_request.accept": requests.filter(status="accepted").values_list("answered_at"),
        "meeting_request.expire": requests.filter(status="expired").values_list("expires_at"),
        "checkin.check_in": CheckIn.objects.filter(edition=edition).values_list("checked_in_at"),
        "outcome.recorded": Outcome.objects.filter(meeting__edition=edition).values_list(
            "answered_at"
        ),
        "schedule.publish": PublishedSchedule.objects.filter(edition=edition).values_list(
            "published_at"
        ),
    }

    logged = {
        action: sorted(entries.filter(action=action).values_list("created_at"))
        for action in recorded
    }

    assert (
        logged,
        set(story.values_list("created_at__year", flat=True)),
        {entry.created_at >= demo.started for entry in entries.filter(action__in=WRITTEN_NOW)},
        story.latest("created_at", "pk").action,
    ) == (
        {action: sorted(rows) for action, rows in recorded.items()},
        {2019},
        {True},
        "edition.update",
    )


def test_demo_2021_keeps_the_day_it_was_built(demo, db):
    edition = Edition.objects.get(slug="ibd-2021")

    stamps = [
        *MeetingRequest.objects.filter(edition=edition).values_list("created_at", flat=True),
        *Participant.objects.filter(edition=edition).values_list("created_at", flat=True),
        *AuditEntry.objects.filter(edition=edition).values_list("created_at", flat=True),
    ]

    assert {stamp >= demo.started for stamp in stamps} == {True}


DATE = re.compile(r"\b(?:\d{2}/\d{2}/(\d{4})|(\d{4})-\d{2}-\d{2})(?!\d)")


def content_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def years_shown(text: str) -> set[str]:
    return {a or b for a, b in DATE.findall(text)}


def test_demo_2019_organiser_pages_and_exports_show_2019_dates(edition, client):
    client.force_login(User.objects.get(email="organiser@demo.paddock.test"))
    person = Participant.objects.filter(edition=edition).earliest("pk")
    pages = [
        reverse("meetings:request-list", args=[edition.slug]),
        reverse("scheduling:run-list", args=[edition.slug]),
        reverse("participants:participant-detail", args=[edition.slug, person.pk]),
    ]
    exports = ["participants", "requests", "checkins", "visits", "outcomes"]

    shown = [years_shown(text_of(client.get(url).content.decode())) for url in pages[:2]]
    detail = text_of(client.get(pages[2]).content.decode())
    exported = [
        years_shown(
            content_of(
                client.get(
                    reverse("exchange:exports", args=[edition.slug]),
                    {"kind": kind, "format": "csv", "delimiter": ";"},
                )
            )
        )
        for kind in exports
    ]

    assert (shown, "2019" in detail, str(person.created_at.year) in detail, exported) == (
        [{"2019"}, {"2019"}],
        True,
        True,
        [{"2019"}] * len(exports),
    )


def test_demo_2019_participant_data_download_shows_2019_dates(edition, client):
    person = (
        Participant.objects.filter(edition=edition)
        .exclude(user__participations__edition__slug="ibd-2021")
        .earliest("pk")
    )
    client.force_login(person.user)

    response = client.get(reverse("privacy-portal:export", args=[edition.slug]))

    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    read = {name: archive.read(name).decode() for name in archive.namelist()}
    years = {
        name: years_shown(read[name])
        for name in ("participations.json", "meeting_requests.json", "outcomes.json")
    }
    audit = {entry["when"][:4] for entry in json.loads(read["audit.json"]) if entry["edition"]}
    assert (years, audit) == ({name: {"2019"} for name in years}, {"2019"})
