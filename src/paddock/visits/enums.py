from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ZoneKind(models.TextChoices):
    TEAM_PADDOCK = "paddock", _("Team paddock")
    GARAGE = "garage", _("Garage")
    WORKSHOP = "workshop", _("Manufacturer workshop")
    TECHNICAL_CENTRE = "technical", _("Technical centre")
    OTHER = "other", pgettext_lazy("zone kind", "Other")


class BookingMode(models.TextChoices):
    """How an edition's participants get their seats."""

    FIRST_COME = "first_come", _("First come, first served")
    WISHES = "wishes", _("Wishes, placed by the scheduler with the meetings")


class VisitStatus(models.TextChoices):
    """Of a visit session."""

    OPEN = "open", pgettext_lazy("visit status", "Open")
    CANCELLED = "cancelled", pgettext_lazy("visit status", "Cancelled")


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("booking status", "Confirmed")
    WAITING = "waiting", pgettext_lazy("booking status", "On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("booking status", "Cancelled")


# A booking holds a seat or a place in the waiting list while it is live.
LIVE_BOOKING_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.WAITING)
