"""Importing participants and their companies from a table, all or nothing.

`plan_participants` reads and checks every row without writing (the preview, `--dry-run`);
`import_participants` then creates through the participants' services, in one transaction.
People are added as invited, like the organiser's pasted-lines invitation, but no mail
leaves: sending the invitations is the separate step `send_invitations`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext_noop
from django_countries.fields import Country

from paddock.accounts.enums import OutgoingMailKind
from paddock.accounts.models import User
from paddock.accounts.outbox import queued_mail
from paddock.core.exceptions import DomainError
from paddock.core.services import log_action
from paddock.core.table_statistics import refresh_table_statistics
from paddock.core.text import clean_line, clean_text
from paddock.events.enums import Language
from paddock.events.models import Edition
from paddock.exchange.cell_errors import CellError, Words, column_named, message, problem_of
from paddock.exchange.columns import PARTICIPANT_COLUMNS
from paddock.exchange.mapping import (
    Mapping,
    choice_lookup,
    country_lookup,
    normalise,
    split_list,
)
from paddock.exchange.reading import REPORT_EVERY, Row, Table, reporting
from paddock.participants import batch, registration
from paddock.participants.enums import CompanySize, ParticipantRole, ParticipantStatus, Sector
from paddock.participants.models import Company, Need, Offer, Participant
from paddock.participants.queries import CompaniesByName, categories_for_edition, name_key

COMPANY_FIELDS = ("country", "city", "sector", "size", "website", "description")
PERSON_FIELDS = ("first_name", "last_name", "job_title", "phone")
# Where each text field is stored, for its length limit.
_MODELS = {"first_name": User, "last_name": User, "email": User}
_MODELS |= {"company": Company, "city": Company, "website": Company}
_MODELS |= {"job_title": Participant, "phone": Participant}
_MODEL_FIELD = {"company": "name"}


@dataclass(frozen=True)
class Defaults:
    """Values for cells left empty or columns the file lacks."""

    role: str = ""
    country: str = ""
    sector: str = ""


@dataclass
class PlannedCompany:
    name: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    offers: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    existing: Company | None = None
    given: set[str] = field(default_factory=set)  # fields with a value, valid or not

    @property
    def country_name(self) -> str:
        """The country in the reader's language: the company's own when it takes part already."""
        code = self.existing.country.code if self.existing else self.fields.get("country", "")
        return str(Country(code).name) if code else ""

    @property
    def sector_label(self) -> str:
        code = self.existing.sector if self.existing else self.fields.get("sector", "")
        return str(Sector(code).label) if code in Sector.values else code


@dataclass
class PlannedPerson:
    line: int
    email: str
    company: str  # name_key of the company
    fields: dict[str, str]
    role: str
    languages: list[str]
    company_name: str = ""


@dataclass
class ImportResult:
    """What an import creates (or would, before it runs), or why it cannot."""

    people: list[PlannedPerson] = field(default_factory=list)
    companies: dict[str, PlannedCompany] = field(default_factory=dict)
    errors: list[CellError] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    edition_languages: list[str] = field(default_factory=list)  # as the check read them
    # The unsaved companies and people, checked (`full_clean`) by the plan, to insert.
    checked: tuple[list[Company], batch.CheckedPeople] | None = None

    @property
    def companies_created(self) -> list[PlannedCompany]:
        return [company for company in self.companies.values() if company.existing is None]

    @property
    def companies_reused(self) -> list[PlannedCompany]:
        return [company for company in self.companies.values() if company.existing is not None]


class _Checker:
    """Reads one row's cells through the mapping, collecting errors by line and column."""

    def __init__(self, edition: Edition, mapping: Mapping, defaults: Defaults) -> None:
        self.mapping = mapping
        self.defaults = defaults
        self.errors: list[CellError] = []
        self.countries = country_lookup()
        self.sectors = choice_lookup(Sector)
        self.sizes = choice_lookup(CompanySize)
        self.roles = choice_lookup(ParticipantRole)
        self.languages = choice_lookup(Language)
        codes = categories_for_edition(edition).values_list("code", flat=True)
        self.categories = {code.casefold(): code for code in codes}
        self.edition_languages = list(edition.languages)

    def error(self, line: int, key: str, problem: Words) -> None:
        column = column_named(self.mapping, key, PARTICIPANT_COLUMNS)
        self.errors.append(CellError(line, column, problem))

    def raw(self, row: Row, key: str) -> str:
        index = self.mapping.index(key)
        if index is None or index >= len(row.cells):
            return ""
        return row.cells[index]

    def text(self, row: Row, key: str, *, required: bool = False) -> str:
        value = self.raw(row, key)
        if key == "description":
            value = clean_text(value).strip()
        else:  # spreadsheet cells often carry doubled or trailing spaces
            value = " ".join(clean_line(value).split())
        if required and not value:
            self.error(row.line, key, message(gettext_noop("This value is required.")))
        model = _MODELS.get(key)
        if model is not None:
            limit = model._meta.get_field(_MODEL_FIELD.get(key, key)).max_length
            if limit and len(value) > limit:
                self.error(
                    row.line,
                    key,
                    message(
                        gettext_noop("%(count)d characters, at most %(limit)d."),
                        count=len(value),
                        limit=limit,
                    ),
                )
        return value

    def code(
        self,
        row: Row,
        key: str,
        lookup: dict[str, str],
        *,
        default: str = "",
        required: bool = False,
    ) -> str:
        value = self.text(row, key)
        if not value:
            if required and not default:
                self.error(row.line, key, message(gettext_noop("This value is required.")))
            return default
        code = lookup.get(normalise(value))
        if code is None:
            self.error(
                row.line, key, message(gettext_noop("Unknown value: %(value)s."), value=value)
            )
            return ""
        return code

    def codes(
        self, row: Row, key: str, lookup: dict[str, str], *, key_of: Any = normalise
    ) -> list[str]:
        found = []
        for item in split_list(self.raw(row, key)):
            code = lookup.get(key_of(item))
            if code is None:
                self.error(
                    row.line, key, message(gettext_noop("Unknown code: %(code)s."), code=item)
                )
            elif code not in found:
                found.append(code)
        return found

    def email(self, row: Row) -> str:
        email = self.text(row, "email", required=True).lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                self.error(
                    row.line,
                    "email",
                    message(gettext_noop("%(email)s is not an email address."), email=email),
                )
                return ""
        return email

    def website(self, row: Row) -> str:
        value = self.text(row, "website")
        if value and "://" not in value:
            value = f"https://{value}"
        if value:
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError:
                self.error(
                    row.line,
                    "website",
                    message(gettext_noop("%(url)s is not a web address."), url=value),
                )
        return value


