"""Many companies and participants at once, for imports: the same checks and writes as
`services.create_company` and `services.add_participant` one by one, in a few queries whatever
the number (bulk inserts; one audit entry per call)."""

from collections.abc import Sequence
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
from paddock.participants.services import CompanyError, ParticipantError

# Emails looked up per query: PostgreSQL's protocol carries at most 65,535 parameters, and a
# file of 10 MB holds some 170,000 people.
_EMAILS_PER_QUERY = 10_000
# Checked in bulk by the callers below rather than once per row by `full_clean`.
_CHECKED_IN_BULK = ["edition", "user", "company", "validated_by"]


@transaction.atomic
def create_companies(
    edition: Edition, *, by: Any, companies: Sequence[dict[str, Any]]
) -> list[Company]:
    """Create these companies of the edition, as `create_company` does one by one; each dict
    holds `create_company`'s fields, and may list capability codes under `offers` and `needs`.

    Raises ValidationError naming the company when the edition already has one of that name
    (any case, any spacing) or twice in the list, or for an invalid field; then nothing is
    created. Raises CompanyError `unknown_category` for a code not in the edition's taxonomy.
    """
    taken = {name_key(name) for name in edition.companies.values_list("name", flat=True)}
    created = []
    for given in companies:
        fields = {k: v for k, v in given.items() if k not in {"name", "offers", "needs"}}
        name = clean_line(given["name"]).strip()
        if name_key(name) in taken:
            raise ValidationError(
                {"name": _("A company named %(name)s already takes part.") % {"name": name}},
                code="duplicate_company",
            )
        taken.add(name_key(name))
        company = Company(edition=edition, name=name, **fields)
        company.city = clean_line(company.city).strip()
        company.description = clean_text(company.description)
        company.full_clean(exclude=_CHECKED_IN_BULK, validate_unique=False)
        created.append(company)
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


@transaction.atomic
def add_participants(
    edition: Edition, *, by: Any, people: Sequence[dict[str, Any]], status: str
) -> list[Participant]:
    """Add these representatives to the edition, as `add_participant` does one by one (without
    password links); each dict holds `add_participant`'s fields, with `company` a company of
    the edition.

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
    users = _users_for(people, emails)
    now = timezone.now()
    added = []
    for given, email in zip(people, emails, strict=True):
        fields = {k: v for k, v in given.items() if k not in {"email", "first_name", "last_name"}}
        fields["invited_first_name"] = clean_line(given.get("first_name", "")).strip()
        fields["invited_last_name"] = clean_line(given.get("last_name", "")).strip()
        fields["invited_email"] = given["email"].strip()
        if fields["company"].edition_id != edition.pk:
            raise ParticipantError(
                _("This company does not take part in this edition."),
                code="wrong_edition",
                field="company",
            )
        participant = Participant(edition=edition, user=users[email], status=status, **fields)
        participant.languages = list(participant.languages)
        if status == ParticipantStatus.VALIDATED:
            participant.validated_at, participant.validated_by = now, by
        participant.full_clean(exclude=_CHECKED_IN_BULK, validate_unique=False)
        added.append(participant)
    Participant.objects.bulk_create(added)
    log_action("participant.add_many", by=by, edition=edition, count=len(added), status=status)
    return added


def _users_for(people: Sequence[dict[str, Any]], emails: list[str]) -> dict[str, User]:
    """The account of each email (any case), left as it is, as `_user_for` does; else a new one
    without a usable password."""
    found = {
        user.lower_email: user
        for chunk in _chunks(emails)
        for user in User.objects.annotate(lower_email=Lower("email")).filter(lower_email__in=chunk)
    }
    new = []
    for fields, email in zip(people, emails, strict=True):
        if email in found:
            continue
        user = found[email] = User(
            email=User.objects.normalize_email(email).lower(),
            first_name=clean_line(fields.get("first_name", "")).strip(),
            last_name=clean_line(fields.get("last_name", "")).strip(),
        )
        user.set_unusable_password()
        user.full_clean(validate_unique=False, exclude=["password"])
        new.append(user)
    User.objects.bulk_create(new)
    return found


def _chunks(emails: list[str]) -> list[list[str]]:
    return [emails[i : i + _EMAILS_PER_QUERY] for i in range(0, len(emails), _EMAILS_PER_QUERY)]
