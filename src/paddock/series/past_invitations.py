"""Inviting the people of an earlier edition of the series to a new one: who they were there
(company, status, whether they came, meetings they missed), who is left out and why, and the
invitations themselves, all or nothing, through `many_invitations.invite_many` (the batch
twin of `registration.invite_participant`).

Left out, never invited: an erased person, a deactivated account, an address no mail can
reach (`accounts.mail.deliverable`), anyone already in the new edition (any status), and a
person whose company would join a namesake of the new edition that the directory does not
link to the same organisation. A decline of the earlier edition's invitation and an
unsubscribe from non-essential mail leave a person invitable (docs/privacy.md says why).
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from paddock.accounts.mail import deliverable, language_for
from paddock.checkin.models import CheckIn
from paddock.core.exceptions import DomainError
from paddock.core.services import log_action
from paddock.events.enums import EditionStatus
from paddock.events.models import Edition
from paddock.events.services.locking import lock_edition
from paddock.meetings.enums import Absence, MeetingStatus
from paddock.meetings.models import Meeting
from paddock.participants import batch
from paddock.participants.enums import ParticipantStatus
from paddock.participants.many_invitations import Invitee, invite_many
from paddock.participants.models import Company, Participant
from paddock.participants.queries import CompaniesByName
from paddock.participants.text import fold
from paddock.privacy.services import ERASED_DOMAIN


class PastInvitationError(DomainError):
    code = "past_invitation_error"


# What the list shows: everyone the earlier edition invited, those validated, those who came.
SHOW_ALL, SHOW_VALIDATED, SHOW_CAME = "all", "validated", "came"


@dataclass(frozen=True)
class CompanyPlan:
    """Where a person of the earlier edition goes in the new one: `existing`, the company
    linked to the same organisation; else a copy of `copied` (`source` itself, or the first
    company listed of the same organisation: two companies there that the directory links to
    one organisation become one here); `namesake` when the new edition has a company of the
    copy's name linked otherwise (or not at all)."""

    source: Company
    existing: Company | None = None
    copied: Company | None = None
    namesake: Company | None = None

    @property
    def name(self) -> str:
        return (self.existing or self.copied or self.source).name


@dataclass(frozen=True)
class PastPerson:
    """One participation of the earlier edition, as the organiser sees it."""

    participation: Participant
    name: str
    email: str
    company: CompanyPlan
    came: bool
    missed: int  # meetings they missed there (no-shows on their side)
    left_out: str  # why they cannot be invited, in words; empty when they can

    @property
    def pk(self) -> int:
        return int(self.participation.pk)

    @property
    def status(self) -> str:
        return str(self.participation.status)

    @property
    def validated(self) -> bool:
        return self.status == ParticipantStatus.VALIDATED

    @property
    def declined(self) -> bool:
        return self.status == ParticipantStatus.DECLINED

    @property
    def ticked(self) -> bool:
        """Ticked when the page opens: validated there, and invitable."""
        return self.validated and not self.left_out


def earlier_editions(edition: Edition) -> QuerySet[Edition]:
    """The editions of the same series that started before this one, the latest first."""
    return Edition.objects.filter(
        series_id=edition.series_id, start_date__lt=edition.start_date
    ).order_by("-start_date", "-pk")


def _came(source: Edition) -> set[int]:
    return set(
        CheckIn.objects.filter(edition=source).values_list("participant_id", flat=True).distinct()
    )


def _missed(source: Edition) -> Counter[int]:
    """Meetings each participant missed: two grouped queries, one per side of a meeting."""
    missed: Counter[int] = Counter()
    no_shows = Meeting.objects.filter(edition=source, status=MeetingStatus.NO_SHOW)
    for side, absent in (("first", Absence.FIRST), ("second", Absence.SECOND)):
        rows = (
            no_shows.filter(absent__in=[absent, Absence.BOTH])
            .values(side)
            .annotate(count=Count("pk"))
            .values_list(side, "count")
        )
        missed.update(dict(rows))
    return missed


@dataclass(frozen=True)
class _NewEdition:
    """What the new edition holds already: its people (by account and by address, with their
    status there) and its companies (by organisation and by name)."""

    by_user: dict[int, str]
    by_email: dict[str, str]
    by_organisation: dict[int, Company]
    by_name: CompaniesByName


