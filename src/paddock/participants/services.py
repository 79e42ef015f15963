"""Every write about companies, participants, their offers and needs.

The capability taxonomy has its own writes in `taxonomy_services.py`.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from paddock.accounts.mail import send_after_commit
from paddock.accounts.models import User
from paddock.core.exceptions import DomainError
from paddock.core.services import log_action
from paddock.core.text import clean_line, clean_text
from paddock.events.models import Edition
from paddock.events.services.locking import lock_edition
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Category, Company, Need, Offer, Organisation, Participant
from paddock.participants.organisations import link_company, organisation_for_new_company
from paddock.participants.queries import categories_for_edition, name_key
from paddock.participants.registration_emails import (
    queue_validation_emails,
    send_validation_email,
)
from paddock.participants.search import refresh_search_text

CapabilityList = Sequence[tuple[str | None, str]]


class ParticipantError(DomainError):
    code = "participant_error"


class CompanyError(DomainError):
    code = "company_error"


# The status changes made by hand: action -> (statuses it may start from, status it ends in).
# Registration itself (invited -> registered) belongs to the participant's own flow; a
# withdrawal (`participants.withdrawal`) is the person's or an organiser's, its undo an
# organiser's.
TRANSITIONS: dict[str, tuple[frozenset[ParticipantStatus], ParticipantStatus]] = {
    "validate": (frozenset({ParticipantStatus.REGISTERED}), ParticipantStatus.VALIDATED),
    "withdraw_validation": (frozenset({ParticipantStatus.VALIDATED}), ParticipantStatus.REGISTERED),
    "withdraw": (
        frozenset({ParticipantStatus.REGISTERED, ParticipantStatus.VALIDATED}),
        ParticipantStatus.WITHDRAWN,
    ),
    "undo_withdrawal": (frozenset({ParticipantStatus.WITHDRAWN}), ParticipantStatus.REGISTERED),
}


def check_transition(participant: Participant, action: str) -> ParticipantStatus:
    """The status `action` leads to from the participant's; ParticipantError otherwise."""
    sources, target = TRANSITIONS[action]
    if participant.status in sources:
        return target
    names = {"name": participant.name_for_organisers()}
    if action == "validate" and participant.status == ParticipantStatus.DECLINED:
        raise ParticipantError(_("%(name)s declined the invitation.") % names, code="declined")
    if action == "validate" and participant.status == ParticipantStatus.INVITED:
        raise ParticipantError(
            _("%(name)s has not registered yet: only registered participants can be validated.")
            % names,
            code="not_registered",
        )
    if action == "validate" and participant.status == ParticipantStatus.WITHDRAWN:
        raise ParticipantError(
            _("%(name)s withdrew from the edition: undo the withdrawal first.") % names,
            code="withdrawn",
        )
    if action == "validate":
        raise ParticipantError(
            _("%(name)s is already validated.") % names, code="already_validated"
        )
    if action == "withdraw" and participant.status == ParticipantStatus.WITHDRAWN:
        raise ParticipantError(
            _("%(name)s has already withdrawn.") % names, code="already_withdrawn"
        )
    if action == "withdraw":
        raise ParticipantError(
            _("%(name)s does not take part in the edition: there is nothing to withdraw from.")
            % names,
            code="not_taking_part",
        )
    if action == "undo_withdrawal":
        raise ParticipantError(_("%(name)s has not withdrawn.") % names, code="not_withdrawn")
    raise ParticipantError(
        _("%(name)s is not validated, so there is no validation to withdraw.") % names,
        code="not_validated",
    )


def request_recompute(edition: Edition) -> None:
    """Ask matchmaking to recompute the edition's recommendations once this transaction commits.

    Every service that changes what matchmaking reads (offers, needs, roles, languages,
    validation) calls it.
    """
    try:
        # Lazy: matchmaking reads the participants app, not the other way round.
        from paddock.matchmaking.tasks import request_recompute as enqueue
    except ImportError:  # matchmaking not installed in this deployment
        return
    enqueue(edition)


def has_commitments(participant: Participant) -> bool:
    """Whether the person has a meeting not cancelled, a pending or accepted request, or a
    seat or waiting place in a visit."""
    # Lazy: meetings and visits read the participants app, not the other way round.
    from paddock.meetings.enums import LIVE_REQUEST_STATUSES, MeetingStatus
    from paddock.meetings.models import Meeting
    from paddock.visits.enums import LIVE_BOOKING_STATUSES

    meetings = Meeting.objects.filter(Q(first=participant) | Q(second=participant))
    requests = (participant.requests_sent, participant.requests_received)
    return (
        meetings.exclude(status=MeetingStatus.CANCELLED).exists()
        or any(r.filter(status__in=LIVE_REQUEST_STATUSES).exists() for r in requests)
        or participant.visit_bookings.filter(status__in=LIVE_BOOKING_STATUSES).exists()
    )


def locked(participant: Participant) -> Participant:
    """The participant's row, locked until the end of the transaction, with fresh status."""
    fresh = Participant.objects.select_for_update().get(pk=participant.pk)
    participant.status = fresh.status
    return participant


