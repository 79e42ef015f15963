import csv
import io
import re

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
            ["Declined", "0"],
            ["Withdrawn", "0"],
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


def page_texts(document) -> list[list[str]]:
    """The text of each page, one string per line of text laid out."""
    return [
        [
            box.text
            for box in page._page_box.descendants()
            if type(box).__name__ == "TextBox" and box.text.strip()
        ]
        for page in document.pages
    ]


def between(texts: list[str], start: str, end: str) -> str:
    """The text laid out between two lines, its lines joined (a word cut after a hyphen
    joined again)."""
    text = " ".join(texts[texts.index(start) + 1 : texts.index(end)])
    return re.sub(r"(?<=-) ", "", text)


@pytest.mark.parametrize(
    ("language", "titles", "tables"),
    [
        (
            "en",
            ("Business at stake", "What came of the meetings", "2 / 2"),
            (
                "Value Answers Under 10 k€ 0 10–50 k€ 1 50–250 k€ 0 Over 250 k€ 0",
                "Answer Number Share of answers (%) Answers (two sides per meeting held) 2 100.0 "
                "The meeting took place 2 100.0 Documentation 1 – Quote 1 – Samples 0 – "
                "Factory or site visit 0 – Order 0 – Partnership 0 – Figures as they stand on the "
                "day this report was made. Participants are the validated ones; the no-show rate "
                "is the share of meetings due that a participant missed.",
            ),
        ),
        (
            "fr",
            ("Affaires en jeu", "Ce qu’ont donné les rendez-vous", "2 / 2"),
            (
                "Montant Réponses Moins de 10\xa0k€ 0 10–50\xa0k€ 1 50–250\xa0k€ 0 "
                "Plus de 250\xa0k€ 0",
                "Réponse Nombre Part des réponses (%) Réponses (deux côtés par rendez-vous tenu) "
                "2 100,0 Le rendez-vous a eu lieu 2 100,0 Documentation 1 – Devis 1 – "
                "Échantillons 0 – Visite d’usine ou de site 0 – Commande 0 – Partenariat 0 – "
                "Chiffres au jour où ce rapport a été établi. Les participants sont ceux qui ont "
                "été validés\xa0; le taux d’absence est la part des rendez-vous prévus qu’un "
                "participant a manqués.",
            ),
        ),
    ],
)
def test_funders_report_second_page_shows_the_outcome_tables(
    past_edition, language, titles, tables
):
    with translation.override(language):
        document = funders_document(past_edition)

    second = page_texts(document)[1]
    assert (between(second, *titles[:2]), between(second, *titles[1:])) == tables


IMAGES = {"InlineReplacedBox", "BlockReplacedBox"}


def test_funders_report_fits_its_two_pages_with_six_previous_editions(past_edition):
    """A page is a fixed block: what does not fit is cut off, so each page's last things
    (page 1: the no-show chart; page 2: the six charts and the note) must be laid out."""
    for year in range(2025, 2032):
        populate(factories.make_edition(past_edition.series, slug=f"bm-{year}"), pairs=2)
    edition = past_edition.series.editions.order_by("start_date").last()

    with translation.override("fr"):
        document = funders_document(edition)

    images = [
        sum(type(box).__name__ in IMAGES for box in page._page_box.descendants())
        for page in document.pages
    ]
    last_words = page_texts(document)[1][-2].split()[-1]  # [-1] is the page number
    assert (images, last_words) == ([2, 6], "manqués.")