def _new_edition(edition: Edition) -> _NewEdition:
    by_user, by_email = {}, {}
    rows = edition.participants.values_list("user_id", "user__email", "invited_email", "status")
    for user_id, email, typed, status in rows:
        if user_id is not None:
            by_user[user_id] = status
        for address in (email, typed):
            if address:
                by_email[address.strip().lower()] = status
    by_organisation: dict[int, Company] = {}
    by_name = CompaniesByName()
    for company in edition.companies.order_by("name", "pk"):
        if company.organisation_id is not None:
            by_organisation.setdefault(company.organisation_id, company)
        by_name.add(company)
    return _NewEdition(by_user, by_email, by_organisation, by_name)


def _company_plan(company: Company, copied: Company, new: _NewEdition) -> CompanyPlan:
    """Matched by the directory's organisation, never by name alone: a namesake not linked to
    the same organisation may be another firm."""
    if company.organisation_id in new.by_organisation:
        return CompanyPlan(company, existing=new.by_organisation[company.organisation_id])
    return CompanyPlan(company, copied=copied, namesake=new.by_name.find(copied.name))


def _status_label(status: str) -> str:
    return str(ParticipantStatus(status).label)


def _left_out(
    participation: Participant, email: str, plan: CompanyPlan, new: _NewEdition, edition: Edition
) -> str:
    """Why the person cannot be invited, in words; empty when they can."""
    user = participation.user
    if (user is not None and user.email.endswith(f"@{ERASED_DOMAIN}")) or not email:
        return _("Their personal data was erased.")
    if user is not None and user.is_turned_off:
        return _("Their account was deactivated.")
    if not deliverable(email):
        return _("No mail can reach their address.")
    status = new.by_user.get(user.pk) if user is not None else None
    status = status or new.by_email.get(email.lower())
    if status:
        return _("Already in %(edition)s: %(status)s.") % {
            "edition": edition.name,
            "status": _status_label(status),
        }
    if plan.namesake is not None:
        return _(
            "%(edition)s has a company named %(company)s that your directory does not link to "
            "the same organisation: link them on the participants page first, so that nobody "
            "joins a namesake."
        ) % {"edition": edition.name, "company": plan.namesake.name}
    return ""


def past_people(edition: Edition, source: Edition) -> list[PastPerson]:
    """Everyone `source` invited, with their company there and where it goes in `edition`, in
    the order of the participants list, in six queries whatever their number. The caller
    checked that `source` is one of `earlier_editions(edition)` and that the user organises
    the series."""
    participations = list(
        source.participants.select_related("user", "company", "company__organisation").order_by(
            "company__name", "pk"
        )
    )
    came, missed, new = _came(source), _missed(source), _new_edition(edition)
    first_of_organisation: dict[int, Company] = {}
    for participation in participations:
        if participation.company.organisation_id is not None:
            first_of_organisation.setdefault(
                participation.company.organisation_id, participation.company
            )
    plans: dict[int, CompanyPlan] = {}
    people, seen = [], set()
    for participation in participations:
        email = participation.email_for_organisers().strip()
        company = participation.company
        plan = plans.get(company.pk)
        if plan is None:
            copied = first_of_organisation.get(company.organisation_id, company)
            plan = plans[company.pk] = _company_plan(company, copied, new)
        left_out = _left_out(participation, email, plan, new, edition)
        if not left_out and email.lower() in seen:
            left_out = _("Listed twice: the same address as another person above.")
        seen.add(email.lower())
        people.append(
            PastPerson(
                participation=participation,
                name=participation.name_for_organisers(),
                email=email,
                company=plan,
                came=participation.pk in came,
                missed=missed[participation.pk],
                left_out=left_out,
            )
        )
    return people


def shown(people: Iterable[PastPerson], *, show: str, company: str) -> list[PastPerson]:
    """The people a filter keeps: everyone, those validated, or those who came, and whose
    company there or here contains every word of `company` (any case, any accent)."""
    words = fold(company).split()
    kept = []
    for person in people:
        if show == SHOW_VALIDATED and not person.validated:
            continue
        if show == SHOW_CAME and not person.came:
            continue
        names = fold(f"{person.company.source.name} {person.company.name}")
        if all(word in names for word in words):
            kept.append(person)
    return kept


def _companies(edition: Edition, chosen: list[PastPerson], *, by: Any) -> dict[int, Company]:
    """The new edition's company of each earlier one: the one linked to the same
    organisation, or the copy its plan names, made now (once for all its people, in a few
    queries), linked to the same organisation as the original."""
    found = {p.company.source.pk: p.company.existing for p in chosen if p.company.existing}
    copied: dict[int, Company] = {}
    for person in chosen:
        original = person.company.copied
        if person.company.existing is None and original is not None:
            copied.setdefault(original.pk, original)
    fields = [
        {
            "name": source.name,
            "country": str(source.country),
            "city": source.city,
            "sector": source.sector,
            "size": source.size,
            "website": source.website,
        }
        for source in copied.values()
    ]
    checked = batch.check_companies(edition, fields)
    for company, source in zip(checked, copied.values(), strict=True):
        company.organisation_id = source.organisation_id
    made = dict(
        zip(
            copied,
            batch.create_companies(edition, by=by, companies=fields, checked=checked),
            strict=True,
        )
    )
    for person in chosen:
        plan = person.company
        if plan.source.pk not in found and plan.copied is not None:
            found[plan.source.pk] = made[plan.copied.pk]
    return found


