import csv
import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from paddock.series.models import PastEdition
from tests import factories
from tests.reports.conftest import populate

pytestmark = pytest.mark.integration


def table_rows(html: str, caption: str) -> list[list[str]]:
    """The cells of the table with this caption, row by row (header row first)."""
    table = html.split(f"<caption>{caption}</caption>", 1)[1].split("</table>", 1)[0]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>.*?</t[hd]>", row)
        ]
        for row in re.findall(r"<tr>.*?</tr>", table, re.DOTALL)
    ]


@pytest.fixture
def organiser_client(client, past_edition):
    user = factories.make_user()
    past_edition.series.organiser.members.add(user)
    client.force_login(user)
    return client


def test_edition_report_shows_what_came_of_the_meetings(organiser_client, past_edition):
    response = organiser_client.get(reverse("reports:edition", args=[past_edition.slug]))

    html = response.content.decode()
    assert (
        table_rows(html, "What came of the meetings"),
        table_rows(html, "Business at stake"),
    ) == (
        [
            ["Answer", "Number", "Share of answers (%)"],
            ["Answers (two sides per meeting held)", "2", "100.0"],
            ["The meeting took place", "2", "100.0"],
            ["Documentation", "1", "–"],
            ["Quote", "1", "–"],
            ["Samples", "0", "–"],
            ["Factory or site visit", "0", "–"],
            ["Order", "0", "–"],
            ["Partnership", "0", "–"],
        ],
        [
            ["Value", "Answers"],
            ["Under 10 k€", "0"],
            ["10–50 k€", "1"],
            ["50–250 k€", "0"],
            ["Over 250 k€", "0"],
        ],
    )


def test_edition_report_shows_each_section_as_a_table(organiser_client, past_edition):
    response = organiser_client.get(reverse("reports:edition", args=[past_edition.slug]))

    html = response.content.decode()
    assert (
        table_rows(html, "Participants"),
        table_rows(html, "Participants by country"),
        table_rows(html, "Participants by sector"),
        table_rows(html, "From request to meeting"),
        table_rows(html, "Meetings held and missed"),
        table_rows(html, "Tables used per time slot"),
    ) == (
        [
            ["Stage", "Participants"],
            ["Invited", "1"],
            ["Registered", "1"],
            ["Validated", "4"],
            ["Declined", "0"],
            ["Withdrawn", "0"],
            ["Present", "1"],
        ],
        [["Country", "Participants"], ["France", "4"], ["Germany", "2"]],
        [["Sector", "Participants"], ["Automotive", "4"], ["Aerospace", "2"]],
        [
            ["Stage", "Number", "Share of requests sent (%)"],
            ["Requests sent", "2", "100.0"],
            ["Requests answered", "2", "100.0"],
            ["Requests accepted", "2", "–"],
            ["Meetings scheduled", "2", "–"],
            ["Meetings held", "1", "–"],
        ],
        [
            ["Meetings", "Number", "Share (%)"],
            ["Held", "1", "50.0"],
            ["One participant missing", "1", "50.0"],
            ["Both participants missing", "0", "0.0"],
        ],
        [
            ["Time slot", "Share of tables used (%)", "Meetings"],
            ["Wed 12 Jun, 09:00", "50.0", "1"],
            ["Wed 12 Jun, 09:30", "0.0", "0"],
        ],
    )


def test_edition_report_in_french_translates_labels_and_numbers(organiser_client, past_edition):
    with translation.override("fr"):
        url = reverse("reports:edition", args=[past_edition.slug])
    organiser_client.cookies["django_language"] = "fr"

    html = organiser_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    chart = organiser_client.get(
        reverse("reports:edition-chart", args=[past_edition.slug, "no-shows"]),
        HTTP_ACCEPT_LANGUAGE="fr",
    ).content.decode()

    assert (
        table_rows(html, "Participants par pays"),
        re.findall(r'plot_title">([^<]*)<', chart),
    ) == (
        [["Pays", "Participants"], ["France", "4"], ["Allemagne", "2"]],
        ["Rendez-vous tenus et manqués"],
    )
    assert ">50,0<" in html


def test_edition_report_in_french_names_the_slots_as_the_grid_does(organiser_client, past_edition):
    with translation.override("fr"):
        url = reverse("reports:edition", args=[past_edition.slug])

    html = organiser_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert [row[0] for row in table_rows(html, "Tables occupées par créneau")] == [
        "Créneau",
        "mer. 12 juin, 09:00",
        "mer. 12 juin, 09:30",
    ]


@pytest.mark.parametrize(
    "section", ["participants", "countries", "sectors", "requests", "no-shows", "table-use"]
)
def test_edition_chart_runs_no_script_and_names_no_outside_host(
    organiser_client, past_edition, section
):
    response = organiser_client.get(
        reverse("reports:edition-chart", args=[past_edition.slug, section])
    )

    svg = response.content.decode()
    assert (
        response["Content-Type"],
        svg.startswith("<svg"),
        "<script" in svg,
        set(re.findall(r"https?://[^\"'\s<>]+", svg)),
    ) == ("image/svg+xml; charset=utf-8", True, False, {"http://www.w3.org/2000/svg"})


