"""Where each role works: the page a team member lands on in an edition, and after login."""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from paddock.events import rules
from paddock.events.enums import EditionRole
from paddock.events.models import Edition


def landing_url(edition: Edition, role: str) -> str:
    """Check-in agents work at the desk, zone hosts on their visits; staff and organisers
    start on the overview."""
    if role == EditionRole.CHECKIN:
        return reverse("checkin:desk", args=[edition.slug])
    if role == EditionRole.ZONE_HOST:
        return reverse("visits:host", args=[edition.slug])
    return reverse("events:edition-home", args=[edition.slug])


def entry_url(user: Any, edition: Edition, *, takes_part: bool) -> str | None:
    """The page of `edition` that `user` can open from a link: their role's work, else their
    portal (`takes_part`), else the registration form while it is open. None when no page of
    the edition would let them in, so that no link leads to a refusal. Anonymous visitors get
    the login page, which lands each role on its work."""
    if not getattr(user, "is_authenticated", False):
        return reverse("accounts:login")
    for role, held in (
        (EditionRole.STAFF, rules.is_staff_member),
        (EditionRole.CHECKIN, rules.is_checkin_agent),
        (EditionRole.ZONE_HOST, rules.is_zone_host),
    ):
        if held(user, edition):
            return landing_url(edition, role)
    if takes_part:
        return reverse("participants-portal:home", args=[edition.slug])
    if edition.open_form_accepted:
        return reverse("participants-portal:register", args=[edition.slug])
    return None


def editions_with_role(user: Any, role: str) -> QuerySet[Edition]:
    return Edition.objects.filter(memberships__user=user, memberships__role=role).distinct()
