"""An export of the participants imported again into an empty edition gives the same people
and companies, in either format and either language."""

import io

import pytest

from paddock.exchange.columns import PARTICIPANT_COLUMNS
from paddock.exchange.exports import KINDS, export_table
from paddock.exchange.imports import import_participants
from paddock.exchange.writing import write_csv, xlsx_bytes
from paddock.participants.enums import CompanySize, ParticipantRole, Sector
from paddock.participants.models import Company, Need, Offer, Participant
from tests import factories
from tests.exchange.conftest import table_and_mapping

pytestmark = pytest.mark.integration


def people_of(edition):
    return sorted(
        (
            p.user.email,
            p.user.first_name,
            p.user.last_name,
            p.company.name,
            p.job_title,
            p.phone,
            p.languages,
            p.role,
        )
        for p in Participant.objects.filter(edition=edition).select_related("user", "company")
    )


def companies_of(edition):
    return sorted(
        (
            c.name,
            c.country.code,
            c.city,
            c.sector,
            c.size,
            c.website,
            c.description,
            sorted(o.category.code for o in Offer.objects.filter(company=c)),
            sorted(n.category.code for n in Need.objects.filter(company=c)),
        )
        for c in Company.objects.filter(edition=edition)
    )


@pytest.fixture
def source(db):
    edition = factories.make_edition(slug="ibd-2021")
    welding = factories.make_category(code="round-trip-welding")
    printing = factories.make_category(code="round-trip-printing")
    soudure = factories.make_company(
        edition,
        name="Soudure Sarthoise",
        country="FR",
        city="Le Mans",
        sector=Sector.METALWORK,
        size=CompanySize.SMALL,
        website="https://soudure.example",
        description="Soudage TIG et MIG;\nacier inoxydable, « aluminium ».",
    )
    Offer.objects.create(company=soudure, category=welding)
    Need.objects.create(company=soudure, category=printing)
    formula = factories.make_company(
        edition, name='=HYPERLINK("http://x")', country="DE", sector=Sector.ADDITIVE
    )
    Offer.objects.create(company=formula, category=printing)
    factories.make_participant(
        edition,
        user=factories.make_user(email="anne@soudure.example", first_name="Anne", last_name="Lé"),
        company=soudure,
        job_title="Gérante",
        phone="+33 6 12 34 56 78",
        languages=["fr", "en"],
        role=ParticipantRole.SUPPLIER,
    )
    factories.make_participant(
        edition,
        user=factories.make_user(email="bob@soudure.example", first_name="Bob", last_name="Ray"),
        company=soudure,
        job_title="-2+3 @SUM(A1)",
        role=ParticipantRole.BOTH,
    )
    factories.make_participant(
        edition,
        user=factories.make_user(email="k@print.example", first_name="Klaus", last_name="Merz"),
        company=formula,
        job_title="\uff1d1+1",  # a full-width equals sign: quoted in the file, read back bare
        languages=["de", "en"],
        role=ParticipantRole.BUYER,
    )
    return edition


@pytest.mark.parametrize(("file_format", "language"), [("csv", "fr"), ("xlsx", "en")])
def test_exported_participants_imported_into_an_empty_edition_give_the_same_people_and_companies(
    source, organiser_user, file_format, language
):
    table = export_table(source, KINDS["participants"], language=language)
    if file_format == "csv":
        buffer = io.BytesIO()
        write_csv(table, buffer)
        data, name = buffer.getvalue(), "participants.csv"
    else:
        data, name = xlsx_bytes(table), "participants.xlsx"
    target = factories.make_edition(series=source.series, slug="ibd-2022")

    file_table, mapping = table_and_mapping(data, name, PARTICIPANT_COLUMNS)
    result = import_participants(target, by=organiser_user, table=file_table, mapping=mapping)

    assert result.errors == []
    assert people_of(target) == people_of(source)
    assert companies_of(target) == companies_of(source)
