"""`python -m paddock export EDITION KIND --format csv|xlsx -o FILE`."""

import csv
import io

import openpyxl
import pytest
from django.core.management import ManagementUtility, call_command

from tests.exchange.conftest import fill_edition

pytestmark = pytest.mark.integration


def run(*args: str) -> str:
    """The command's standard output."""
    out = io.StringIO()
    call_command("export", *args, stdout=out)
    return out.getvalue()


def test_export_command_writes_xlsx_and_tells_the_rows(edition, tmp_path):
    fill_edition(edition, 2)
    path = tmp_path / "meetings.xlsx"

    out = run(edition.slug, "meetings", "--format", "xlsx", "-o", str(path))

    sheet = openpyxl.load_workbook(path).active
    assert out == (f"2 rows written to {path}.\n")
    assert [row[3:5] for row in sheet.iter_rows(values_only=True)] == [
        ("Room", "Table"),
        ("Salle Mulsanne", "T1"),
        ("Salle Mulsanne", "T2"),
    ]


def test_export_command_csv_with_comma_in_french(edition, tmp_path):
    fill_edition(edition, 1)
    path = tmp_path / "requests.csv"

    out = run(
        edition.slug,
        "requests",
        "--format",
        "csv",
        "--delimiter",
        ",",
        "--language",
        "fr",
        "-o",
        str(path),
    )

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    assert out == (f"1 ligne écrite dans {path}.\n")
    assert [row[4:7] for row in rows] == [
        ["Priorité", "Statut", "Réciproque"],
        ["Indispensable", "Acceptée", "non"],
    ]


def test_export_command_unknown_kind_exits_non_zero_listing_the_kinds(edition, capsys):
    utility = ManagementUtility(["paddock", "export", edition.slug, "badges", "-o", "/dev/null"])

    with pytest.raises(SystemExit) as exit_:
        utility.execute()

    assert exit_.value.code == 1
    assert capsys.readouterr().err == (
        "CommandError: Unknown kind “badges”; the kinds are: participants, companies, "
        "requests, meetings, checkins, visits, outcomes.\n"
    )


def test_export_command_unknown_edition_exits_non_zero(db, capsys):
    utility = ManagementUtility(["paddock", "export", "nowhere", "meetings"])

    with pytest.raises(SystemExit) as exit_:
        utility.execute()

    assert exit_.value.code == 1
    assert capsys.readouterr().err == ("CommandError: No edition named nowhere.\n")


def test_export_command_unwritable_file_exits_non_zero(edition, tmp_path, capsys):
    path = tmp_path / "missing" / "meetings.xlsx"
    utility = ManagementUtility(["paddock", "export", edition.slug, "meetings", "-o", str(path)])

    with pytest.raises(SystemExit) as exit_:
        utility.execute()

    assert exit_.value.code == 1
    assert capsys.readouterr().err == (
        f"CommandError: Cannot write {path}: No such file or directory\n"
    )
