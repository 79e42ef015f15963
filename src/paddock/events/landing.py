"""Where each role works: the page a team member lands on in an edition, and after login."""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

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


def editions_with_role(user: Any, role: str) -> QuerySet[Edition]:
    return Edition.objects.filter(memberships__user=user, memberships__role=role).distinct()


def edition_of_the_day(editions: QuerySet[Edition]) -> Edition | None:
    """The edition held today, else the next one, else the latest past one."""
    today = timezone.localdate()
    return (
        editions.filter(end_date__gte=today).order_by("start_date").first()
        or editions.order_by("-end_date").first()
    )
