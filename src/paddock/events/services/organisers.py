"""Accounts given a way in on the admin site: an organiser's members (the Organiser page) and
edition roles (the Edition page's roles)."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from paddock.accounts.models import User, is_erased_address
from paddock.core.services import lock_row
from paddock.events.exceptions import OrganiserError, TeamError
from paddock.events.models import Organiser


def _lock_accounts(people: Iterable[User]) -> list[str]:
    """Lock the accounts of `people`, about to be given a membership or a role, until the
    transaction ends; the addresses of those erased, meanwhile or before.

    An erasure takes the account's lock before it checks what spares the person or who is
    left to organise (`privacy.services`: the retention job's re-check, an erasure on request):
    a way in given meanwhile waits for the erasure to commit, or the erasure for it, rather
    than the erasure erasing someone who just became an organiser or a team member."""
    locked = User.objects.select_for_update().filter(pk__in=[person.pk for person in people])
    return [user.email for user in locked.order_by("pk") if is_erased_address(user.email)]


def lock_members(organiser: Organiser, members: Iterable[User]) -> None:
    """Lock the accounts of the organiser's members as they are about to be saved, then the
    organiser's row when it has one, which an erasure locks too before it counts who else is
    a member (`privacy.access.organising_alone`): call inside the transaction that saves them.
    Raises OrganiserError `erased` (field `members`) when one of them was erased."""
    erased = _lock_accounts(members)
    if organiser.pk is not None:
        lock_row(organiser)
    if erased:
        raise OrganiserError(
            _("%(emails)s was erased: it can no longer organise. Take it out of the members.")
            % {"emails": ", ".join(erased)},
            code="erased",
            field="members",
        )


def lock_role_holders(people: Iterable[User]) -> None:
    """Lock the accounts of the people about to hold the edition roles being saved (call
    inside the transaction that saves them). Raises TeamError `erased` when one of them was
    erased."""
    erased = _lock_accounts(people)
    if erased:
        raise TeamError(
            _("%(emails)s was erased: it can no longer hold a role. Take it out of the roles.")
            % {"emails": ", ".join(erased)},
            code="erased",
        )
