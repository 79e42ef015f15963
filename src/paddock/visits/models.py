"""Zones of the race open to guided visits, their sessions, and participants' bookings."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from paddock.events.models import Edition
from paddock.events.validators import AtMost, validate_languages
from paddock.participants.enums import ParticipantRole
from paddock.participants.models import Company, Participant
from paddock.visits.enums import (
    LIVE_BOOKING_STATUSES,
    BookingMode,
    BookingStatus,
    VisitStatus,
    ZoneKind,
)

MAX_GROUP_SIZE = 500
MAX_TRAVEL_MINUTES = 240
MAX_DEADLINE_HOURS = 24 * 30


def all_roles() -> list[str]:
    return list(ParticipantRole.values)


class VisitSettings(models.Model):
    """An edition's rules of booking. Whether visits run at all is the sanitary protocol's
    `visits_allowed`."""

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="visit_settings", verbose_name=_("edition")
    )
    cancellation_deadline_hours = models.PositiveIntegerField(
        _("cancellation deadline (hours before the visit)"),
        default=24,
        validators=[
            AtMost(MAX_DEADLINE_HOURS, _("cancellation deadline (hours before the visit)"))
        ],
        help_text=_(
            "Participants may cancel a booked visit until this many hours before it starts; "
            "leaving a waiting list is always possible."
        ),
    )

    booking_mode = models.CharField(
        _("booking mode"),
        max_length=16,
        choices=BookingMode.choices,
        default=BookingMode.FIRST_COME,
        help_text=_(
            "First come, first served: a seat is booked at once. Wishes: participants rank "
            "the zones, and the scheduling run places visits together with the meetings."
        ),
    )
    wishes_deadline = models.DateTimeField(
        _("wishes deadline"),
        null=True,
        blank=True,
        help_text=_("In wishes mode, participants may rank the zones until then."),
    )
    wishes_closed_at = models.DateTimeField(
        _("wishes closed"),
        null=True,
        blank=True,
        help_text=_("When a scheduling run took the wishes: nobody may change them since."),
    )

    class Meta:
        verbose_name = _("visit settings")
        verbose_name_plural = _("visit settings")

    def __str__(self) -> str:
        return str(_("Visit settings of %(edition)s") % {"edition": self.edition})


class Zone(models.Model):
    """A professional zone (a team's paddock, a workshop) that small groups visit with a guide."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="zones", verbose_name=_("edition")
    )
    name_en = models.CharField(_("name in English"), max_length=150)
    name_fr = models.CharField(_("name in French"), max_length=150)
    kind = models.CharField(_("kind"), max_length=16, choices=ZoneKind.choices)
    host_company = models.ForeignKey(
        Company,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_zones",
        verbose_name=_("host company"),
        help_text=_("A company of the edition that hosts the visits, if any."),
    )
    host_name = models.CharField(
        _("host"),
        max_length=200,
        blank=True,
        help_text=_("The host's name when it is not a company of the edition."),
    )
    meeting_point = models.CharField(_("meeting point"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    allowed_roles = models.JSONField(
        _("who may book"),
        default=all_roles,
        help_text=_("The participant roles that may book a visit of this zone."),
    )
    health_pass_required = models.BooleanField(
        _("health pass required"),
        default=False,
        help_text=_("Only participants whose health pass was checked at the entrance that day."),
    )
    safety_notes = models.TextField(
        _("safety briefing and equipment"),
        blank=True,
        help_text=_("What visitors must know or wear (closed shoes, ear protection…)."),
    )
    guide_languages = models.JSONField(
        _("guide's languages"), default=list, blank=True, validators=[validate_languages]
    )
    group_size = models.PositiveIntegerField(
        _("group size"),
        validators=[AtMost(MAX_GROUP_SIZE, _("group size"))],
        help_text=_("The most people one visit takes."),
    )

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["name_en", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(group_size__gte=1), name="zone_group_positive")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (French or English)."""
        return self.name_fr if (get_language() or "en").startswith("fr") else self.name_en

    @property
    def host(self) -> str:
        return self.host_company.name if self.host_company_id else self.host_name


class VisitSession(models.Model):
    """One guided visit of a zone. It may overlap meeting slots: its visitors are then away."""

    zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("zone")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    seats = models.PositiveIntegerField(_("seats"), help_text=_("At most the zone's group size."))
    guide = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guided_visits",
        verbose_name=_("guide"),
        help_text=_("A zone host of the edition."),
    )
    travel_before_minutes = models.PositiveSmallIntegerField(
        _("travel from the meeting rooms (minutes)"),
        default=10,
        validators=[AtMost(MAX_TRAVEL_MINUTES, _("travel from the meeting rooms (minutes)"))],
    )
    travel_after_minutes = models.PositiveSmallIntegerField(
        _("travel back to the meeting rooms (minutes)"),
        default=10,
        validators=[AtMost(MAX_TRAVEL_MINUTES, _("travel back to the meeting rooms (minutes)"))],
    )
    status = models.CharField(
        _("status"), max_length=16, choices=VisitStatus.choices, default=VisitStatus.OPEN
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    cancelled_by_protocol = models.BooleanField(
        _("cancelled by the sanitary protocol"),
        default=False,
        help_text=_("Visits were turned off: the reason is said in each reader's language."),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    sequence = models.PositiveIntegerField(
        _("revision"),
        default=0,
        help_text=_(
            "Raised on every change of the visit's times: its seats' calendar events show it "
            "(their ICS SEQUENCE, one more once cancelled)."
        ),
    )

    class Meta:
        verbose_name = _("visit session")
        verbose_name_plural = _("visit sessions")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="visit_ends_after_start"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="visit_seats_positive"),
        ]

    def __str__(self) -> str:
        local = self.start.astimezone(self.zone.edition.tzinfo)
        return f"{self.zone} {local:%Y-%m-%d %H:%M}"

    @property
    def why_cancelled(self) -> str:
        """The organiser's reason, or the protocol's in the active language."""
        if self.cancelled_by_protocol:
            return str(_("Visits are off under the sanitary protocol."))
        return self.cancel_reason


class Booking(models.Model):
    """A participant's seat in a visit session, or place in its waiting list."""

    session = models.ForeignKey(
        VisitSession, on_delete=models.CASCADE, related_name="bookings", verbose_name=_("visit")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="visit_bookings",
        verbose_name=_("participant"),
    )
    status = models.CharField(_("status"), max_length=16, choices=BookingStatus.choices)
    position = models.PositiveIntegerField(
        _("position in the waiting list"),
        null=True,
        blank=True,
        help_text=_("Order of arrival in the waiting list; the first is promoted first."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(
        _("checked in at"), null=True, blank=True, help_text=_("Arrival at the meeting point.")
    )
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    sequence = models.PositiveIntegerField(
        _("revision"),
        default=0,
        help_text=_(
            "Raised each time the seat goes back to the waiting list or comes back from it: "
            "its calendar event shows it (added to the ICS SEQUENCE)."
        ),
    )

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["session", "status", "position", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"],
                condition=Q(status__in=LIVE_BOOKING_STATUSES),
                name="booking_one_live_per_participant",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.session}"


class VisitWish(models.Model):
    """In wishes mode: a zone a participant would like to visit, ranked (1 is the first
    choice). The scheduling run gives at most one session per wish."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="visit_wishes",
        verbose_name=_("participant"),
    )
    zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, related_name="wishes", verbose_name=_("zone")
    )
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("1 is the first choice."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("visit wish")
        verbose_name_plural = _("visit wishes")
        ordering = ["participant", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "zone"], name="wish_one_per_zone"),
            models.UniqueConstraint(fields=["participant", "rank"], name="wish_one_per_rank"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="wish_rank_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.zone} ({self.rank})"
