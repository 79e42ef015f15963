"""Organisers, event series, editions, their venue (rooms, tables), time grid and protocol."""

import datetime as dt
import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from paddock.events.enums import EditionRole, EditionStatus, TeamInvitationStatus
from paddock.events.localtime import whole_minutes
from paddock.events.timegrid import MAX_MEETING_MINUTES, Half, session_name
from paddock.events.validators import (
    MAX_EXPIRY_DAYS,
    MAX_PERSONS,
    MAX_REQUESTS_PER_PARTICIPANT,
    AtMost,
    edition_date_errors,
    validate_languages,
    validate_timezone,
)

PERSONS_PER_MEETING = 2
"""A one-to-one meeting seats two people: the basis of a room's meeting cap."""


class Organiser(models.Model):
    """The organisation that runs event series (a technology park, a chamber of commerce)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="organisers",
        blank=True,
        verbose_name=_("members"),
        help_text=_("People who organise every edition of this organiser's series."),
    )

    class Meta:
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EventSeries(models.Model):
    organiser = models.ForeignKey(
        Organiser, on_delete=models.CASCADE, related_name="series", verbose_name=_("organiser")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), unique=True)
    description = models.TextField(_("description"), blank=True)
    first_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    retention_months = models.PositiveSmallIntegerField(
        _("keep personal data for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Months after an edition's last day after which the personal data of its "
            "participants and team members is erased, once every edition they take part in or "
            "hold a role in, in any series, is past its own period too. Empty: kept."
        ),
    )

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Edition(models.Model):
    series = models.ForeignKey(
        EventSeries, on_delete=models.CASCADE, related_name="editions", verbose_name=_("series")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("short name"), unique=True, help_text=_("Used in web addresses, e.g. ibd-2021.")
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    timezone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Paris", validators=[validate_timezone]
    )
    languages = models.JSONField(
        _("languages"),
        default=list,
        validators=[validate_languages],
        help_text=_("Languages the edition is held in."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EditionStatus.choices, default=EditionStatus.DRAFT
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.TextField(_("venue address"), blank=True)
    description = models.TextField(_("description"), blank=True)
    registration_open = models.BooleanField(
        _("open registration"),
        default=False,
        help_text=_("Anyone may register through the public form; otherwise by invitation only."),
    )
    max_requests_per_participant = models.PositiveSmallIntegerField(
        _("meeting requests per participant"),
        default=20,
        validators=[AtMost(MAX_REQUESTS_PER_PARTICIPANT, _("meeting requests per participant"))],
        help_text=_("How many meeting requests one participant may have waiting or accepted."),
    )
    request_expiry_days = models.PositiveSmallIntegerField(
        _("days before an unanswered request expires"),
        default=7,
        validators=[AtMost(MAX_EXPIRY_DAYS, _("days before an unanswered request expires"))],
        help_text=_("Unanswered requests expire so that they block nobody."),
    )
    no_show_after_minutes = models.PositiveSmallIntegerField(
        _("no-show after (minutes)"),
        null=True,
        blank=True,
        default=10,
        validators=[AtMost(MAX_MEETING_MINUTES, _("no-show after (minutes)"))],
        help_text=_(
            "On the day, a meeting is marked as a no-show when one of its participants has not "
            "checked in this many minutes after its start. Empty: only by hand."
        ),
    )
    reminder_time = models.TimeField(
        _("agenda reminder at"),
        null=True,
        blank=True,
        default=dt.time(18, 0),
        validators=[whole_minutes],
        help_text=_(
            "The evening before each day of the edition, at this time in its time zone, each "
            "participant with meetings or visits that day gets their day's agenda by email. "
            "Empty: no reminders."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="edition_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = edition_date_errors(self.start_date, self.end_date)
        if errors:
            raise ValidationError(errors)

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def today(self) -> dt.date:
        """The date where the edition is held, which is not the server's (UTC) around
        midnight."""
        return localdate(timezone=self.tzinfo)

    @property
    def days(self) -> list[dt.date]:
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + dt.timedelta(days=n) for n in range(count)]

    @property
    def takes_new_people(self) -> bool:
        """Whether anyone may still come in (an invitation, its acceptance, a request to join
        a company answered): not once the edition is closed."""
        return self.status != EditionStatus.CLOSED

    @property
    def open_form_accepted(self) -> bool:
        """Whether the public registration form takes new people: open registration, and the
        edition not closed (a closed edition left with registration on takes nobody)."""
        return self.registration_open and self.takes_new_people


class EditionMembership(models.Model):
    """A role that one person holds in one edition (organisers of the series hold it implicitly)."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("edition")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="edition_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=16, choices=EditionRole.choices)

    class Meta:
        verbose_name = _("edition role")
        verbose_name_plural = _("edition roles")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "user", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.edition}"


class TeamInvitation(models.Model):
    """A role offered by address to a person, who holds it (an EditionMembership) once they
    accept. Until then organisers see only the address they typed, never the account's
    data, whether the address had an account or not."""

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="team_invitations",
        verbose_name=_("edition"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="team_invitations",
        verbose_name=_("user"),
    )
    email = models.EmailField(_("email address"), help_text=_("As the organiser typed it."))
    role = models.CharField(_("role"), max_length=16, choices=EditionRole.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=TeamInvitationStatus.choices,
        default=TeamInvitationStatus.PENDING,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="team_invitation_once")
        ]

    def __str__(self) -> str:
        return f"{self.email} – {self.get_role_display()} – {self.edition}"