def test_edition_table_downloads_as_csv_with_the_page_figures(organiser_client, past_edition):
    response = organiser_client.get(
        reverse("reports:edition-table", args=[past_edition.slug, "countries", "csv"])
    )

    text = response.content.decode("utf-8-sig")
    assert (
        response["Content-Disposition"],
        list(csv.reader(io.StringIO(text), delimiter=";")),
    ) == (
        'attachment; filename="bm-2024-countries.csv"',
        [["Country", "Participants"], ["France", "4"], ["Germany", "2"]],
    )


def test_edition_table_downloads_as_xlsx(organiser_client, past_edition):
    import openpyxl

    response = organiser_client.get(
        reverse("reports:edition-table", args=[past_edition.slug, "sectors", "xlsx"])
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["Sector", "Participants"],
        ["Automotive", 4],
        ["Aerospace", 2],
    ]


def test_edition_table_unknown_section_or_format_is_not_found(organiser_client, past_edition):
    answers = [
        organiser_client.get(
            reverse("reports:edition-table", args=[past_edition.slug, section, file_format])
        ).status_code
        for section, file_format in (("nothing", "csv"), ("countries", "ods"))
    ]

    assert answers == [404, 404]


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_edition_report_query_count_does_not_grow_with_the_edition(organiser_client, past_edition):
    bigger = factories.make_edition(past_edition.series, slug="bm-2031")
    populate(bigger, pairs=8)

    counts = [
        queries_for(organiser_client, reverse("reports:edition", args=[edition.slug]))
        for edition in (past_edition, bigger)
    ]

    assert counts[0] == counts[1]


def test_series_report_query_count_does_not_grow_with_editions(organiser_client, past_edition):
    url = reverse("reports:series", args=[past_edition.series_id])
    before = queries_for(organiser_client, url)
    for year in (2031, 2032):
        populate(factories.make_edition(past_edition.series, slug=f"bm-{year}"), pairs=3)

    assert queries_for(organiser_client, url) == before


def test_series_report_puts_editions_side_by_side(organiser_client, past_edition):
    later = factories.make_edition(
        past_edition.series, name="BM 2025", slug="bm-2025", start_date=dt.date(2025, 6, 12)
    )
    populate(later, pairs=3)
    url = reverse("reports:series", args=[past_edition.series_id])

    html = organiser_client.get(url).content.decode()

    assert table_rows(html, "Key figures by edition") == [
        ["Edition", "Participants", "Companies", "Countries", "Meetings held", "No-show rate (%)"],
        ["BM 2024", "4", "4", "2", "1", "50.0"],
        ["BM 2025", "6", "6", "2", "1", "50.0"],
    ]


def test_series_report_starts_with_the_editions_before_paddock(organiser_client, past_edition):
    PastEdition.objects.create(
        series=past_edition.series,
        year=2008,
        participants=90,
        companies=70,
        countries=5,
        meetings_held=300,
        no_shows=20,
        meetings_answered=120,
        meetings_with_next_step=30,
    )
    PastEdition.objects.create(series=past_edition.series, year=2009, participants=95)
    url = reverse("reports:series", args=[past_edition.series_id])

    html = organiser_client.get(url).content.decode()

    name = past_edition.series.name
    assert table_rows(html, "Key figures by edition") == [
        ["Edition", "Participants", "Companies", "Countries", "Meetings held", "No-show rate (%)"],
        [f"{name} 2008", "90", "70", "5", "300", "6.2"],
        [f"{name} 2009", "95", "0", "0", "0", "–"],
        ["BM 2024", "4", "4", "2", "1", "50.0"],
    ]
    assert table_rows(html, "What came of the meetings, by edition")[1:] == [
        [f"{name} 2008", "120", "30", "25.0"],
        ["BM 2024", "1", "1", "100.0"],
    ]


def test_series_report_shows_outcomes_by_edition(organiser_client, past_edition):
    later = factories.make_edition(
        past_edition.series, name="BM 2025", slug="bm-2025", start_date=dt.date(2025, 6, 12)
    )
    populate(later, pairs=3)
    factories.make_edition(past_edition.series, name="BM 2026", start_date=dt.date(2026, 6, 12))
    url = reverse("reports:series", args=[past_edition.series_id])

    html = organiser_client.get(url).content.decode()

    assert (
        table_rows(html, "What came of the meetings, by edition"),
        table_rows(html, "Business at stake, by edition"),
    ) == (
        [
            [
                "Edition",
                "Meetings with an outcome",
                "Meetings that led to a next step",
                "Share that led to a next step (%)",
            ],
            ["BM 2024", "1", "1", "100.0"],
            ["BM 2025", "1", "1", "100.0"],
            ["BM 2026", "0", "0", "–"],
        ],
        [
            ["Edition", "Under 10 k€", "10–50 k€", "50–250 k€", "Over 250 k€"],
            ["BM 2024", "0", "1", "0", "0"],
            ["BM 2025", "0", "1", "0", "0"],
            ["BM 2026", "0", "0", "0", "0"],
        ],
    )


def test_series_outcome_chart_in_french_translates_its_labels(organiser_client, past_edition):
    url = reverse("reports:series-chart", args=[past_edition.series_id, "outcomes-by-edition"])

    chart = organiser_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert (
        re.findall(r'plot_title">([^<]*)<', chart),
        re.findall(r'<text x="[^"]*" y="[^"]*">([^<]*)</text>', chart),  # the legend
    ) == (
        ["Ce qu’ont donné les rendez-vous, par édition"],
        ["Rendez-vous renseignés", "Rendez-vous suivis d’une suite"],
    )
