import datetime as dt
import io
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from paddock.accounts.models import User
from paddock.core.models import AuditEntry
from paddock.exchange.columns import PARTICIPANT_COLUMNS
from paddock.exchange.imports import Defaults, import_participants
from paddock.exchange.mapping import Mapping, header_names, recognise
from paddock.exchange.meetings import MeetingKind, import_meetings
from paddock.exchange.models import ImportFile
from paddock.exchange.reading import Row, Table
from paddock.meetings.models import MeetingRequest
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Company, Participant
from tests import factories
from tests.exchange.conftest import table_and_mapping
from tests.exchange.files import FRENCH_EXCEL, xlsx
from tests.planner import analyze, rows_known_to_planner

pytestmark = pytest.mark.integration


def _said(result):
    """The result's errors as an organiser reads them: line, column, problem."""
    return [(error.line, str(error.column), error.message) for error in result.errors]


def _people(edition):
    return sorted(
        (
            p.user.email,
            p.user.first_name,
            p.user.last_name,
            p.company.name,
            p.role,
            p.status,
            p.languages,
            p.job_title,
            p.phone,
        )
        for p in Participant.objects.filter(edition=edition).select_related("user", "company")
    )


def _companies(edition):
    return sorted(
        (c.name, c.country.code, c.sector, c.size, c.city, c.website, c.description)
        for c in Company.objects.filter(edition=edition)
    )


def test_import_refuses_an_address_longer_than_an_account_holds(edition, organiser_user):
    address = "a" * 243 + "@example.com"  # 255 characters
    data = f"Email;Company;Country;Sector;Role\n{address};Good;FR;energy;buyer\n".encode()
    table, mapping = table_and_mapping(data)

    result = import_participants(edition, by=organiser_user, table=table, mapping=mapping)

    assert (_said(result), _people(edition)) == (
        [(2, "Email", "255 characters, at most 254.")],
        [],
    )


def test_recognise_headers_in_french_english_and_variants():
    headers = ["E-MAIL", "Prénom", "NOM", "Raison sociale", "pays", "Secteur d’activité", "Job"]

    keys = recognise(headers, PARTICIPANT_COLUMNS)

    assert keys == ["email", "first_name", "last_name", "company", "country", "sector", ""]


def test_recognise_no_two_columns_get_one_field():
    headers = ["Email", "Courriel", "Company", "Société"]

    assert recognise(headers, PARTICIPANT_COLUMNS) == ["email", "", "company", ""]


def test_every_header_spelling_names_one_column_only():
    seen: dict[str, str] = {}
    clashes = []
    for column in PARTICIPANT_COLUMNS:
        for name in header_names(column):
            if seen.setdefault(name, column.key) != column.key:
                clashes.append((name, seen[name], column.key))

    assert clashes == []


def test_import_participants_french_excel_file(edition, organiser_user):
    table, mapping = table_and_mapping(FRENCH_EXCEL)

    result = import_participants(edition, by=organiser_user, table=table, mapping=mapping)

    assert (result.errors, len(result.participants)) == ([], 2)
    assert _people(edition) == [
        (
            "francois.noel@example.fr",
            "François",
            "Noël",
            "Crème Brûlée SA",
            "buyer",
            "invited",
            ["fr", "en"],
            "",
            "",
        ),
        (
            "helene.lefevre@example.fr",
            "Hélène",
            "Lefèvre",
            "Soudures Lefèvre",
            "supplier",
            "invited",
            ["fr", "en"],
            "",
            "",
        ),
    ]
    assert _companies(edition) == [
        ("Crème Brûlée SA", "IT", "energy", "", "", "", ""),
        ("Soudures Lefèvre", "FR", "metalwork", "", "", "", "Soudure TIG\net MIG"),
    ]
    assert list(AuditEntry.objects.filter(action="participants.import").values("data")) == [
        {"data": {"people": 2, "companies_created": 2, "companies_reused": 0}}
    ]