class SanitaryProtocol(models.Model):
    """Rules a health crisis imposes on an edition. Health data itself is never stored."""

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="protocol", verbose_name=_("edition")
    )
    max_persons_per_room = models.PositiveIntegerField(
        _("maximum persons per room"),
        null=True,
        blank=True,
        validators=[AtMost(MAX_PERSONS, _("maximum persons per room"))],
        help_text=_(
            "Caps the people present in any room at once, and so its simultaneous meetings "
            "(two persons each). Empty means no cap beyond the room's capacity."
        ),
    )
    health_pass_required = models.BooleanField(
        _("health pass checked at entry"),
        default=False,
        help_text=_("Check-in agents record that a pass was checked; its content is never stored."),
    )
    visits_allowed = models.BooleanField(
        _("visits allowed"), default=True, help_text=_("Whether visits of restricted zones run.")
    )

    class Meta:
        verbose_name = _("sanitary protocol")
        verbose_name_plural = _("sanitary protocols")

    def __str__(self) -> str:
        return str(_("Protocol of %(edition)s") % {"edition": self.edition})


class PrivacyNotice(models.Model):
    """One version of the consent and privacy text an edition shows at registration.

    Each change is a new row with the next number; earlier versions stay as they were, since
    participants' rows name the version they accepted."""

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="privacy_notices",
        verbose_name=_("edition"),
    )
    version = models.PositiveIntegerField(_("version"))
    text_en = models.TextField(_("text in English"))
    text_fr = models.TextField(_("text in French"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
        ordering = ["edition", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "version"], name="privacy_notice_version")
        ]

    def __str__(self) -> str:
        return str(
            _("Privacy notice %(version)s of %(edition)s")
            % {"version": self.version, "edition": self.edition}
        )


class Room(models.Model):
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("edition")
    )
    name = models.CharField(_("name"), max_length=100)
    capacity = models.PositiveIntegerField(
        _("capacity in persons"),
        validators=[AtMost(MAX_PERSONS, _("capacity in persons"))],
        help_text=_("How many people the room holds at once."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="room_unique_name"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="room_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def meeting_cap(self, table_count: int, protocol: SanitaryProtocol | None) -> int:
        """Simultaneous meetings the room allows: tables, capacity and protocol all bound it."""
        persons = self.capacity
        if protocol is not None and protocol.max_persons_per_room is not None:
            persons = min(persons, protocol.max_persons_per_room)
        return min(table_count, persons // PERSONS_PER_MEETING)


class Table(models.Model):
    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="tables", verbose_name=_("room")
    )
    label = models.CharField(_("label"), max_length=20)
    home_participant = models.OneToOneField(
        "participants.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="home_table",
        verbose_name=_("home participant"),
        help_text=_("An exhibitor who receives all its meetings at this table."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ["room", "position", "label"]
        constraints = [
            models.UniqueConstraint(fields=["room", "label"], name="table_unique_label_per_room")
        ]

    def __str__(self) -> str:
        return f"{self.room.name} · {self.label}"


class Session(models.Model):
    """Consecutive meeting slots, such as a morning or an afternoon."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("edition")
    )
    name = models.CharField(_("name"), max_length=100)
    date = models.DateField(_("day"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    generated = models.BooleanField(
        _("named by the time grid"),
        default=False,
        help_text=_(
            "Shown as its day and half-day in each reader's language rather than by its name."
        ),
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "position"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="session_unique_name")
        ]

    def __str__(self) -> str:
        if self.generated:
            return session_name(self.date, Half(self.position))
        return self.name


class TimeSlot(models.Model):
    """One meeting slot. Slots of an edition never overlap (checked in services; on
    PostgreSQL also by an exclusion constraint)."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="slots", verbose_name=_("edition")
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="slots", verbose_name=_("session")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))

    class Meta:
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="slot_ends_after_start"),
            models.UniqueConstraint(fields=["edition", "start"], name="slot_unique_start"),
        ]

    def __str__(self) -> str:
        local = self.start.astimezone(self.edition.tzinfo) if self.start else None
        return f"{self.session} {local:%H:%M}" if local else str(self.session)


def new_link_token() -> str:
    """The secret of a private link (an interpreter's agenda): URL-safe, 32 characters."""
    return secrets.token_urlsafe(24)


class Interpreter(models.Model):
    """A person the organiser provides for meetings whose two sides share no language."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="interpreters", verbose_name=_("edition")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    languages = models.JSONField(
        _("languages spoken"), default=list, validators=[validate_languages]
    )
    unavailable_slots = models.ManyToManyField(
        TimeSlot,
        blank=True,
        related_name="unavailable_interpreters",
        verbose_name=_("unavailable slots"),
        help_text=_("Time slots in which the interpreter does not work."),
    )
    link_token = models.CharField(
        _("private link key"),
        max_length=64,
        unique=True,
        default=new_link_token,
        help_text=_(
            "The secret in the address of the interpreter's own agenda; renewing it revokes "
            "the old address."
        ),
    )

    class Meta:
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name