def plan_participants(
    edition: Edition,
    table: Table,
    mapping: Mapping,
    defaults: Defaults | None = None,
    *,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Every person and company the table would create, and every error; writes nothing.
    `progress` is told how many rows were checked as it goes (`reading.reporting`).

    A few queries whatever the size of the file: the edition's companies, the emails of its
    participants, its capability codes.
    """
    defaults = defaults or Defaults()
    checker = _Checker(edition, mapping, defaults)
    existing = CompaniesByName(edition.companies.all())
    # Addresses of the edition's people, and of declined invitations whose account is gone.
    taken = {
        (email or typed).lower()
        for email, typed in edition.participants.values_list("user__email", "invited_email")
    }
    result = ImportResult()
    first_line: dict[str, int] = {}
    for row in reporting(table.rows, progress):
        email = checker.email(row)
        if email in taken:
            checker.error(
                row.line,
                "email",
                message(gettext_noop("%(email)s already takes part in this edition."), email=email),
            )
        elif email in first_line:
            checker.error(
                row.line,
                "email",
                message(
                    gettext_noop("%(email)s is already on line %(line)d."),
                    email=email,
                    line=first_line[email],
                ),
            )
        elif email:
            first_line[email] = row.line
        company = _plan_company(checker, row, result.companies, existing)
        person = _plan_person(checker, row, email, company)
        person.company_name = result.companies[company].name if company else ""
        result.people.append(person)
    for company in result.companies_created:
        _check_new_company(checker, company, defaults)
    result.errors = checker.errors
    result.edition_languages = checker.edition_languages
    if not result.errors:
        _check_models(edition, result, progress)
    return result


def _check_models(
    edition: Edition, result: ImportResult, progress: Callable[[int], None] | None
) -> None:
    """The models' own checks of every row (`full_clean`), here rather than in the import's
    transaction: on SQLite that holds the database's write lock, and these checks were most
    of its time. What may change meanwhile is checked again by the inserts. `progress` hears
    again that every line is checked after each REPORT_EVERY people: a job silent for two
    minutes passes for one whose worker is gone (`core.progress`)."""
    people = _person_fields(result)
    checked = batch.CheckedPeople([], {})
    try:
        companies = batch.check_companies(edition, _company_fields(result))
        for start in range(0, len(people), REPORT_EVERY):
            part = people[start : start + REPORT_EVERY]
            some = batch.check_people(edition, part, status=ParticipantStatus.INVITED)
            checked.participants += some.participants
            checked.accounts |= some.accounts
            if progress is not None:
                progress(len(people))
    except ValidationError as error:
        result.errors = [CellError(0, "", problem_of(error))]
        return
    result.checked = (companies, checked)


def _company_fields(result: ImportResult) -> list[dict[str, Any]]:
    return [
        {"name": c.name, **c.fields, "offers": c.offers, "needs": c.needs}
        for c in result.companies_created
    ]


def _person_fields(result: ImportResult) -> list[dict[str, Any]]:
    return [
        {"email": p.email, "role": p.role, "languages": p.languages, **p.fields}
        for p in result.people
    ]


def _plan_company(
    checker: _Checker,
    row: Row,
    companies: dict[str, PlannedCompany],
    existing: CompaniesByName,
) -> str:
    name = checker.text(row, "company", required=True)
    key = name_key(name)
    if not key:
        return ""
    company = companies.get(key)
    if company is None:
        company = companies[key] = PlannedCompany(name, row.line, existing=existing.find(name))
    values = {
        "country": checker.code(row, "country", checker.countries),
        "city": checker.text(row, "city"),
        "sector": checker.code(row, "sector", checker.sectors),
        "size": checker.code(row, "size", checker.sizes),
        "website": checker.website(row),
        "description": checker.text(row, "description"),
    }
    company.given |= {key for key in values if checker.raw(row, key).strip()}
    for name_, value in values.items():
        if value and not company.fields.get(name_):
            company.fields[name_] = value  # the first row that gives a value decides
    for kind in ("offers", "needs"):
        items = getattr(company, kind)
        codes = checker.codes(row, kind, checker.categories, key_of=str.casefold)
        items += [code for code in codes if code not in items]
    return key


def _check_new_company(checker: _Checker, company: PlannedCompany, defaults: Defaults) -> None:
    for key, default in (("country", defaults.country), ("sector", defaults.sector)):
        company.fields[key] = company.fields.get(key) or default
        if not company.fields[key] and key not in company.given:  # else already reported
            checker.error(
                company.line,
                key,
                message(
                    gettext_noop("%(company)s is a new company: its %(field)s is required."),
                    company=company.name,
                    field=column_named(checker.mapping, key, PARTICIPANT_COLUMNS),
                ),
            )


def _plan_person(checker: _Checker, row: Row, email: str, company: str) -> PlannedPerson:
    role = checker.code(row, "role", checker.roles, default=checker.defaults.role, required=True)
    return PlannedPerson(
        line=row.line,
        email=email,
        company=company,
        fields={name: checker.text(row, name) for name in PERSON_FIELDS},
        role=role,
        # The model wants at least one: the edition's languages when the cell is empty.
        languages=checker.codes(row, "languages", checker.languages) or checker.edition_languages,
    )


def import_participants(
    edition: Edition,
    *,
    by: Any,
    table: Table,
    mapping: Mapping,
    defaults: Defaults | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Create every person and new company of the table, or nothing when any row is wrong.

    Companies are found by name (any case, any spacing) among the edition's and reused as they
    are; new ones get the offers and needs listed on their rows. People are added as invited;
    nobody is mailed. Runs in one transaction; returns the result, whose `errors` list every
    problem by line and column when nothing was written.
    """
    result = plan_participants(edition, table, mapping, defaults)
    if result.errors or dry_run:
        return result
    try:
        write_participants(edition, result, by=by)
    except RowError as failure:
        result.participants = []
        result.errors = [failure.error]
    return result


def write_participants(edition: Edition, result: ImportResult, *, by: Any) -> ImportResult:
    """Create what `result`, a plan without errors, lists, in one transaction; `result` with
    its participants. The writes check again what may have changed since the plan (an email
    taken, a company name, a capability code) and raise RowError then: nothing is written.
    A caller that planned before its transaction asks `plan_still_holds` inside it."""
    with transaction.atomic():
        result.participants = _create(edition, result, by=by)
        # Once committed: a failure there must not undo the import.
        transaction.on_commit(
            partial(refresh_table_statistics, (User, Company, Offer, Need, Participant)),
            robust=True,
        )
        log_action(
            "participants.import",
            by=by,
            edition=edition,
            people=len(result.people),
            companies_created=len(result.companies_created),
            companies_reused=len(result.companies_reused),
        )
    return result


def plan_still_holds(edition: Edition, result: ImportResult) -> bool:
    """What `result` took from the edition is still so: its languages (given to each person
    whose cell is empty) and, for each company of the file, the edition's company of that name
    or none. The insert checks the rest again (emails taken, a new company's name, capability
    codes). Two queries, to run inside the import's transaction when the plan was made before
    it."""
    current = Edition.objects.filter(pk=edition.pk).values_list("languages", flat=True).first()
    if current is None or list(current) != result.edition_languages:
        return False
    existing = CompaniesByName(edition.companies.only("pk", "name"))
    return all(
        getattr(existing.find(company.name), "pk", None)
        == (company.existing.pk if company.existing else None)
        for company in result.companies.values()
    )


class RowError(Exception):
    def __init__(self, error: CellError) -> None:
        super().__init__(str(error))
        self.error = error


def _create(edition: Edition, result: ImportResult, *, by: Any) -> list[Participant]:
    """Bulk writes: a few queries whatever the number of rows. The file was checked just
    before; a refusal now (someone added meanwhile) fails the whole import."""
    new = result.companies_created
    checked_companies, checked_people = result.checked or (None, None)
    try:
        created = batch.create_companies(
            edition, by=by, companies=_company_fields(result), checked=checked_companies
        )
        companies = {name_key(c.name): c.existing for c in result.companies_reused}
        companies |= {
            name_key(planned.name): company for planned, company in zip(new, created, strict=True)
        }
        people = [
            {**fields, "company": companies[person.company]}
            for person, fields in zip(result.people, _person_fields(result), strict=True)
        ]
        return batch.add_participants(
            edition,
            by=by,
            status=ParticipantStatus.INVITED,
            people=people,
            checked=checked_people,
        )
    except (DomainError, ValidationError) as error:
        raise RowError(CellError(0, "", problem_of(error))) from error


class failing_at:  # noqa: N801  (a `with` helper, named like contextlib's)
    """Turns a service's refusal into the error of that line (something changed since the
    check, e.g. a person added meanwhile): the transaction is rolled back."""

    def __init__(self, line: int, column: Words) -> None:
        self.line, self.column = line, column

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, error: BaseException | None, traceback: Any) -> bool:
        if isinstance(error, DomainError | ValidationError):
            raise RowError(CellError(self.line, self.column, problem_of(error)))
        return False


@transaction.atomic
def send_invitations(
    edition: Edition, *, by: Any, participant_ids: Iterable[int]
) -> list[Participant]:
    """Mail the invitation to each of these participants of the edition still invited (the
    others are skipped), through the invitation service: written to the outbox, for the task
    worker (`accounts.outbox`; an import may invite hundreds). Returns those invited. Raises
    RegistrationError `closed` for a closed edition, before any mail."""
    registration.check_invitations_open(edition)
    invited = []
    people = edition.participants.filter(
        pk__in=list(participant_ids), status=ParticipantStatus.INVITED
    ).select_related("user", "edition")
    with queued_mail(kind=OutgoingMailKind.INVITATION, edition=edition):
        for participant in people:
            invited.append(registration.resend_invitation(participant, by=by))
    return invited
