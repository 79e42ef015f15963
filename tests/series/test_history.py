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
from paddock.outcomes.enums import NextStep, ValueBand
from paddock.outcomes.queries import OutcomeSummary
from paddock.participants.enums import ParticipantStatus
from paddock.series.history import series_history
from paddock.series.models import PastEdition
from tests import factories
from tests.html_text import row_cells

pytestmark = pytest.mark.integration


def _people(edition, countries):
    return [
        factories.make_participant(edition, company=factories.make_company(edition, country=code))
        for code in countries
    ]


def _ran(edition, *, held, no_shows, countries=("FR", "DE", "FR", "FR")):
    """An edition in the past with people, and meetings held and missed; both sides of the
    first meeting held said what came of it (a quote, 10 to 50 k€), the first side of the
    second one too (nothing more)."""
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
        meeting = Meeting.objects.create(
            edition=edition,
            first=first,
            second=second,
            slot=slot,
            table=table,
            status=MeetingStatus.SCHEDULED if n < held else MeetingStatus.NO_SHOW,
        )
        sides = {0: (first, second), 1: (first,)}.get(n, ())
        for side in sides:
            quote = n == 0
            factories.make_outcome(
                meeting,
                side,
                next_step=NextStep.QUOTE if quote else NextStep.NONE,
                value_band=ValueBand.FROM_10K if quote else "",
            )


@pytest.fixture
def series(edition):
    return edition.series


def test_series_history_outcomes_count_meetings_answered_next_steps_and_value_bands(
    series, edition
):
    ran = factories.make_edition(series, start_date=dt.date(2019, 6, 12))
    _ran(ran, held=3, no_shows=1)
    PastEdition.objects.create(
        series=series, year=2008, meetings_answered=120, meetings_with_next_step=30
    )
    PastEdition.objects.create(series=series, year=2009)

    rows = series_history(series)

    assert [(row.year, row.outcomes) for row in rows] == [
        (2008, OutcomeSummary(answered=120, next_step=30)),
        (2009, None),
        (2019, OutcomeSummary(answered=2, next_step=1, value_bands={"10-50k": 2})),
        (2031, None),
    ]


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


def test_past_edition_import_reads_a_csv_file_saved_by_french_excel(client, organiser_user, series):
    client.force_login(organiser_user)
    text = CSV.replace(",", ";").replace("First edition", "Première édition à l’Hôtel de ville")
    url = reverse("series:past-import", args=[series.pk])

    response = client.post(url, {"file": SimpleUploadedFile("past.csv", text.encode("cp1252"))})

    assert (
        response.status_code,
        list(PastEdition.objects.order_by("year").values_list("year", "place", "notes")),
    ) == (302, [(2008, "Lyon", "Première édition à l’Hôtel de ville"), (2009, "Lyon", "")])


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


def test_past_edition_import_with_an_unreadable_line_names_it_and_imports_nothing(
    client, organiser_user, series
):
    client.force_login(organiser_user)
    huge = CSV + "2010,,,Lyon,1,1,1,1,0," + "x" * 200_000 + "\n"

    response = _upload(client, series, huge)

    assert (response.status_code, response.context["form"].errors, PastEdition.objects.count()) == (
        200,
        {"file": ["Line 4 cannot be read: field larger than field limit (131072)"]},
        0,
    )


def test_past_edition_import_refuses_more_lines_than_past_editions_can_be(
    client, organiser_user, series
):
    # 1 MB of one-letter lines was half a million forms checked in the request (5 minutes)
    # and three million error messages on the page.
    client.force_login(organiser_user)

    response = _upload(client, series, CSV + "x\n" * 500)

    assert (response.context["form"].errors, PastEdition.objects.count()) == (
        {"file": ["The file has more than 500 lines: one line per past edition."]},
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


def _history_rows(client, series, language):
    page = client.get(
        reverse("series:history", args=[series.pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    return row_cells(page.split("<tbody>", 1)[1].split("</tbody>", 1)[0])


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [["120", "30 (25.0\xa0%)", ""], ["2", "1 (50.0\xa0%)", "10–50 k€: 2"], ["", "", ""]],
        ),
        (
            "fr",
            [
                ["120", "30 (25,0\xa0%)", ""],
                ["2", "1 (50,0\xa0%)", "10–50\xa0k€\xa0: 2"],
                ["", "", ""],
            ],
        ),
    ],
)
def test_history_page_shows_the_outcomes_column_in_each_language(
    organiser_client, series, language, expected
):
    _ran(factories.make_edition(series, start_date=dt.date(2019, 6, 12)), held=3, no_shows=1)
    PastEdition.objects.create(
        series=series, year=2008, meetings_answered=120, meetings_with_next_step=30
    )

    rows = _history_rows(organiser_client, series, language)

    assert [row[-3:] for row in rows] == expected


def test_past_edition_form_keeps_the_outcome_figures(organiser_client, series):
    url = reverse("series:past-create", args=[series.pk])

    organiser_client.post(
        url, FIGURES | {"year": "2009", "meetings_answered": "80", "meetings_with_next_step": "20"}
    )

    assert list(
        PastEdition.objects.values_list("year", "meetings_answered", "meetings_with_next_step")
    ) == [(2009, 80, 20)]


def test_past_edition_form_with_more_next_steps_than_answers_names_the_field(
    organiser_client, series
):
    url = reverse("series:past-create", args=[series.pk])

    response = organiser_client.post(
        url, FIGURES | {"year": "2009", "meetings_answered": "10", "meetings_with_next_step": "20"}
    )

    assert (response.context["form"].errors, PastEdition.objects.count()) == (
        {"meetings_with_next_step": ["This cannot be more than the meetings with an outcome."]},
        0,
    )


def test_past_edition_import_reads_the_outcome_columns_when_present(organiser_client, series):
    text = (
        CSV.replace("notes\n", "notes,meetings_answered,meetings_with_next_step\n", 1)
        .replace("First edition\n", "First edition,150,40\n")
        .replace(",20,\n", ",20,,,\n")
    )

    _upload(organiser_client, series, text)

    assert list(
        PastEdition.objects.order_by("year").values_list(
            "year", "meetings_answered", "meetings_with_next_step"
        )
    ) == [(2008, 150, 40), (2009, None, None)]
