"""Meeting requests between participants, the meetings they lead to, and agenda feeds."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext_lazy as _

from paddock.events.models import Edition, Table, TimeSlot
from paddock.meetings.enums import (
    FREED_STATUSES,
    LIVE_REQUEST_STATUSES,
    Absence,
    MeetingStatus,
    RequestPriority,
    RequestStatus,
)
from paddock.participants.models import Participant

_REQUEST_STATUS_LABELS = dict(RequestStatus.choices)


class MeetingRequest(models.Model):
    """One participant asks another for a meeting (or the organiser suggests one)."""

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="meeting_requests",
        verbose_name=_("edition"),
    )
    requester = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="requests_sent",
        verbose_name=_("requester"),
    )
    recipient = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="requests_received",
        verbose_name=_("recipient"),
    )
    message = models.TextField(_("message"), blank=True)
    priority = models.CharField(
        _("priority"),
        max_length=8,
        choices=RequestPriority.choices,
        default=RequestPriority.SHOULD,
        help_text=_("How much the requester wants this meeting; the schedule honours it."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    mutual = models.BooleanField(
        _("mutual"), default=False, help_text=_("Both participants asked to meet each other.")
    )
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suggested by"),
        help_text=_("The organiser who suggested this meeting, if any."),
    )
    walk_in = models.BooleanField(
        _("walk-in"),
        default=False,
        help_text=_("Booked on the day by an organiser between two participants present."),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    expires_at = models.DateTimeField(
        _("expires"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("An unanswered request expires then, so that it blocks nobody."),
    )

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester=F("recipient")), name="request_not_to_oneself"
            ),
            # One live request per unordered pair: A→B and B→A cannot both wait.
            models.UniqueConstraint(
                Least("requester", "recipient"),
                Greatest("requester", "recipient"),
                condition=Q(status__in=LIVE_REQUEST_STATUSES),
                name="request_one_live_per_pair",
            ),
        ]

    def __str__(self) -> str:
        # As get_status_display() says it, without its cost (some 230 calls: it hashes each
        # lazy label, translating it, to look the status up): the audit log writes it on
        # every request sent.
        status = _REQUEST_STATUS_LABELS.get(self.status, self.status)
        return f"{self.requester} → {self.recipient} ({status})"

    def other_side(self, participant: Participant) -> Participant:
        return self.recipient if participant.pk == self.requester_id else self.requester


# A meeting of the latest published schedule (the index meeting_published), and one whose place
# differs from the one it has there: placed elsewhere or not in it, or in it and no longer
# placed (the index meeting_unpublished).
PUBLISHED = Q(published_slot__isnull=False)
UNPUBLISHED = Q(status=MeetingStatus.SCHEDULED) & (
    Q(published_slot__isnull=True) | ~Q(published_slot=F("slot")) | ~Q(published_table=F("table"))
) | (~Q(status=MeetingStatus.SCHEDULED) & Q(published_slot__isnull=False))


class Meeting(models.Model):
    """A meeting two participants agreed to (or the organiser fixed), to be scheduled.

    `slot` and `table` are RESTRICTed: deleting a slot, table or room that holds a meeting must
    go through a service that unschedules and tells the people concerned, never silently; an
    edition or series goes with its meetings, slots and tables at once.
    Cancelled and no-show meetings keep their slot, for calendars (which receive the cancelled
    event) and for the record, but no longer hold it: another meeting may take the table.
    """

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("edition")
    )
    request = models.OneToOneField(
        MeetingRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting",
        verbose_name=_("request"),
        help_text=_("Empty for meetings the organiser set up without a request."),
    )
    first = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="+", verbose_name=_("participant")
    )
    second = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="+", verbose_name=_("participant")
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        help_text=_("Value of placing this meeting: its priority, more when interest is mutual."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MeetingStatus.choices,
        default=MeetingStatus.TO_SCHEDULE,
    )
    slot = models.ForeignKey(
        TimeSlot,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("time slot"),
    )
    table = models.ForeignKey(
        Table,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("table"),
    )
    interpreter = models.ForeignKey(
        "events.Interpreter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("interpreter"),
        help_text=_("Who interprets a meeting whose two sides share no language."),
    )
    absent = models.CharField(
        _("absent"),
        max_length=8,
        choices=Absence.choices,
        blank=True,
        help_text=_("Who did not come, when the meeting is a no-show."),
    )
    presence_confirmed = models.BooleanField(
        _("presence confirmed"),
        default=False,
        help_text=_(
            "An organiser found both participants there: never marked as a no-show automatically."
        ),
    )
    locked = models.BooleanField(
        _("locked"), default=False, help_text=_("Later scheduling runs keep its slot and table.")
    )
    sequence = models.PositiveIntegerField(
        _("revision"),
        default=0,
        help_text=_("Raised on every change calendars must see (the ICS SEQUENCE)."),
    )
    # Plain ids, not foreign keys: a slot or table deleted since keeps the published place.
    published_slot = models.BigIntegerField(
        _("published time slot"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Id of its time slot in the latest published schedule; empty when not in it."),
    )
    published_table = models.BigIntegerField(
        _("published table"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Id of its table in the latest published schedule; empty when not in it."),
    )
    kept_place = models.JSONField(
        _("place kept for calendars"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Where the calendar feeds show the meeting, cancelled, once it has no place of "
            "its own: kept when that time slot, table or room is deleted, so that its event "
            "stays."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot__start", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(first=F("second")), name="meeting_two_people"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="meeting_weight_positive"),
            models.CheckConstraint(
                condition=Q(slot__isnull=True, table__isnull=True)
                | Q(slot__isnull=False, table__isnull=False),
                name="meeting_slot_and_table_together",
            ),
            models.CheckConstraint(
                condition=~Q(status=MeetingStatus.SCHEDULED) | Q(slot__isnull=False),
                name="meeting_scheduled_has_slot",
            ),
            # Two live meetings never share a table in the same slot.
            models.UniqueConstraint(
                fields=["slot", "table"],
                condition=Q(slot__isnull=False) & ~Q(status__in=FREED_STATUSES),
                name="meeting_one_per_table_and_slot",
            ),
            # One meeting per unordered pair of participants, unless cancelled: a no-show is
            # still the pair's meeting (it may be booked again when both are there).
            models.UniqueConstraint(
                Least("first", "second"),
                Greatest("first", "second"),
                condition=~Q(status=MeetingStatus.CANCELLED),
                name="meeting_one_live_per_pair",
            ),
        ]
        indexes = [
            # The grid lists the meetings left to place, in pk order, and counts them on every
            # request: few or none in a scheduled edition, found without reading the others.
            models.Index(
                fields=["edition", "id"], condition=Q(slot__isnull=True), name="meeting_unplaced"
            ),
            # Every scheduling page counts the meetings changed since the last publication
            # (scheduling.queries.unpublished_count): the rows changed are found here, few or
            # none after a publication, and the rows of the latest publication counted from
            # this index alone, without reading the edition's 20,000 meetings.
            models.Index(fields=["edition"], condition=UNPUBLISHED, name="meeting_unpublished"),
            models.Index(fields=["edition"], condition=PUBLISHED, name="meeting_published"),
        ]

    def __str__(self) -> str:
        return f"{self.first} – {self.second}"

    def other_side(self, participant: Participant) -> Participant:
        return self.second if participant.pk == self.first_id else self.first


class AgendaFeed(models.Model):
    """The secret address of a participant's calendar feed; resetting it revokes the old one."""

    participant = models.OneToOneField(
        Participant,
        on_delete=models.CASCADE,
        related_name="agenda_feed",
        verbose_name=_("participant"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revision = models.PositiveIntegerField(
        _("revision"),
        default=0,
        help_text=_(
            "Raised when the person withdraws and when the withdrawal is undone: added to the "
            "ICS SEQUENCE of every event of the feed, so that calendars apply the change."
        ),
    )

    class Meta:
        verbose_name = _("agenda feed")
        verbose_name_plural = _("agenda feeds")

    def __str__(self) -> str:
        return str(self.participant)
