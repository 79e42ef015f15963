"""Writes about an edition's team: staff and check-in agents added by email, removed, and the
invitation by which someone without an account joins.

Organisers of the series' Organiser hold their role implicitly (`rules.roles_for`); the team
page adds and removes the per-edition roles stored on EditionMembership.
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
from paddock.events.emails import send_team_invitation, send_team_welcome
from paddock.events.enums import EditionRole
from paddock.events.exceptions import TeamError
from paddock.events.models import Edition, EditionMembership

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


@transaction.atomic
def add_team_member(edition: Edition, *, by: Any, email: str, role: str) -> EditionMembership:
    """Give `role` (staff or check-in agent) in the edition to the person with this address.

    An account with a password gets an email with a link to the edition; otherwise the account
    is created without a usable password (if needed) and gets a single-use invitation where
    they choose one (`join_team`). Mails leave once the transaction commits, in the person's
    language. Raises TeamError `unknown_role` (field `role`), `already_organiser` and
    `already_member` (field `email`); nothing changes then.
    """
    role = _check_role(role)
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        _check_not_in_team(edition, user)
    else:
        user = User.objects.create_user(email, None)
    membership = EditionMembership.objects.create(edition=edition, user=user, role=role)
    invited = not user.has_usable_password()
    if invited:
        secret = accounts.issue_token(user, purpose=TokenPurpose.INVITATION, edition=edition, by=by)
        transaction.on_commit(partial(send_team_invitation, membership, secret))
    else:
        transaction.on_commit(partial(send_team_welcome, membership))
    log_action(
        "team.add", by=by, edition=edition, obj=membership, email=email, role=role, invited=invited
    )
    return membership


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


@transaction.atomic
def join_team(
    edition: Edition, *, token: str, password: str, first_name: str, last_name: str
) -> EditionMembership:
    """Accept a team invitation: the account gets its password and names, and the link is used.

    Locks the link's and the user's rows. Raises accounts' TokenError (`invalid`, `used`,
    `replaced`, `expired`), TeamError `removed` when the role was taken away meanwhile, and
    ValidationError on `password`; the link stays usable after an error.
    """
    used = accounts.use_token(token, purpose=TokenPurpose.INVITATION, edition=edition)
    user = User.objects.select_for_update().get(pk=used.user_id)
    membership = edition.memberships.filter(user=user).first()
    if membership is None:
        raise removed_error()
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}, code="weak_password") from error
    user.set_password(password)
    user.first_name, user.last_name, user.is_active = first_name, last_name, True
    user.save()
    log_action("team.join", by=user, edition=edition, obj=membership)
    return membership
