"""Invitations in bulk: pasted "email; first name; last name; company" lines, all or nothing."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from paddock.accounts.enums import OutgoingMailKind
from paddock.accounts.models import EMAIL_MAX_LENGTH
from paddock.accounts.outbox import queued_mail
from paddock.core.exceptions import DomainError
from paddock.events.models import Edition
from paddock.participants import services
from paddock.participants.models import Company, Participant
from paddock.participants.queries import CompaniesByName
from paddock.participants.registration import RegistrationError, invite_participant


@dataclass(frozen=True)
class InvitationLine:
    number: int
    email: str
    first_name: str
    last_name: str
    company: str


def parse_invitation_lines(text: str) -> tuple[list[InvitationLine], list[str]]:
    """'email; first name; last name; company' lines -> the lines, and errors naming each line.

    Blank lines are skipped; a tab may separate the fields instead of a semicolon
    (as when pasting from a spreadsheet); commas may appear in company names.
    """
    lines, errors, seen = [], [], set()
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        fields = [part.strip() for part in re.split(r"[;\t]", raw)]
        if len(fields) != 4 or not all(fields):
            errors.append(
                _("Line %(number)d: expected “email; first name; last name; company”.")
                % {"number": number}
            )
            continue
        email = fields[0].lower()
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                _("Line %(number)d: %(email)s is not an email address.")
                % {"number": number, "email": fields[0]}
            )
            continue
        if len(email) > EMAIL_MAX_LENGTH:
            errors.append(
                _("Line %(number)d: the address has more than %(limit)d characters.")
                % {"number": number, "limit": EMAIL_MAX_LENGTH}
            )
            continue
        if email in seen:
            errors.append(
                _("Line %(number)d: %(email)s is listed twice.")
                % {"number": number, "email": email}
            )
            continue
        seen.add(email)
        lines.append(InvitationLine(number, email, *fields[1:]))
    return lines, errors


def _error_text(error: Exception) -> str:
    if isinstance(error, DomainError):
        return error.message
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    raise error


@transaction.atomic
def invite_participants_in_bulk(
    edition: Edition,
    *,
    by: Any,
    text: str,
    role: str,
    languages: Sequence[str],
    language: str,
    new_company_fields: dict[str, Any] | None = None,
) -> list[Participant]:
    """Invite every line of `text` ('email; first name; last name; company'), all or nothing.

    A company is found by name (any case, any spacing) among the edition's, else created with
    `new_company_fields` (country, sector). Raises ValidationError on `lines` listing every
    faulty line by its number; then nothing is written and no mail is queued.
    """
    lines, errors = parse_invitation_lines(text)
    if not lines and not errors:
        errors.append(_("Paste at least one line."))
    companies = CompaniesByName(edition.companies.all())
    invited = []
    # Each invitation's mail goes to the outbox, written with the invitations: the worker
    # sends them (docs/operations.md). A faulty line fails them all, so no savepoint rolled
    # back leaves its mail in the block.
    with queued_mail(kind=OutgoingMailKind.INVITATION, edition=edition):
        for line in lines:
            try:
                # A savepoint, so that later lines can still be checked.
                with transaction.atomic():
                    company = _company_for(
                        edition,
                        line,
                        by=by,
                        companies=companies,
                        new_company_fields=new_company_fields,
                    )
                    invited.append(
                        invite_participant(
                            edition,
                            by=by,
                            email=line.email,
                            first_name=line.first_name,
                            last_name=line.last_name,
                            company=company,
                            role=role,
                            languages=languages,
                            language=language,
                        )
                    )
                    companies.add(company)
            except (DomainError, ValidationError) as error:
                errors.append(
                    _("Line %(number)d: %(error)s")
                    % {"number": line.number, "error": _error_text(error)}
                )
    if errors:
        raise ValidationError({"lines": errors}, code="invalid_lines")
    return invited


def _company_for(
    edition: Edition,
    line: InvitationLine,
    *,
    by: Any,
    companies: CompaniesByName,
    new_company_fields: dict[str, Any] | None,
) -> Company:
    """The edition's company of that name (any case, any spacing), or a new one from
    `new_company_fields`."""
    company = companies.find(line.company)
    if company is not None:
        return company
    if not new_company_fields:
        raise RegistrationError(
            _("%(company)s is a new company: choose the country and sector of new companies.")
            % {"company": line.company},
            code="new_company",
        )
    return services.create_company(edition, by=by, name=line.company, **new_company_fields)
