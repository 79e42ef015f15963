"""Writes about an edition's team: roles offered by email, accepted or declined by the person
invited, withdrawn, and removed.

Organisers of the series' Organiser hold their role implicitly (`rules.roles_for`); the team
page offers the per-edition roles. An offer is a TeamInvitation, whether the address has an
account or not; the person holds the role (an EditionMembership) only once they accept it,
after logging in, or choosing a password when they had no account. Until then organisers see
the address they typed and the role, never the account's names.
"""

from functools import partial
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from paddock.accounts import services as accounts
from paddock.accounts.enums import TokenPurpose
from paddock.accounts.models import User
from paddock.core.services import log_action
from paddock.events import rules
from paddock.events.emails import send_team_invitation
from paddock.events.enums import EditionRole, TeamInvitationStatus
from paddock.events.exceptions import TeamError
from paddock.events.models import Edition, EditionMembership, TeamInvitation

# The roles the team page gives. Organisers are members of the series' Organiser instead.
TEAM_ROLES = (EditionRole.STAFF, EditionRole.CHECKIN, EditionRole.ZONE_HOST)


def removed_error() -> TeamError:
    return TeamError(
        _("You are no longer in this edition's team: ask the organiser."), code="removed"
    )


def _check_role(role: str) -> EditionRole:
    if role not in TEAM_ROLES:
        raise TeamError(
            _("Choose the role to give: staff, check-in agent or zone host."),
            code="unknown_role",
            field="role",
        )
    return EditionRole(role)


def _check_not_in_team(edition: Edition, user: User) -> None:
    if rules.is_organiser(user, edition):
        raise TeamError(
            _("%(email)s organises this edition already.") % {"email": user.email},
            code="already_organiser",
            field="email",
        )
    held = edition.memberships.filter(user=user).first()
    if held is not None:
        raise TeamError(
            _("%(email)s is in the team already (%(role)s). Remove them first to change the role.")
            % {"email": user.email, "role": held.get_role_display()},
            code="already_member",
            field="email",
        )


def _check_not_invited(edition: Edition, user: User, email: str) -> None:
    """Refuses a second pending invitation; a declined one gives way to the new one."""
    earlier = edition.team_invitations.select_for_update().filter(user=user).first()
    if earlier is None:
        return
    if earlier.status == TeamInvitationStatus.PENDING:
        raise TeamError(
            _(
                "%(email)s is invited already (%(role)s). Withdraw the invitation first to "
                "offer another role."
            )
            % {"email": email, "role": earlier.get_role_display()},
            code="already_invited",
            field="email",
        )
    earlier.delete()


@transaction.atomic
def invite_team_member(edition: Edition, *, by: Any, email: str, role: str) -> TeamInvitation:
    """Offer `role` (staff, check-in agent or zone host) in the edition to the person with
    this address, who holds it once they accept (`accept_team_invitation`, `join_team`).

    An account with this address is left as it is (nothing of it is shown to the organiser);
    without one, an account is created without a usable password. Either way the person gets
    a single-use link, once the transaction commits, in their language. Raises TeamError
    `unknown_role` (field `role`), `already_organiser`, `already_member` and `already_invited`
    (field `email`); nothing changes then.
    """
    role = _check_role(role)
    email = email.strip().lower()
    # Locked: an account nobody used may be deleted meanwhile (participants.unused_accounts).
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is not None:
        _check_not_in_team(edition, user)
        _check_not_invited(edition, user, email)
    else:
        user = User.objects.create_user(email, None)
    invitation = TeamInvitation.objects.create(
        edition=edition, user=user, email=email, role=role, invited_by=by
    )
    secret = accounts.issue_token(user, purpose=TokenPurpose.INVITATION, edition=edition, by=by)
    transaction.on_commit(partial(send_team_invitation, invitation, secret))
    log_action("team.invite", by=by, edition=edition, obj=invitation, email=email, role=role)
    return invitation


@transaction.atomic
def withdraw_team_invitation(invitation: TeamInvitation, *, by: Any) -> None:
    """Take back an invitation not accepted yet (or declined): its link stops working."""
    edition, user = invitation.edition, invitation.user
    TeamInvitation.objects.filter(pk=invitation.pk).delete()
    accounts.retire_tokens(user, edition=edition)
    log_action(
        "team.withdraw", by=by, edition=edition, email=invitation.email, role=invitation.role
    )


