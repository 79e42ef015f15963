import csv
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import translation

from paddock.reports.documents import funders_document
from tests import factories
from tests.reports.conftest import populate

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("language", ["en", "fr"])
def test_funders_report_has_two_pages_in_each_language(past_edition, language):
    later = factories.make_edition(past_edition.series, name="BM 2025", slug="bm-2025")
    populate(later, pairs=3)

    with translation.override(language):
        document = funders_document(later)

    assert len(document.pages) == 2


def test_funders_report_shows_french_labels(past_edition):
    with translation.override("fr"):
        document = funders_document(past_edition)

    text = "".join(
        box.text
        for page in document.pages
        for box in page._page_box.descendants()
        if hasattr(box, "text")
    )
    assert ("Par rapport aux éditions précédentes" in text, "Against" in text) == (True, False)


def test_report_command_writes_key_figures_and_sections_as_csv(past_edition, tmp_path):
    path = tmp_path / "report.csv"

    call_command("report", "bm-2024", "--format", "csv", "-o", str(path), stdout=io.StringIO())

    blocks = path.read_bytes().decode("utf-8-sig").split("\r\n\r\n")
    assert [list(csv.reader(io.StringIO(block), delimiter=";")) for block in blocks[:2]] == [
        [
            ["Key figures by edition"],
            [
                "Edition",
                "Participants",
                "Companies",
                "Countries",
                "Meetings held",
                "No-show rate (%)",
            ],
            ["BM 2024", "4", "4", "2", "1", "50.0"],
        ],
        [
            ["Participants"],
            ["Stage", "Participants"],
            ["Invited", "1"],
            ["Registered", "1"],
            ["Validated", "4"],
            ["Present", "1"],
        ],
    ]


def test_report_command_writes_one_sheet_per_table_as_xlsx(past_edition, tmp_path):
    path = tmp_path / "report.xlsx"

    call_command("report", "bm-2024", "--format", "xlsx", "-o", str(path), stdout=io.StringIO())

    workbook = openpyxl.load_workbook(path)
    assert (
        workbook.sheetnames,
        [list(row) for row in workbook["Participants by country"].iter_rows(values_only=True)],
    ) == (
        [
            "Key figures by edition",
            "Participants",
            "Participants by country",
            "Participants by sector",
            "From request to meeting",
            "Meetings held and missed",
            "Tables used per time slot",
            "What came of the meetings",
            "Business at stake",
        ],
        [["Country", "Participants"], ["France", 4], ["Germany", 2]],
    )


def test_report_command_unknown_edition_names_it(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as raised:
        call_command("report", "nowhere", "-o", str(tmp_path / "r.pdf"))

    assert str(raised.value) == "No edition is called “nowhere”."
