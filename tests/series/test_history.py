"""The series' history: editions run before Paddock as summary figures (entered or imported),
Paddock's editions with figures computed in a constant number of queries."""

import datetime as dt
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from paddock.events.models import Session, TimeSlot
from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.participants.enums import ParticipantStatus
from paddock.series.history import series_history
from paddock.series.models import PastEdition
from tests import factories

pytestmark = pytest.mark.integration


def _people(edition, countries):
    return [
        factories.make_participant(edition, company=factories.make_company(edition, country=code))
        for code in countries
    ]


def _ran(edition, *, held, no_shows, countries=("FR", "DE", "FR", "FR")):
    """An edition in the past with people, and meetings held and missed."""
    people = _people(edition, countries)
    factories.make_participant(edition, status=ParticipantStatus.INVITED)
    session = Session.objects.create(edition=edition, name="Morning", date=edition.start_date)
    nine = dt.datetime.combine(edition.start_date, dt.time(7, 0), tzinfo=dt.UTC)
    slots = [
        TimeSlot.objects.create(
            edition=edition,
            session=session,
            start=nine + dt.timedelta(minutes=30 * n),
            end=nine + dt.timedelta(minutes=30 * n + 25),
        )
        for n in range(held + no_shows)
    ]
    table = factories.make_table(factories.make_room(edition))
    pairs = itertools.combinations(people, 2)
    for n, slot in enumerate(slots):
        first, second = next(pairs)
        Meeting.objects.create(
            edition=edition,
            first=first,
            second=second,
            slot=slot,
            table=table,
            status=MeetingStatus.SCHEDULED if n < held else MeetingStatus.NO_SHOW,
        )


@pytest.fixture
def series(edition):
    return edition.series


def test_series_history_lists_past_and_paddock_editions_with_figures(series, edition):
    ran = factories.make_edition(series, start_date=dt.date(2019, 6, 12), venue_name="Eurexpo")
    _ran(ran, held=3, no_shows=1)
    PastEdition.objects.create(
        series=series,
        year=2008,
        place="Lyon",
        participants=90,
        companies=70,
        countries=5,
        meetings_held=400,
        no_shows=20,
    )

    rows = series_history(series)

    assert [
        (
            row.year,
            row.place,
            row.participants,
            row.companies,
            row.countries,
            row.meetings_held,
            row.no_show_rate,
        )
        for row in rows
    ] == [
        (2008, "Lyon", 90, 70, 5, 400, 20 / 420),
        (2019, "Eurexpo", 4, 4, 2, 3, 1 / 4),
        (2031, "", 0, 0, 0, 0, None),
    ]


def test_series_history_counts_queries_not_editions(series, django_assert_max_num_queries):
    def count_for(number):
        for n in range(number):
            _ran(
                factories.make_edition(series, start_date=dt.date(2010 + number + n, 6, 12)),
                held=2,
                no_shows=1,
            )
        with CaptureQueriesContext(connection) as queries:
            series_history(series)
        return len(queries)

    assert count_for(2) == count_for(3)  # 2, then 5 editions (and the fixture's)


FIGURES = {
    "participants": "101",
    "companies": "80",
    "countries": "6",
    "meetings_held": "450",
    "no_shows": "12",
}


def test_past_edition_form_creates_a_year(client, organiser_user, series):
    client.force_login(organiser_user)
    url = reverse("series:past-create", args=[series.pk])

    response = client.post(
        url,
        FIGURES
        | {"year": "2009", "start_date": "2009-06-10", "end_date": "2009-06-11", "place": "Lyon"},
    )

    assert (
        response.url,
        list(PastEdition.objects.values_list("year", "participants", "no_shows")),
    ) == (
        reverse("series:history", args=[series.pk]),
        [(2009, 101, 12)],
    )


def test_past_edition_form_with_negative_no_shows_names_the_field(client, organiser_user, series):
    client.force_login(organiser_user)
    url = reverse("series:past-create", args=[series.pk])

    response = client.post(url, FIGURES | {"year": "2009", "no_shows": "-1"})

    assert (list(response.context["form"].errors), PastEdition.objects.count()) == (["no_shows"], 0)


CSV = (
    "year,start_date,end_date,place,participants,companies,countries,meetings_held,no_shows,notes\n"
    "2008,2008-06-12,2008-06-13,Lyon,95,70,4,380,15,First edition\n"
    "2009,,,Lyon,102,75,5,410,20,\n"
)


def _upload(client, series, text):
    url = reverse("series:past-import", args=[series.pk])
    return client.post(url, {"file": SimpleUploadedFile("past.csv", text.encode(), "text/csv")})


def test_past_edition_import_creates_every_line(client, organiser_user, series):
    client.force_login(organiser_user)

    response = _upload(client, series, CSV)

    assert (
        response.url,
        list(PastEdition.objects.order_by("year").values_list("year", "participants", "notes")),
    ) == (
        reverse("series:history", args=[series.pk]),
        [(2008, 95, "First edition"), (2009, 102, "")],
    )


def test_past_edition_import_with_a_bad_line_names_it_and_imports_nothing(
    client, organiser_user, series
):
    client.force_login(organiser_user)
    bad = CSV + "2010,,,Lyon,many,75,5,410,20,\n"

    response = _upload(client, series, bad)

    assert (response.context["form"].errors, PastEdition.objects.count()) == (
        {"file": ["Line 4, participants: Enter a whole number."]},
        0,
    )


def test_past_edition_form_with_a_taken_year_names_it(client, organiser_user, series):
    PastEdition.objects.create(series=series, year=2009)
    client.force_login(organiser_user)
    url = reverse("series:past-create", args=[series.pk])

    response = client.post(url, FIGURES | {"year": "2009"})

    assert (response.context["form"].errors, PastEdition.objects.count()) == (
        {"year": ["The series already has an edition in 2009."]},
        1,
    )