def _invitee(edition: Edition, person: PastPerson, companies: dict[int, Company]) -> Invitee:
    """As the person was in the earlier edition: names as its organisers saw them, role,
    languages, job title; the mail in the account's language, else the new edition's."""
    past = person.participation
    first_name, last_name = past.names_for_organisers()
    return Invitee(
        email=person.email,
        first_name=first_name,
        last_name=last_name,
        company=companies[past.company_id],
        role=past.role,
        languages=past.languages or edition.languages,
        job_title=past.job_title,
        language=language_for(past.user, edition),
    )


def _error_text(error: DomainError | ValidationError) -> str:
    if isinstance(error, DomainError):
        return error.message
    return " ".join(error.messages)


# The people an error names, at most: a second click on "Send" would otherwise list everyone.
_NAMED = 10


def _chosen(people: list[PastPerson], participant_ids: Iterable[int]) -> list[PastPerson]:
    """The people ticked, as they are now; raises PastInvitationError `nobody`, `unknown` (an
    id of no participation of the earlier edition) or `left_out` (naming them and why)."""
    ids = set(participant_ids)
    if not ids:
        raise PastInvitationError(_("Tick at least one person to invite."), code="nobody")
    chosen = [person for person in people if person.pk in ids]
    if len(chosen) != len(ids):
        raise PastInvitationError(
            _("Some of the people ticked are not in this edition: show the list again."),
            code="unknown",
        )
    left_out = [person for person in chosen if person.left_out]
    if left_out:
        reasons = "; ".join(f"{person.name}: {person.left_out}" for person in left_out[:_NAMED])
        if len(left_out) > _NAMED:
            reasons += " " + ngettext(
                "(and %(count)d more)", "(and %(count)d more)", len(left_out) - _NAMED
            ) % {"count": len(left_out) - _NAMED}
        raise PastInvitationError(
            ngettext(
                "%(count)d person ticked can no longer be invited, so nobody was: %(reasons)s",
                "%(count)d people ticked can no longer be invited, so nobody was: %(reasons)s",
                len(left_out),
            )
            % {"count": len(left_out), "reasons": reasons},
            code="left_out",
        )
    return chosen


@transaction.atomic
def invite_from_past_edition(
    edition: Edition, *, by: Any, source: Edition, participant_ids: Iterable[int]
) -> list[Participant]:
    """Invite the people of `source` whose participations are `participant_ids` to `edition`,
    all or nothing, through `many_invitations.invite_many` (the batch twin of
    `registration.invite_participant`: the same invitation, its mail in the account's
    language, else the new edition's), as they were there (names, role, languages, job
    title), into their company of the new edition (`CompanyPlan`); a few queries whatever
    their number.

    The caller checked that `source` is one of `earlier_editions(edition)` and that `by`
    organises the series. Locks the new edition's row, so that two organisers sending at once
    do not invite a person twice; the list is read again under it. Raises
    PastInvitationError (`closed`: the edition is over, `nobody`, `unknown`, `left_out`, and
    `refused` with what the invitation service said); nothing is written then and no mail
    leaves.
    """
    if lock_edition(edition).status == EditionStatus.CLOSED:
        # Hundreds of invitations to an edition that is over, sent from its pages by mistake,
        # could not be taken back; one person is still invited one by one.
        raise PastInvitationError(
            _("%(edition)s is closed: nobody was invited.") % {"edition": edition.name},
            code="closed",
        )
    chosen = _chosen(past_people(edition, source), participant_ids)
    try:
        companies = _companies(edition, chosen, by=by)
        invited = invite_many(
            edition,
            by=by,
            invitees=[_invitee(edition, person, companies) for person in chosen],
        )
    except (DomainError, ValidationError) as error:
        raise PastInvitationError(
            _("%(error)s Nobody was invited: show the list again.") % {"error": _error_text(error)},
            code="refused",
        ) from error
    log_action(
        "participant.invite_from_past", by=by, edition=edition, source=source.pk, count=len(invited)
    )
    return invited