def test_import_participants_same_company_in_any_case_and_existing_company_reused(
    edition, organiser_user
):
    existing = factories.make_company(edition, name="Acme Racing", country="GB")
    data = (
        b"Email,Company,Country,Sector,Role,Languages,Phone,Job title,Offers\n"
        b'a@example.com,Beta  Works,DE,Aerospace,buyer,"fr, EN",+33 6 12,CEO,\n'
        b"b@example.com,beta works,Germany,,Supplier,de,,,\n"
        b"c@example.com,ACME racing,,,both,,,,\n"
    )
    table, mapping = table_and_mapping(data)

    result = import_participants(edition, by=organiser_user, table=table, mapping=mapping)

    assert (
        result.errors,
        [c.name for c in result.companies_created],
        [c.existing for c in result.companies_reused],
    ) == ([], ["Beta Works"], [existing])
    assert _people(edition) == [
        (
            "a@example.com",
            "",
            "",
            "Beta Works",
            "buyer",
            "invited",
            ["fr", "en"],
            "CEO",
            "+33 6 12",
        ),
        ("b@example.com", "", "", "Beta Works", "supplier", "invited", ["de"], "", ""),
        ("c@example.com", "", "", "Acme Racing", "both", "invited", ["fr", "en"], "", ""),
    ]
    assert _companies(edition) == [
        ("Acme Racing", "GB", "automotive", "", "", "", ""),
        ("Beta Works", "DE", "aerospace", "", "", "", ""),
    ]


def test_import_participants_formula_in_company_name_stored_as_text(edition, organiser_user):
    data = xlsx(
        [
            ["Email", "Société", "Pays", "Secteur", "Rôle"],
            ["x@example.com", '=HYPERLINK("http://evil.example","Click")', "FR", "energy", "buyer"],
        ]
    )
    table, mapping = table_and_mapping(data, "list.xlsx")

    result = import_participants(edition, by=organiser_user, table=table, mapping=mapping)

    assert (result.errors, _companies(edition)) == (
        [],
        [('=HYPERLINK("http://evil.example","Click")', "FR", "energy", "", "", "", "")],
    )


def test_import_participants_defaults_fill_missing_role_country_and_sector(edition, organiser_user):
    table, mapping = table_and_mapping(b"Email;Company\nz@example.com;Zeta\n")

    result = import_participants(
        edition,
        by=organiser_user,
        table=table,
        mapping=mapping,
        defaults=Defaults(role="both", country="BE", sector="services"),
    )

    assert (result.errors, _companies(edition), _people(edition)) == (
        [],
        [("Zeta", "BE", "services", "", "", "", "")],
        [("z@example.com", "", "", "Zeta", "both", "invited", ["fr", "en"], "", "")],
    )


def test_import_participants_capabilities_of_new_companies(edition, organiser_user):
    factories.make_category(code="import-milling")
    factories.make_category(code="import-welding")
    data = b"Email;Company;Country;Sector;Role;Offers;Needs\n"
    data += b"o@example.com;Omega;FR;energy;buyer;Import-Milling, import-welding;import-welding\n"
    table, mapping = table_and_mapping(data)

    result = import_participants(edition, by=organiser_user, table=table, mapping=mapping)

    company = Company.objects.get(edition=edition)
    assert (
        result.errors,
        sorted(company.offers.values_list("category__code", flat=True)),
        list(company.needs.values_list("category__code", flat=True)),
    ) == ([], ["import-milling", "import-welding"], ["import-welding"])


