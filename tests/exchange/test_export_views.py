"""The exports page: row counts, downloads as XLSX and CSV, refusals."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.exchange.conftest import fill_edition

pytestmark = pytest.mark.integration


def exports_url(edition) -> str:
    return reverse("exchange:exports", kwargs={"edition": edition.slug})


def today(edition) -> str:
    return dt.datetime.now(tz=edition.tzinfo).date().isoformat()


def test_exports_page_lists_kinds_with_row_counts(staff_client, edition):
    fill_edition(edition, 2)

    response = staff_client.get(exports_url(edition))

    counts = [(kind.key, count) for kind, count in response.context["kinds"]]
    assert counts == [
        ("participants", 4),
        ("companies", 4),
        ("requests", 2),
        ("meetings", 2),
        ("checkins", 4),
        ("visits", 2),
        ("outcomes", 2),
    ]


def test_exports_page_in_french(staff_client, edition):
    response = staff_client.get(exports_url(edition), HTTP_ACCEPT_LANGUAGE="fr")

    labels = [str(kind.label) for kind, _count in response.context["kinds"]]
    assert labels == [
        "Participants",
        "Entreprises",
        "Demandes de rendez-vous",
        "Rendez-vous",
        "Arrivées",
        "Visites",
        "Suites des rendez-vous",
    ]


def test_exports_staff_downloads_meetings_as_xlsx(staff_client, edition):
    fill_edition(edition, 1)

    response = staff_client.get(exports_url(edition), {"kind": "meetings", "format": "xlsx"})

    assert response["Content-Disposition"] == (
        f'attachment; filename="{edition.slug}-meetings-{today(edition)}.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [rows[0][:5], rows[1][:5]] == [
        ("Day", "Start", "End", "Room", "Table"),
        (dt.datetime(2031, 6, 12, 0, 0), dt.time(15, 0), dt.time(15, 25), "Salle Mulsanne", "T1"),  # noqa: DTZ001 - Excel's dates carry no zone
    ]


def test_exports_csv_streamed_with_comma_in_french(staff_client, edition):
    fill_edition(edition, 1)

    response = staff_client.get(
        exports_url(edition),
        {"kind": "checkins", "format": "csv", "delimiter": ","},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    content = b"".join(response.streaming_content)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{edition.slug}-checkins-{today(edition)}.csv"'
    )
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert [row[2:] for row in rows] == [
        ["Date et heure d’arrivée", "Lieu", "Enregistré par", "Pass sanitaire contrôlé"],
        ["2031-06-12 15:00", "Entrée", "", "non"],
        ["2031-06-12 15:00", "Entrée", "", "non"],
    ]


def test_exports_unknown_kind_named_and_nothing_downloaded(staff_client, edition):
    response = staff_client.get(exports_url(edition), {"kind": "badges", "format": "pdf"})

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "kind": ["Select a valid choice. badges is not one of the available choices."],
        "format": ["Select a valid choice. pdf is not one of the available choices."],
    }
    assert "What to export: Select a valid choice." in response.content.decode()


def test_exports_participant_refused(client, edition, participant_user):
    client.force_login(participant_user)

    response = client.get(exports_url(edition), {"kind": "participants", "format": "csv"})

    assert (response.status_code, response.get("Content-Disposition")) == (403, None)


def test_exports_tab_in_the_edition_navigation(staff_client, edition):
    response = staff_client.get(reverse("events:edition-home", kwargs={"edition": edition.slug}))

    assert f'href="{exports_url(edition)}"' in response.content.decode()