def _other_organisers_exist(membership: EditionMembership) -> bool:
    edition = membership.edition
    return (
        edition.series.organiser.members.exists()
        or edition.memberships.filter(role=EditionRole.ORGANISER).exclude(pk=membership.pk).exists()
    )


@transaction.atomic
def remove_team_member(membership: EditionMembership, *, by: Any) -> None:
    """Take the role away; the person's unused invitation links to the edition stop working.

    Raises TeamError `last_organiser` when the role is the edition's last organiser.
    """
    locked = EditionMembership.objects.select_for_update().select_related("edition", "user")
    membership = locked.get(pk=membership.pk)
    if membership.role == EditionRole.ORGANISER and not _other_organisers_exist(membership):
        raise TeamError(
            _("%(name)s is the edition's last organiser: give the role to someone else first.")
            % {"name": membership.user},
            code="last_organiser",
        )
    edition, user = membership.edition, membership.user
    membership.delete()
    accounts.retire_tokens(user, edition=edition)
    log_action("team.remove", by=by, edition=edition, email=user.email, role=membership.role)


def _pending_invitation(edition: Edition, user: User) -> TeamInvitation:
    """The user's pending invitation to the edition's team, locked; TeamError `removed` when
    it was withdrawn or declined meanwhile."""
    invitation = (
        edition.team_invitations.select_for_update()
        .filter(user=user, status=TeamInvitationStatus.PENDING)
        .first()
    )
    if invitation is None:
        raise removed_error()
    return invitation


def _take_role(invitation: TeamInvitation, *, by: User) -> EditionMembership:
    membership = EditionMembership.objects.create(
        edition=invitation.edition, user=invitation.user, role=invitation.role
    )
    invitation.delete()
    accounts.retire_tokens(membership.user, edition=membership.edition)
    log_action("team.join", by=by, edition=membership.edition, obj=membership)
    return membership


@transaction.atomic
def accept_team_invitation(edition: Edition, *, token: str, by: User) -> EditionMembership:
    """The invited person, logged in, takes the role offered: the link is used.

    Locks the link's and the invitation's rows. Raises accounts' TokenError (`invalid`,
    `used`, `replaced`, `expired`; `invalid` too when `by` is not the person invited) and
    TeamError `removed` when the invitation was withdrawn or declined meanwhile.
    """
    used = accounts.use_token(token, purpose=TokenPurpose.INVITATION, edition=edition)
    if used.user_id != by.pk:
        raise accounts.TokenError(_("This link is someone else's."), code="invalid")
    return _take_role(_pending_invitation(edition, by), by=by)


@transaction.atomic
def decline_team_invitation(edition: Edition, *, token: str) -> TeamInvitation:
    """The invited person declines the role: the organisers see "declined", the link is used.

    Raises what `accept_team_invitation` raises, `invalid` aside (anyone holding the link,
    which only the person was sent, may decline)."""
    used = accounts.use_token(token, purpose=TokenPurpose.INVITATION, edition=edition)
    invitation = _pending_invitation(edition, used.user)
    invitation.status = TeamInvitationStatus.DECLINED
    invitation.save(update_fields=["status"])
    log_action("team.decline", by=used.user, edition=edition, obj=invitation)
    return invitation


@transaction.atomic
def join_team(
    edition: Edition, *, token: str, password: str, first_name: str, last_name: str
) -> EditionMembership:
    """Accept a team invitation without an account yet: the account gets its password and
    names, the person the role, and the link is used.

    Locks the link's, the user's and the invitation's rows. Raises accounts' TokenError
    (`invalid`, `used`, `replaced`, `expired`), TeamError `removed` when the invitation was
    withdrawn meanwhile, and ValidationError on `password`; the link stays usable after an
    error. A role given before invitations needed an answer (a membership of an account
    without a password) is kept as it is.
    """
    used = accounts.use_token(token, purpose=TokenPurpose.INVITATION, edition=edition)
    user = User.objects.select_for_update().get(pk=used.user_id)
    membership = edition.memberships.filter(user=user).first()
    invitation = None if membership is not None else _pending_invitation(edition, user)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}, code="weak_password") from error
    user.set_password(password)
    user.first_name, user.last_name, user.is_active = first_name, last_name, True
    user.save()
    if invitation is not None:
        return _take_role(invitation, by=user)
    log_action("team.join", by=user, edition=edition, obj=membership)
    return membership