def test_import_participants_every_error_listed_and_nothing_created(edition, organiser_user):
    factories.make_participant(edition, user=factories.make_user(email="taken@example.com"))
    before = (User.objects.count(), Company.objects.count(), Participant.objects.count())
    data = (
        "Email;Company;Country;Sector;Role;Languages;Offers;Job title\n"
        "ok@example.com;Good;FR;energy;buyer;fr;;\n"
        "OK@Example.com;Good;FR;energy;buyer;;;\n"
        "not-an-email;Good;FR;energy;buyer;;;\n"
        "TAKEN@example.com;Good;FR;energy;buyer;;;\n"
        "n@example.com;;FR;energy;buyer;;;\n"
        "m@example.com;New One;Atlantis;cooking;king;xx;no-such-code;" + "x" * 151 + "\n"
        "k@example.com;Newer;;;;;;\n"
    ).encode()
    table, mapping = table_and_mapping(data)

    result = import_participants(edition, by=organiser_user, table=table, mapping=mapping)

    assert _said(result) == [
        (3, "Email", "ok@example.com is already on line 2."),
        (4, "Email", "not-an-email is not an email address."),
        (5, "Email", "taken@example.com already takes part in this edition."),
        (6, "Company", "This value is required."),
        (7, "Country", "Unknown value: Atlantis."),
        (7, "Sector", "Unknown value: cooking."),
        (7, "Offers", "Unknown code: no-such-code."),
        (7, "Role", "Unknown value: king."),
        (7, "Job title", "151 characters, at most 150."),
        (7, "Languages", "Unknown code: xx."),
        (8, "Role", "This value is required."),
        (8, "Country", "Newer is a new company: its Country is required."),
        (8, "Sector", "Newer is a new company: its Sector is required."),
    ]
    assert (User.objects.count(), Company.objects.count(), Participant.objects.count()) == before
    assert str(result.errors[0]) == "line 3, column Email: ok@example.com is already on line 2."


def test_import_participants_dry_run_creates_nothing(edition, organiser_user):
    table, mapping = table_and_mapping(FRENCH_EXCEL)

    result = import_participants(
        edition, by=organiser_user, table=table, mapping=mapping, dry_run=True
    )

    assert (result.errors, len(result.people), len(result.companies_created)) == ([], 2, 2)
    assert (Participant.objects.count(), Company.objects.count()) == (0, 0)


def test_periodic_deletes_import_files_older_than_a_day(edition, organiser_user):
    def upload(name):
        return ImportFile.objects.create(
            edition=edition, user=organiser_user, kind="participants", name=name, content=b"x"
        )

    old, recent = upload("old.csv"), upload("recent.csv")
    ImportFile.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=1, minutes=1)
    )
    out = io.StringIO()

    call_command("periodic", stdout=out)

    assert list(ImportFile.objects.values_list("name", flat=True)) == [recent.name]
    assert "delete_old_import_files: 1 file to import deleted.\n" in out.getvalue()


def test_import_participants_errors_on_the_line_a_record_starts_after_a_multiline_field(
    edition, organiser_user
):
    data = (
        "\ufeffEmail,Company,Country,Sector,Role,Description\r\n"
        'a@example.com,Alpha,FR,energy,buyer,"Line one\r\nline two\r\nline three"\r\n'
        "bad@,Beta,FR,energy,buyer,\r\n"
    ).encode()
    table, mapping = table_and_mapping(data)

    result = import_participants(edition, by=organiser_user, table=table, mapping=mapping)

    assert (_said(result), Participant.objects.count(), Company.objects.count()) == (
        [(5, "Email", "bad@ is not an email address.")],
        0,
        0,
    )


def test_import_participants_xlsx_with_merged_header_errors_by_row(edition, organiser_user):
    data = xlsx(
        [
            ["Courriel", "Raison sociale", None, "Pays", "Secteur", "Rôle"],
            ["a@example.com", "Alpha", None, "FR", "energy", "buyer"],
            ["a@example.com", "Alpha", None, "FR", "energy", "buyer"],
            [None, None, None, None, None, None],
            ["b@example.com", "Beta", None, "XX", "energy", "buyer"],
        ],
        merge="B1:C1",
    )
    table, mapping = table_and_mapping(data, "list.xlsx")

    result = import_participants(edition, by=organiser_user, table=table, mapping=mapping)

    assert _said(result) == [
        (3, "Courriel", "a@example.com is already on line 2."),
        (5, "Pays", "Unknown value: XX."),
    ]
    assert (Participant.objects.count(), Company.objects.count()) == (0, 0)