@transaction.atomic
def validate_participant(participant: Participant, *, by: Any) -> Participant:
    """Accept a registered participant into the edition.

    Locks the participant's row. Raises ParticipantError (`not_registered`, `declined`,
    `already_validated`) when the participant is not in status registered.
    """
    participant = locked(participant)
    participant.status = check_transition(participant, "validate")
    participant.validated_at = timezone.now()
    participant.validated_by = by
    participant.save(update_fields=["status", "validated_at", "validated_by"])
    log_action("participant.validate", by=by, edition=participant.edition, obj=participant)
    send_after_commit(send_validation_email, participant)
    request_recompute(participant.edition)
    return participant


@transaction.atomic
def withdraw_validation(participant: Participant, *, by: Any) -> Participant:
    """Put a validated participant back to registered, forgetting who validated and when: a
    validation made by mistake, before the person has anything going on.

    Locks the participant's row. Raises ParticipantError `not_validated` otherwise, and
    `has_commitments` when the person has a live meeting, request or visit booking (which
    would stay: the withdrawal, `participants.withdrawal`, ends them and tells the others).
    """
    participant = locked(participant)
    participant.status = check_transition(participant, "withdraw_validation")
    if has_commitments(participant):
        raise ParticipantError(
            _(
                "%(name)s has meetings, meeting requests or visit seats, which would stay as "
                "they are. To take them out of the edition, withdraw their participation "
                "instead: it cancels them and tells the other side."
            )
            % {"name": participant.name_for_organisers()},
            code="has_commitments",
        )
    participant.validated_at = None
    participant.validated_by = None
    participant.save(update_fields=["status", "validated_at", "validated_by"])
    log_action(
        "participant.withdraw_validation", by=by, edition=participant.edition, obj=participant
    )
    request_recompute(participant.edition)
    return participant


@transaction.atomic
def validate_participants(
    edition: Edition, *, by: Any, participant_ids: Iterable[int]
) -> tuple[list[Participant], int]:
    """Validate every registered participant among `participant_ids` of this edition.

    Ids of other editions are ignored; participants not in status registered are skipped.
    Returns the validated participants and the number skipped. Locks the selected rows. Their
    mails go to the outbox (`accounts.outbox`), for the task worker.
    """
    ids = set(participant_ids)
    selected = list(
        # Only these rows: the user is on the nullable side of an outer join (PostgreSQL).
        edition.participants.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("user", "company")
        .order_by("pk")
    )
    validated = []
    now = timezone.now()
    for participant in selected:
        if participant.status != ParticipantStatus.REGISTERED:
            continue
        participant.status = ParticipantStatus.VALIDATED
        participant.validated_at = now
        participant.validated_by = by
        participant.save(update_fields=["status", "validated_at", "validated_by"])
        log_action("participant.validate", by=by, edition=edition, obj=participant)
        validated.append(participant)
    queue_validation_emails(edition, validated)
    if validated:
        request_recompute(edition)
    return validated, len(selected) - len(validated)


def _user_for(email: str, *, first_name: str, last_name: str) -> User:
    """The account with this email (any case), left as it is: its names are its owner's. Else
    a new one with these names and without a usable password."""
    # Locked: an unused account may be deleted meanwhile (`unused_accounts`).
    user = User.objects.select_for_update().filter(email__iexact=email.strip()).first()
    if user is None:
        return User.objects.create_user(
            email.strip(), None, first_name=first_name, last_name=last_name
        )
    return user


@transaction.atomic
def add_participant(
    edition: Edition,
    *,
    by: Any,
    email: str,
    first_name: str,
    last_name: str,
    company: Company,
    job_title: str = "",
    phone: str = "",
    role: str,
    languages: list[str],
    status: str = ParticipantStatus.VALIDATED,
) -> Participant:
    """Add a company's representative to the edition. Organisers do it through
    `registration.invite_participant`, which asks for the person's consent.

    Reuses the account with that email (case-insensitive), unchanged, or creates one without a
    usable password. The names given are kept on the participant: organisers see them, not an
    existing account's, until the person accepts. A participant added as validated is
    validated by `by`, now. Raises ParticipantError `already_participating`
    (field `email`) when the person already takes part in this edition, `wrong_edition` (field
    `company`) when the company belongs to another edition, and ValidationError for invalid
    fields.
    """
    if company.edition_id != edition.pk:
        raise ParticipantError(
            _("This company does not take part in this edition."),
            code="wrong_edition",
            field="company",
        )
    if edition.participants.filter(user__email__iexact=email.strip()).exists():
        raise ParticipantError(
            _("%(email)s already takes part in this edition.") % {"email": email.strip()},
            code="already_participating",
            field="email",
        )
    first_name, last_name = clean_line(first_name).strip(), clean_line(last_name).strip()
    user = _user_for(email, first_name=first_name, last_name=last_name)
    participant = Participant(
        edition=edition,
        user=user,
        invited_first_name=first_name,
        invited_last_name=last_name,
        invited_email=email.strip(),
        company=company,
        job_title=job_title,
        phone=phone,
        role=role,
        languages=list(languages),
        status=status,
    )
    if status == ParticipantStatus.VALIDATED:
        participant.validated_at = timezone.now()
        participant.validated_by = by
    participant.full_clean()
    participant.save()
    log_action("participant.add", by=by, edition=edition, obj=participant, status=status)
    return participant


