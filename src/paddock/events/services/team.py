"""Writes about an edition's team: roles offered by email, accepted or declined by the person
invited, withdrawn, and removed.

Organisers of the series' Organiser hold their role implicitly (`rules.roles_for`); the team
page offers the per-edition roles. An offer is a TeamInvitation, whether the address has an
account or not; the person holds the role (an EditionMembership) only once they accept it,
after logging in, or choosing a password when they had no account. Until then organisers see
the address they typed and the role, never the account's names.
"""

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from paddock.accounts import services as accounts
from paddock.accounts.enums import TokenPurpose
from paddock.accounts.mail import language_for, send_after_commit
from paddock.accounts.models import User
from paddock.core.services import lock_row, log_action
from paddock.events import rules
from paddock.events.emails import send_team_invitation
from paddock.events.enums import EditionRole, TeamInvitationStatus
from paddock.events.exceptions import TeamError
from paddock.events.models import Edition, EditionMembership, TeamInvitation

# The roles the team page gives. Organisers are members of the series' Organiser instead.
TEAM_ROLES = (EditionRole.STAFF, EditionRole.CHECKIN, EditionRole.ZONE_HOST)


def _retire_links(user: User, *, edition: Edition) -> None:
    """The person's unused team invitation links to the edition stop working (not the links
    of a participant's invitation, which has its own answer)."""
    accounts.retire_tokens(user, edition=edition, purposes=[TokenPurpose.TEAM_INVITATION])


def _log(action: str, *, by: Any, edition: Edition, person: User, role: str) -> None:
    """An audit entry about the person's role, naming them by their account's address alone:
    the entry that an erasure finds and blanks (`privacy.audit.audit_entries_about`)."""
    log_action(action, by=by, edition=edition, obj=person.email, role=role)


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
    """Refuses whom the team page lists: the series' organisers and the edition's roles. Not
    a site administrator, who organises every edition without being listed: saying so would
    tell the organiser that the address is one."""
    if rules.is_organiser_member(user, edition.series.organiser):
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
    """Refuses a second pending invitation, and anyone who declined one (TeamError `declined`):
    the person said no to this edition's team, and is not asked again, as for a participant's
    invitation. A pending invitation whose link expired gives way to the new one (its page
    tells the person to ask again)."""
    earlier = edition.team_invitations.select_for_update().filter(user=user).first()
    if earlier is None:
        return
    if earlier.status == TeamInvitationStatus.DECLINED:
        raise TeamError(
            _("%(email)s declined the invitation to this edition's team.") % {"email": email},
            code="declined",
            field="email",
        )
    if earlier.status == TeamInvitationStatus.PENDING and accounts.has_usable_token(
        user, purpose=TokenPurpose.TEAM_INVITATION, edition=edition
    ):
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


def _account_for(email: str, *, language: str) -> tuple[User, bool]:
    """The account with this address, else a new one without a usable password; True when
    new. Another edition's invitation may create it at the same moment: that one is taken."""
    # Locked: an account nobody used may be deleted meanwhile (participants.unused_accounts).
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is not None:
        return user, False
    try:
        with transaction.atomic():
            return User.objects.create_user(email, None, preferred_language=language), True
    except IntegrityError:
        return User.objects.get(email__iexact=email), False


@transaction.atomic
def invite_team_member(
    edition: Edition, *, by: Any, email: str, role: str, language: str = ""
) -> TeamInvitation:
    """Offer `role` (staff, check-in agent or zone host) in the edition to the person with
    this address, who holds it once they accept (`accept_team_invitation`, `join_team`).

    An account with this address is left as it is (nothing of it is shown to the organiser);
    without one, an account is created without a usable password, in `language`. Either way
    the person gets a single-use link, once the transaction commits, in the account's own
    language, else in `language`, else in the edition's. Raises TeamError `unknown_role` (field
    `role`), `already_organiser`, `already_member`, `already_invited` and `declined` (field
    `email`); nothing changes then.
    """
    role = _check_role(role)
    email = email.strip().lower()
    # One invitation of the edition at a time: a second one of the address (a double click)
    # then sees the first, and is refused as such rather than failing on a unique constraint.
    lock_row(edition)
    user, created = _account_for(email, language=language)
    if not created:
        _check_not_in_team(edition, user)
        _check_not_invited(edition, user, email)
        if not user.has_usable_password() and not user.preferred_language and language:
            # An account nobody has used yet, such as one made by an earlier invitation.
            user.preferred_language = language
            user.save(update_fields=["preferred_language"])
    invitation = TeamInvitation.objects.create(
        edition=edition, user=user, email=email, role=role, invited_by=by
    )
    secret = accounts.issue_token(
        user, purpose=TokenPurpose.TEAM_INVITATION, edition=edition, by=by
    )
    mail_language = user.preferred_language or language or language_for(user, edition)
    send_after_commit(send_team_invitation, invitation, secret, mail_language)
    _log("team.invite", by=by, edition=edition, person=user, role=role)
    return invitation


