"""Many companies and participants at once, for imports: the same checks and writes as
`services.create_company` and `services.add_participant` one by one, in a few queries whatever
the number (bulk inserts; one audit entry per call)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.accounts.models import User
from paddock.core.services import log_action
from paddock.core.text import clean_line, clean_text
from paddock.events.models import Edition
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Company, Need, Offer, Participant
from paddock.participants.queries import categories_for_edition, name_key
from paddock.participants.search import refresh_search_text
from paddock.participants.services import CompanyError, ParticipantError, claim_company_names

# Emails looked up per query: PostgreSQL's protocol carries at most 65,535 parameters, and a
# file of 10 MB holds some 170,000 people.
_EMAILS_PER_QUERY = 10_000
# Checked in bulk by the callers below rather than once per row by `full_clean`.
_CHECKED_IN_BULK = ["edition", "user", "company", "validated_by"]


def check_companies(edition: Edition, companies: Sequence[dict[str, Any]]) -> list[Company]:
    """The companies `create_companies` would create from `companies`, unsaved, their fields
    checked (`full_clean`) without the database: an import runs this before its transaction,
    which on SQLite holds the database's write lock. Raises ValidationError for an invalid
    field or a name twice in the list."""
    seen: set[str] = set()
    checked = []
    for given in companies:
        fields = {k: v for k, v in given.items() if k not in {"name", "offers", "needs"}}
        name = clean_line(given["name"]).strip()
        if name_key(name) in seen:
            raise _name_taken(name)
        seen.add(name_key(name))
        company = Company(edition=edition, name=name, **fields)
        company.city = clean_line(company.city).strip()
        company.description = clean_text(company.description)
        company.full_clean(exclude=_CHECKED_IN_BULK, validate_unique=False)
        checked.append(company)
    return checked


def _name_taken(name: str) -> ValidationError:
    return ValidationError(
        {"name": _("A company named %(name)s already takes part.") % {"name": name}},
        code="duplicate_company",
    )


@transaction.atomic
def create_companies(
    edition: Edition,
    *,
    by: Any,
    companies: Sequence[dict[str, Any]],
    checked: list[Company] | None = None,
) -> list[Company]:
    """Create these companies of the edition, as `create_company` does one by one; each dict
    holds `create_company`'s fields, and may list capability codes under `offers` and `needs`.
    `checked` is what `check_companies` made of the same `companies`, when the caller ran it
    before its transaction.

    Raises ValidationError naming the company when the edition already has one of that name
    (any case, any spacing) or twice in the list, or for an invalid field; then nothing is
    created. Raises CompanyError `unknown_category` for a code not in the edition's taxonomy.
    """
    created = check_companies(edition, companies) if checked is None else checked
    claim_company_names(edition, [company.name for company in created])
    Company.objects.bulk_create(created)
    _add_capabilities(edition, created, companies)
    refresh_search_text(created)
    log_action("company.create_many", by=by, edition=edition, count=len(created))
    return created


def _add_capabilities(
    edition: Edition, created: list[Company], companies: Sequence[dict[str, Any]]
) -> None:
    codes = {
        code
        for fields in companies
        for code in (*fields.get("offers", ()), *fields.get("needs", ()))
    }
    categories = {c.code: c for c in categories_for_edition(edition).filter(code__in=codes)}
    unknown = sorted(codes - set(categories))
    if unknown:
        raise CompanyError(
            _("Unknown capability code: %(code)s.") % {"code": ", ".join(unknown)},
            code="unknown_category",
        )
    for model, key in ((Offer, "offers"), (Need, "needs")):
        model.objects.bulk_create(
            model(company=company, category=categories[code])
            for company, fields in zip(created, companies, strict=True)
            for code in fields.get(key, ())
        )


@dataclass
class CheckedPeople:
    """What `add_participants` would add, unsaved and checked: each person's participation
    (without its account and company) and, for each address, a new account to use where the
    address has none."""

    participants: list[Participant]
    accounts: dict[str, User]


def check_people(
    edition: Edition, people: Sequence[dict[str, Any]], *, status: str
) -> CheckedPeople:
    """The participations and new accounts `add_participants` would make of `people` (their
    `company` not needed), their fields checked (`full_clean`) without the database: an import
    runs this before its transaction, which on SQLite holds the database's write lock. Raises
    ValidationError for an invalid field."""
    participants, accounts = [], {}
    for given in people:
        fields = {k: v for k, v in given.items() if k not in _NOT_PARTICIPATION}
        fields["invited_first_name"] = clean_line(given.get("first_name", "")).strip()
        fields["invited_last_name"] = clean_line(given.get("last_name", "")).strip()
        fields["invited_email"] = given["email"].strip()
        participant = Participant(edition=edition, status=status, **fields)
        participant.languages = list(participant.languages)
        participant.full_clean(exclude=_CHECKED_IN_BULK, validate_unique=False)
        participants.append(participant)
        email = given["email"].strip().lower()
        account = accounts[email] = User(
            email=User.objects.normalize_email(email).lower(),
            first_name=fields["invited_first_name"],
            last_name=fields["invited_last_name"],
        )
        account.set_unusable_password()
        account.full_clean(validate_unique=False, exclude=["password"])
    return CheckedPeople(participants, accounts)


_NOT_PARTICIPATION = {"email", "first_name", "last_name", "company"}


@transaction.atomic
def add_participants(
    edition: Edition,
    *,
    by: Any,
    people: Sequence[dict[str, Any]],
    status: str,
    checked: CheckedPeople | None = None,
) -> list[Participant]:
    """Add these representatives to the edition, as `add_participant` does one by one (without
    password links); each dict holds `add_participant`'s fields, with `company` a company of
    the edition. `checked` is what `check_people` made of the same `people`, when the caller
    ran it before its transaction.

    Raises ParticipantError `already_participating` (field `email`) when a person already takes
    part in the edition or is listed twice, `wrong_edition` for a company of another edition,
    ValidationError for an invalid field; then nothing is added.
    """
    emails = [fields["email"].strip().lower() for fields in people]
    taken = {
        email
        for chunk in _chunks(emails)
        for email in edition.participants.annotate(lower_email=Lower("user__email"))
        .filter(lower_email__in=chunk)
        .values_list("lower_email", flat=True)
    }
    # A declined invitation whose unused account is gone still refuses its address.
    taken |= {
        email
        for chunk in _chunks(emails)
        for email in edition.participants.filter(status=ParticipantStatus.DECLINED, user=None)
        .annotate(lower_email=Lower("invited_email"))
        .filter(lower_email__in=chunk)
        .values_list("lower_email", flat=True)
    }
    seen: set[str] = set()
    for email in emails:
        if email in taken or email in seen:
            raise ParticipantError(
                _("%(email)s already takes part in this edition.") % {"email": email},
                code="already_participating",
                field="email",
            )
        seen.add(email)
    checked = check_people(edition, people, status=status) if checked is None else checked
    users = _users_for(emails, checked.accounts)
    now = timezone.now()
    added = checked.participants
    for participant, given, email in zip(added, people, emails, strict=True):
        if given["company"].edition_id != edition.pk:
            raise ParticipantError(
                _("This company does not take part in this edition."),
                code="wrong_edition",
                field="company",
            )
        participant.company, participant.user = given["company"], users[email]
        if status == ParticipantStatus.VALIDATED:
            participant.validated_at, participant.validated_by = now, by
    Participant.objects.bulk_create(added)
    log_action("participant.add_many", by=by, edition=edition, count=len(added), status=status)
    return added


def _users_for(emails: list[str], accounts: dict[str, User]) -> dict[str, User]:
    """The account of each email (any case), left as it is, as `_user_for` does; else its new
    one in `accounts` (checked, without a usable password)."""
    found = {
        user.lower_email: user
        for chunk in _chunks(emails)
        for user in User.objects.annotate(lower_email=Lower("email")).filter(lower_email__in=chunk)
    }
    new = [accounts[email] for email in dict.fromkeys(emails) if email not in found]
    User.objects.bulk_create(new)
    return found | {user.email: user for user in new}


def _chunks(emails: list[str]) -> list[list[str]]:
    return [emails[i : i + _EMAILS_PER_QUERY] for i in range(0, len(emails), _EMAILS_PER_QUERY)]
