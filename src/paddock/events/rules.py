"""Permission predicates for editions. Views, templates and the API ask these, nothing else."""

from typing import Any

from django.db import models

from paddock.core.prepared import Param, Prepared
from paddock.events.enums import EditionRole
from paddock.events.models import Edition, EditionMembership, EventSeries, Organiser

_CACHE_ATTR = "_paddock_roles"

# Asked on every organiser page: compiled once (paddock.core.prepared).
MEMBERSHIP_ROLES = Prepared(
    lambda: EditionMembership.objects.filter(
        edition=Param("edition", models.BigIntegerField()),
        user=Param("user", models.BigIntegerField()),
    ).values_list("role")
)
ORGANISER_MEMBER = Prepared(
    lambda: Organiser.members.through.objects.filter(
        organiser=Param("organiser", models.BigIntegerField()),
        user=Param("user", models.BigIntegerField()),
    ).values_list("pk")
)
# Asked on every load of the participants list (its link to the taxonomy).
ANY_ORGANISER = Prepared(
    lambda: Organiser.members.through.objects.filter(
        user=Param("user", models.BigIntegerField())
    ).values_list("pk")[:1]
)


def roles_for(user: Any, edition: Edition) -> frozenset[str]:
    """The edition roles a user holds, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault(_CACHE_ATTR, {})
    if edition.pk not in cache:
        roles = {role for (role,) in MEMBERSHIP_ROLES.rows(edition=edition.pk, user=user.pk)}
        if user.is_superuser or is_organiser_member(user, edition.series.organiser):
            roles.add(EditionRole.ORGANISER)
        cache[edition.pk] = frozenset(roles)
    return cache[edition.pk]


def is_organiser_member(user: Any, organiser: Organiser) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(ORGANISER_MEMBER.rows(organiser=organiser.pk, user=user.pk))


def is_organiser(user: Any, edition: Edition) -> bool:
    return EditionRole.ORGANISER in roles_for(user, edition)


def is_staff_member(user: Any, edition: Edition) -> bool:
    """Organisers and their staff."""
    return bool({EditionRole.ORGANISER, EditionRole.STAFF} & roles_for(user, edition))


def is_checkin_agent(user: Any, edition: Edition) -> bool:
    return bool(
        {EditionRole.ORGANISER, EditionRole.STAFF, EditionRole.CHECKIN} & roles_for(user, edition)
    )


def is_zone_host(user: Any, edition: Edition) -> bool:
    """Someone who guides visits of the edition's zones (the role itself, not implied)."""
    return EditionRole.ZONE_HOST in roles_for(user, edition)


def can_manage_edition(user: Any, edition: Edition) -> bool:
    """Settings, venue, time grid, protocol: the organiser's own decisions."""
    return is_organiser(user, edition)


def can_manage_team(user: Any, edition: Edition) -> bool:
    """Add and remove staff and check-in agents: organisers only, so that staff cannot widen
    their own team."""
    return is_organiser(user, edition)


def can_manage_participants(user: Any, edition: Edition) -> bool:
    """See the participant list and validate registrations."""
    return is_staff_member(user, edition)


def can_create_edition(user: Any, series: EventSeries) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or is_organiser_member(user, series.organiser)


def can_edit_taxonomy(user: Any) -> bool:
    """Who opens the taxonomy's pages: any organiser, to add and change its own items (the
    shared items are changed only by site administrators: `participants.taxonomy_services`)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or bool(ANY_ORGANISER.rows(user=user.pk))