@pytest.mark.parametrize("rows", [1, 3])
def test_import_participants_queries_do_not_grow_with_rows(
    edition, organiser_user, django_assert_num_queries, rows
):
    factories.make_company(edition, name="Known")
    lines = [f"p{n}@example.com;Company {n};FR;energy;buyer" for n in range(rows)]
    lines.append("known@example.com;KNOWN;;;both")
    data = ("Email;Company;Country;Sector;Role\n" + "\n".join(lines) + "\n").encode()
    table, mapping = table_and_mapping(data)

    # The same number for 1 and 3 rows: reads and writes are in bulk (one read for the
    # addresses of declined invitations whose account is gone; one lock of the edition before
    # the new companies' names are read, `claim_company_names`).
    with django_assert_num_queries(23):
        result = import_participants(edition, by=organiser_user, table=table, mapping=mapping)

    assert (result.errors, len(result.participants)) == ([], rows + 1)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_import_participants_leaves_the_planner_counting_the_new_rows(
    edition, organiser_user, django_capture_on_commit_callbacks
):
    """Until autovacuum measured them again, PostgreSQL planned the tables by their size
    before the import: a few rows for what now holds thousands, and nested loops over them."""
    analyze((User, Company, Participant))
    lines = [f"p{n}@example.com;Company {n};FR;energy;buyer" for n in range(30)]
    table, mapping = table_and_mapping(
        ("Email;Company;Country;Sector;Role\n" + "\n".join(lines) + "\n").encode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        import_participants(edition, by=organiser_user, table=table, mapping=mapping)

    assert [rows_known_to_planner(m) for m in (User, Company, Participant)] == [
        User.objects.count(),
        Company.objects.count(),
        Participant.objects.count(),
    ]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_import_meetings_leaves_the_planner_counting_the_new_rows(
    edition, organiser_user, django_capture_on_commit_callbacks
):
    people = [factories.make_participant(edition) for _ in range(6)]
    analyze((MeetingRequest,))
    rows = tuple(
        Row(n + 2, (first.user.email, second.user.email))
        for n, (first, second) in enumerate(pairwise(people))
    )
    table = Table(headers=("email 1", "email 2"), rows=rows)

    with django_capture_on_commit_callbacks(execute=True):
        import_meetings(
            edition,
            by=organiser_user,
            table=table,
            mapping=Mapping(("first_email", "second_email"), table.headers),
            kind=MeetingKind.WISHES,
        )

    assert rows_known_to_planner(MeetingRequest) == MeetingRequest.objects.count() == 5


def test_import_meetings_beside_a_declined_invitation_whose_account_went(
    edition, organiser_user, django_capture_on_commit_callbacks
):
    """Declining deletes the account made for the invitation and keeps the row without it
    (issue 16): the import matched addresses through every row's account and failed on it."""
    first, second = factories.make_participant(edition), factories.make_participant(edition)
    declined = factories.make_participant(
        edition, status=ParticipantStatus.DECLINED, invited_email="ada@example.com"
    )
    Participant.objects.filter(pk=declined.pk).update(user=None)
    rows = (
        Row(2, (first.user.email, second.user.email)),
        Row(3, (first.user.email, "ada@example.com")),
    )
    table = Table(headers=("email 1", "email 2"), rows=rows)

    with django_capture_on_commit_callbacks(execute=True):
        result = import_meetings(
            edition,
            by=organiser_user,
            table=table,
            mapping=Mapping(("first_email", "second_email"), table.headers),
            kind=MeetingKind.WISHES,
        )

    assert [(error.line, error.message) for error in result.errors] == [
        (3, "ada@example.com takes no part in this edition.")
    ]