def claim_company_names(edition: Edition, names: Sequence[str]) -> None:
    """The one check before any company is made (`create_company`, and `batch.create_companies`
    for imports and invitations from an earlier edition): locks the edition's row
    (`lock_edition`), then reads its companies' names, so that two paths making a company of
    one name at once make it once; the second waits, then sees the first's company. The open
    form's confirmation takes the same lock, first.

    Call inside the transaction that makes the companies, before locking any other row. Raises
    ValidationError `duplicate_company` (field `name`) for a name the edition has already, as
    `name_key` compares names, or twice in `names`."""
    lock_edition(edition)
    taken = {name_key(name) for name in edition.companies.values_list("name", flat=True)}
    for name in names:
        if name_key(name) in taken:
            raise ValidationError(
                {"name": _("A company named %(name)s already takes part.") % {"name": name}},
                code="duplicate_company",
            )
        taken.add(name_key(name))


@transaction.atomic
def create_company(
    edition: Edition,
    *,
    by: Any,
    name: str,
    country: str,
    city: str = "",
    sector: str,
    size: str = "",
    website: str = "",
    description: str = "",
    organisation: Organisation | None = None,
    new_organisation: bool = False,
) -> Company:
    """Create a company of the edition, linked to `organisation` of the organiser's directory,
    or to a new one with `new_organisation`; without either, to a new organisation unless one
    of the directory bears the name (then unlinked, shown to the organiser as a suggestion).

    Locks the edition first (`claim_company_names`). Raises ValidationError naming the field:
    `name` when the edition already has a company of that name (`name_key`: any case, any
    spacing, any look-alike letter), or any invalid field; OrganisationError (field
    `organisation`) for another organiser's organisation.
    """
    name = clean_line(name).strip()
    claim_company_names(edition, [name])
    company = Company(
        edition=edition,
        name=name,
        country=country,
        city=clean_line(city).strip(),
        sector=sector,
        size=size,
        website=website,
        description=clean_text(description),
    )
    company.full_clean()
    if organisation is None:
        company.organisation = organisation_for_new_company(
            edition, name, country=country, website=website, always=new_organisation
        )
    company.save()
    if organisation is not None:
        link_company(company, by=by, organisation=organisation)
    refresh_search_text([company])
    log_action("company.create", by=by, edition=edition, obj=company)
    return company


@transaction.atomic
def add_participant_with_new_company(
    edition: Edition, *, by: Any, company_fields: dict[str, Any], **participant_fields: Any
) -> Participant:
    """Create the company and its first representative together: both or neither.

    Raises what `create_company` and `add_participant` raise.
    """
    company = create_company(edition, by=by, **company_fields)
    return add_participant(edition, by=by, company=company, **participant_fields)


def _capability_rows(
    items: CapabilityList, categories: dict[str, Category], *, empty_message: str
) -> list[tuple[Category | None, str]]:
    rows = []
    for code, raw_text in items:
        text = clean_text(raw_text or "").strip()
        if not code and not text:
            raise CompanyError(empty_message, code="empty_capability")
        if code and code not in categories:
            raise CompanyError(
                _("Unknown capability code: %(code)s.") % {"code": code},
                code="unknown_category",
            )
        rows.append((categories[code] if code else None, text))
    return rows


@transaction.atomic
def set_capabilities(
    company: Company, *, by: Any, offers: CapabilityList, needs: CapabilityList
) -> tuple[list[Offer], list[Need]]:
    """Replace the company's offers and needs with these (category code or None, text) pairs.

    Raises CompanyError `unknown_category` for a code not in the edition's taxonomy and
    `empty_capability` for an item with neither code nor text; nothing changes then.
    """
    codes = {code for code, _text in [*offers, *needs] if code}
    usable = categories_for_edition(company.edition).filter(code__in=codes)
    categories = {c.code: c for c in usable}
    offer_rows = _capability_rows(
        offers,
        categories,
        empty_message=_("Each offer must name a capability, describe it in words, or both."),
    )
    need_rows = _capability_rows(
        needs,
        categories,
        empty_message=_("Each need must name a capability, describe it in words, or both."),
    )
    company.offers.all().delete()
    company.needs.all().delete()
    created_offers = Offer.objects.bulk_create(
        Offer(company=company, category=category, text=text) for category, text in offer_rows
    )
    created_needs = Need.objects.bulk_create(
        Need(company=company, category=category, text=text) for category, text in need_rows
    )
    refresh_search_text([company])
    log_action(
        "company.set_capabilities",
        by=by,
        edition=company.edition,
        obj=company,
        offers=len(created_offers),
        needs=len(created_needs),
    )
    return created_offers, created_needs
