"""What lets a person in, or lists them in a team, which an erased account must not keep
(`privacy.services.erase_person`), and who must stay to organise when it goes."""

from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from paddock.accounts.models import User
from paddock.api.models import ApiToken
from paddock.events.enums import EditionRole
from paddock.events.models import EditionMembership, EventSeries, Organiser, TeamInvitation
from paddock.privacy.exceptions import PrivacyError


def organising_alone(user: User, *, lock: bool = False) -> str | None:
    """Why erasing `user` must wait, or None: it would leave an organiser that has series
    without a member, or an edition with nobody to organise it (`events.rules`). Nobody but the
    site administrators could then open its pages, answer its people's erasure requests or read
    its reports, and the erased account cannot be given its place back. `lock` (inside a
    transaction): the organisers' rows are locked first, so that two erasures (or an erasure and
    the admin site's Organiser page) cannot each leave the other the last one."""
    theirs = Organiser.objects.filter(members=user, pk__in=EventSeries.objects.values("organiser"))
    if lock:
        theirs = theirs.select_for_update(no_key=True, of=("self",))
    for organiser in theirs.order_by("pk"):
        if not organiser.members.exclude(pk=user.pk).exists():
            return _(
                "%(name)s is the only member of %(organiser)s, which organises its series: ask "
                "a site administrator to add another member to it (admin site, Organisers), then "
                "confirm the erasure again."
            ) % {"name": user, "organiser": organiser.name}
    roles = EditionMembership.objects.filter(user=user, role=EditionRole.ORGANISER)
    for role in roles.select_related("edition__series").order_by("edition__start_date", "pk"):
        edition = role.edition
        if not (
            edition.series.organiser.members.exclude(pk=user.pk).exists()
            or edition.memberships.filter(role=EditionRole.ORGANISER).exclude(user=user).exists()
        ):
            return _(
                "%(name)s is the only organiser of %(edition)s: ask a site administrator to give "
                "its Organiser role to someone else (admin site, the edition's roles), then "
                "confirm the erasure again."
            ) % {"name": user, "edition": edition.name}
    return None


def check_organisers_left(user: User) -> None:
    """Raises PrivacyError `last_organiser` when `organising_alone` says why the erasure must
    wait; call inside a transaction, the account's row locked."""
    reason = organising_alone(user, lock=True)
    if reason is not None:
        raise PrivacyError(reason, code="last_organiser")


def _deleted(rows: QuerySet[Any]) -> int:
    """Delete `rows`; how many of them went (not counting the rows that went with them)."""
    model: type[Model] = rows.model
    return rows.delete()[1].get(model._meta.label, 0)


def take_away_access(user: User) -> dict[str, int]:
    """Everything that lets the person in or lists them as one of a team, which an anonymised
    account must not hold: kept, a role or a membership would show on the team page as an
    address nobody holds, and would let them in again were the account ever turned back on.
    The caller saves the account, its site flags cleared. Returns how many of each went, for
    the audit entry."""
    user.is_staff = user.is_superuser = False
    user.groups.clear()
    user.user_permissions.clear()
    return {
        "roles": _deleted(EditionMembership.objects.filter(user=user)),
        "organisers": _deleted(Organiser.members.through.objects.filter(user=user)),
        # They hold the address as typed, and the team page shows it: neither an "Invited"
        # nobody can accept nor a "Declined" without a name tells anything.
        "team_invitations": _deleted(TeamInvitation.objects.filter(user=user)),
        "api_tokens": _deleted(ApiToken.objects.filter(user=user)),
    }