@transaction.atomic
def withdraw_team_invitation(invitation: TeamInvitation, *, by: Any) -> None:
    """Take back an invitation not answered yet: its link stops working.

    Locks the invitation's row. Raises TeamError `answered` when it was accepted or withdrawn
    since the organiser opened it, and `declined` when it was declined: the declined row is
    what keeps the address from being invited again. Nothing changes then.
    """
    edition, user = invitation.edition, invitation.user
    locked = TeamInvitation.objects.select_for_update().filter(pk=invitation.pk).first()
    if locked is not None and locked.status == TeamInvitationStatus.DECLINED:
        raise TeamError(
            _(
                "%(email)s declined the invitation: the answer stays on the team page, so that "
                "they are not asked again."
            )
            % {"email": locked.email},
            code="declined",
        )
    if locked is None:
        raise TeamError(
            _(
                "The invitation of %(email)s is no longer on the team page: they accepted it, "
                "or it was withdrawn meanwhile."
            )
            % {"email": invitation.email},
            code="answered",
        )
    TeamInvitation.objects.filter(pk=invitation.pk).delete()
    _retire_links(user, edition=edition)
    _log("team.withdraw", by=by, edition=edition, person=user, role=invitation.role)


def _other_organisers_exist(membership: EditionMembership) -> bool:
    edition = membership.edition
    return (
        edition.series.organiser.members.exists()
        or edition.memberships.filter(role=EditionRole.ORGANISER).exclude(pk=membership.pk).exists()
    )


@transaction.atomic
def remove_team_member(membership: EditionMembership, *, by: Any) -> None:
    """Take the role away; the person's unused invitation links to the edition stop working.

    Locks the role's row. Raises TeamError `last_organiser` when the role is the edition's
    last organiser, and `gone` when it was removed since the organiser opened it.
    """
    locked = EditionMembership.objects.select_for_update().select_related("edition", "user")
    held = locked.filter(pk=membership.pk).first()
    if held is None:
        raise TeamError(
            _("%(name)s is no longer in the team.") % {"name": membership.user}, code="gone"
        )
    membership = held
    if membership.role == EditionRole.ORGANISER and not _other_organisers_exist(membership):
        raise TeamError(
            _("%(name)s is the edition's last organiser: give the role to someone else first.")
            % {"name": membership.user},
            code="last_organiser",
        )
    edition, user = membership.edition, membership.user
    membership.delete()
    _retire_links(user, edition=edition)
    _log("team.remove", by=by, edition=edition, person=user, role=membership.role)


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
    _retire_links(membership.user, edition=membership.edition)
    _log("team.join", by=by, edition=membership.edition, person=by, role=membership.role)
    return membership


@transaction.atomic
def accept_team_invitation(edition: Edition, *, token: str, by: User) -> EditionMembership:
    """The invited person, logged in, takes the role offered: the link is used.

    Locks the link's and the invitation's rows. Raises accounts' TokenError (`invalid`,
    `used`, `replaced`, `expired`; `invalid` too when `by` is not the person invited) and
    TeamError `removed` when the invitation was withdrawn or declined meanwhile.
    """
    used = accounts.use_token(token, purpose=TokenPurpose.TEAM_INVITATION, edition=edition)
    if used.user_id != by.pk:
        raise accounts.TokenError(_("This link is someone else's."), code="invalid")
    return _take_role(_pending_invitation(edition, by), by=by)


@transaction.atomic
def decline_team_invitation(edition: Edition, *, token: str) -> TeamInvitation:
    """The invited person declines the role: the organisers see "declined", the link is used.

    Raises what `accept_team_invitation` raises, `invalid` aside (anyone holding the link,
    which only the person was sent, may decline)."""
    used = accounts.use_token(token, purpose=TokenPurpose.TEAM_INVITATION, edition=edition)
    invitation = _pending_invitation(edition, used.user)
    invitation.status = TeamInvitationStatus.DECLINED
    invitation.save(update_fields=["status"])
    _log("team.decline", by=used.user, edition=edition, person=used.user, role=invitation.role)
    return invitation


@transaction.atomic
def join_team(
    edition: Edition, *, token: str, password: str, first_name: str, last_name: str
) -> EditionMembership:
    """Accept a team invitation without an account yet: the account gets its password and
    names, the person the role, and the link is used; API tokens an administrator made for
    the account are revoked (`accounts.revoke_tokens_for_link_password`).

    Locks the link's, the user's and the invitation's rows. Raises accounts' TokenError
    (`invalid`, `used`, `replaced`, `expired`, `password_set` when the account has a
    password, chosen meanwhile, and what `accounts.not_disabled` raises: `disabled`,
    `turned_off`), TeamError `removed` when the invitation was
    withdrawn meanwhile, and ValidationError on `password`; the link stays usable after an
    error. A role given before invitations needed an answer (a membership of an account
    without a password) is kept as it is.
    """
    used = accounts.use_token(token, purpose=TokenPurpose.TEAM_INVITATION, edition=edition)
    user = User.objects.select_for_update().get(pk=used.user_id)
    used.user = user
    accounts.without_password(used)  # chosen meanwhile: the person logs in and accepts
    membership = edition.memberships.filter(user=user).first()
    invitation = None if membership is not None else _pending_invitation(edition, user)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}, code="weak_password") from error
    user.set_password(password)
    user.first_name, user.last_name, user.is_active = first_name, last_name, True
    user.save()
    accounts.revoke_tokens_for_link_password(user)
    if membership is None:
        assert invitation is not None  # noqa: S101 -- read above whenever there is no role
        return _take_role(invitation, by=user)
    _log("team.join", by=user, edition=edition, person=user, role=membership.role)
    return membership
