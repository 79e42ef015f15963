"""Reusable reads about editions."""

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from paddock.events.enums import EditionStatus
from paddock.events.models import Edition, Room, TimeSlot


def current_edition() -> Edition | None:
    """The edition to show on the home page: the next or running one, else the latest past one."""
    today = timezone.localdate()
    published = Edition.objects.exclude(status=EditionStatus.DRAFT).select_related("series")
    upcoming = published.filter(end_date__gte=today).order_by("start_date").first()
    return upcoming or published.order_by("-end_date").first()


def editions_managed_by(user: Any) -> QuerySet[Edition]:
    base = Edition.objects.select_related("series", "series__organiser")
    if user.is_superuser:
        return base
    return base.filter(Q(series__organiser__members=user) | Q(memberships__user=user)).distinct()


def rooms_with_table_counts(edition: Edition) -> QuerySet[Room]:
    return edition.rooms.annotate(table_count=Count("tables"))


def slots_overlapping(
    edition: Edition, start: dt.datetime, end: dt.datetime, *, exclude_pk: int | None = None
) -> QuerySet[TimeSlot]:
    overlapping = edition.slots.filter(start__lt=end, end__gt=start)
    if exclude_pk is not None:
        overlapping = overlapping.exclude(pk=exclude_pk)
    return overlapping
