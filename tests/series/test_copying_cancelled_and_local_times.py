"""Copying an edition: visit sessions cancelled in the original, and local times that the
clocks skip or show twice on their new day (issue 16)."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from paddock.events.enums import EditionStatus
from paddock.events.models import Edition, Session, TimeSlot
from paddock.series import copying
from paddock.visits.enums import VisitStatus
from tests import factories
from tests.visits.factories import make_visit, make_zone

pytestmark = pytest.mark.integration

PARIS_9 = dt.datetime(2026, 6, 11, 7, 0, tzinfo=dt.UTC)  # Thursday 11 June 2026, 09:00 in Paris
COPY = {
    "name": "IBD 2027",
    "slug": "ibd-2027",
    "start_date": "2027-06-10",
    "end_date": "2027-06-10",
}


@pytest.fixture
def source(edition):
    """IBD 2026, one day, in the series of the fixture edition (whose organiser is
    `organiser_user`), with a visit zone and no grid."""
    return factories.make_edition(
        edition.series,
        name="IBD 2026",
        slug="ibd-2026",
        start_date=dt.date(2026, 6, 11),
        end_date=dt.date(2026, 6, 11),
        status=EditionStatus.CLOSED,
    )


def _visits(source):
    zone = make_zone(source, name_en="Pit lane")
    cancelled = {"status": VisitStatus.CANCELLED, "cancelled_at": timezone.now()}
    make_visit(zone, start=PARIS_9)
    make_visit(zone, start=PARIS_9 + dt.timedelta(hours=2), cancel_reason="Team left", **cancelled)
    make_visit(zone, start=PARIS_9 + dt.timedelta(hours=4), cancelled_by_protocol=True, **cancelled)


def test_copy_keeps_sessions_cancelled_by_hand_and_reopens_those_of_the_protocol(
    organiser_client, source
):
    _visits(source)
    url = reverse("series:edition-copy", args=[source.slug])

    preview = organiser_client.post(url, COPY)

    response = organiser_client.post(url, COPY | {"confirm": "1"}, follow=True)

    copy = Edition.objects.get(slug="ibd-2027")
    sessions = copy.zones.get().sessions.order_by("start")
    assert (
        [zone.cancelled for zone in preview.context["plan"].zones],
        "Thu 10 Jun 2027, 11:00: cancelled in the original (Team left), copied cancelled"
        in preview.content.decode(),
        [(s.status, s.cancel_reason, s.cancelled_by_protocol) for s in sessions],
        [str(message) for message in response.context["messages"]],
    ) == (
        [[copying.CancelledPlan("Thu 10 Jun 2027, 11:00", "Team left")]],
        True,
        [
            (VisitStatus.OPEN, "", False),
            (VisitStatus.CANCELLED, "Team left", False),
            (VisitStatus.OPEN, "", False),
        ],
        [
            "The new edition was created as a draft.",
            "1 visit session cancelled in the original is cancelled in the new edition too, "
            "with its reason: add a new session where its zone runs again.",
        ],
    )


def _night_slot(source, hour, minute):
    session = Session.objects.create(edition=source, name="Night", date=source.start_date)
    start = dt.datetime.combine(source.start_date, dt.time(hour, minute), tzinfo=source.tzinfo)
    return TimeSlot.objects.create(
        edition=source, session=session, start=start, end=start + dt.timedelta(minutes=20)
    )


def test_copy_onto_the_night_the_clocks_go_forward_refuses_a_time_that_does_not_exist(
    organiser_client, source
):
    _night_slot(source, 2, 30)
    url = reverse("series:edition-copy", args=[source.slug])
    dates = {"start_date": "2027-03-28", "end_date": "2027-03-28"}

    answers = [organiser_client.post(url, COPY | dates | extra) for extra in ({}, {"confirm": "1"})]

    message = (
        "The slot Night 02:30–02:50 cannot keep its local time: 02:30 does not exist on "
        "28/03/2027 in Europe/Paris: the clocks go forward then."
    )
    assert (
        [answer.context["form"].errors for answer in answers],
        Edition.objects.filter(slug="ibd-2027").exists(),
    ) == ([{"start_date": [message]}] * 2, False)


def test_copy_into_another_zone_refuses_a_visit_time_that_happens_twice(organiser_user, source):
    # 01:30 on 3 November 2024 happens twice in New York; in Paris, that night is plain.
    source.start_date = source.end_date = dt.date(2024, 11, 3)
    source.save()
    start = dt.datetime(2024, 11, 3, 1, 30, tzinfo=source.tzinfo)
    make_visit(make_zone(source, name_en="Pit lane"), start=start)

    with pytest.raises(copying.CopyError) as caught:
        copying.copy_edition(
            source,
            by=organiser_user,
            name="IBD 2024 bis",
            slug="ibd-2024-bis",
            start_date=source.start_date,
            end_date=source.end_date,
            timezone="America/New_York",
        )

    assert (caught.value.field, caught.value.message) == (
        "start_date",
        "The visit of Pit lane on Sun 3 Nov 2024, 01:30 cannot keep its local time: 01:30 "
        "happens twice on 03/11/2024 in America/New_York: the clocks go back then.",
    )


def test_copy_preview_with_an_unknown_time_zone_names_the_field(organiser_client, source):
    url = reverse("series:edition-copy", args=[source.slug])

    answers = [
        organiser_client.post(url, COPY | {"timezone": zone}) for zone in ("Nowhere/Land", "../x")
    ]

    assert [(a.status_code, list(a.context["form"].errors)) for a in answers] == [
        (200, ["timezone"]),
        (200, ["timezone"]),
    ]


# Paris sets its clocks back on the last Sunday of October: 02:00 to 03:00 happens twice.
BACK_2026, BACK_2027 = dt.date(2026, 10, 25), dt.date(2027, 10, 31)


@pytest.fixture
def night_source(source):
    """IBD 2026 on the night the clocks go back, with slots of 30 minutes from 01:30 to
    03:30, four of them in the repeated hour, and a visit at the second 02:30."""
    source.start_date = source.end_date = BACK_2026
    source.save()
    session = Session.objects.create(edition=source, name="Night", date=BACK_2026)
    first = dt.datetime(2026, 10, 24, 23, 30, tzinfo=dt.UTC)  # 01:30 in Paris
    for index in range(8):
        start = first + dt.timedelta(minutes=30 * index)
        TimeSlot.objects.create(
            edition=source, session=session, start=start, end=start + dt.timedelta(minutes=30)
        )
    second_half_past_two = dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)
    make_visit(make_zone(source, name_en="Pit lane"), start=second_half_past_two)
    return source


def _paris(moments):
    """Each moment as Paris shows it, with its offset: which of the two 02:30 it is."""
    return [moment.astimezone(PARIS).strftime("%H:%M%z") for moment in moments]


PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def test_copy_onto_the_night_the_clocks_go_back_keeps_which_of_the_two_times_each_was(
    organiser_client, night_source
):
    # Before, the copy was refused: "02:00 happens twice on 25/10/2026 in Europe/Paris".
    url = reverse("series:edition-copy", args=[night_source.slug])
    dates = {"start_date": BACK_2027.isoformat(), "end_date": BACK_2027.isoformat()}

    preview = organiser_client.post(url, COPY | dates)
    organiser_client.post(url, COPY | dates | {"confirm": "1"})

    copy = Edition.objects.get(slug="ibd-2027")
    starts = list(copy.slots.order_by("start").values_list("start", flat=True))
    visit = copy.zones.get().sessions.get()
    assert (
        preview.context["form"].errors,
        _paris(starts),
        _paris([visit.start, visit.end]),
    ) == (
        {},
        [
            "01:30+0200",
            "02:00+0200",
            "02:30+0200",
            "02:00+0100",
            "02:30+0100",
            "03:00+0100",
            "03:30+0100",
            "04:00+0100",
        ],
        ["02:30+0100", "03:30+0100"],
    )


def test_copy_of_the_repeated_hour_onto_a_plain_night_is_refused_with_the_slot_named(
    organiser_client, night_source
):
    # On 10 June 2027, 02:00 to 03:00 happens once: the two 02:30 of the original would become
    # one, and their slots overlap.
    url = reverse("series:edition-copy", args=[night_source.slug])

    answers = [organiser_client.post(url, COPY | extra) for extra in ({}, {"confirm": "1"})]

    message = (
        "The slot Night 01:30–02:00 cannot keep its local time: 02:00 happens twice on "
        "25/10/2026 in Europe/Paris, as the clocks go back, and once only on 10/06/2027 in "
        "Europe/Paris: move it out of that hour first."
    )
    assert (
        [(answer.status_code, answer.context["form"].errors) for answer in answers],
        Edition.objects.filter(slug="ibd-2027").exists(),
    ) == ([(200, {"start_date": [message]})] * 2, False)
