"""What came of each meeting, as each side tells it: right after, and months later."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from paddock.meetings.models import Meeting
from paddock.outcomes.enums import FollowUpAnswer, NextStep, SentMailKind, ValueBand
from paddock.participants.models import Participant


class Outcome(models.Model):
    """One side's account of one meeting; the other side never sees it, organisers see both."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("meeting")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="outcomes",
        verbose_name=_("participant"),
    )
    took_place = models.BooleanField(_("took place"))
    interest = models.PositiveSmallIntegerField(
        _("interest"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("From 1 (none) to 5 (very strong); empty when the meeting did not take place."),
    )
    next_step = models.CharField(
        _("next step"), max_length=16, choices=NextStep.choices, default=NextStep.NONE
    )
    value_band = models.CharField(_("value"), max_length=8, choices=ValueBand.choices, blank=True)
    comment = models.TextField(
        _("comment for the organisers"), blank=True, help_text=_("Read by the organisers only.")
    )
    answered_at = models.DateTimeField(_("answered"))

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["meeting", "participant"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "participant"], name="outcome_one_per_side"),
            models.CheckConstraint(
                condition=Q(interest__isnull=True) | Q(interest__gte=1, interest__lte=5),
                name="outcome_interest_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} ({self.participant})"


class FollowUp(models.Model):
    """One side's answer, months after the edition, to "did it lead to business?"."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("meeting")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("participant"),
    )
    months = models.PositiveSmallIntegerField(
        _("months after the edition"), help_text=_("3, 6 or 12.")
    )
    answer = models.CharField(_("answer"), max_length=12, choices=FollowUpAnswer.choices)
    value_band = models.CharField(_("value"), max_length=8, choices=ValueBand.choices, blank=True)
    answered_at = models.DateTimeField(_("answered"))

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["meeting", "participant", "months"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "participant", "months"], name="follow_up_one_per_side"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} ({self.participant}, {self.months})"


class SentMail(models.Model):
    """An outcome email sent to a participant: the periodic job sends none twice."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="outcome_mails",
        verbose_name=_("participant"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SentMailKind.choices)
    key = models.CharField(
        _("key"), max_length=16, help_text=_("The day (YYYY-MM-DD) or the months after.")
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("outcome email")
        verbose_name_plural = _("outcome emails")
        constraints = [
            models.UniqueConstraint(fields=["participant", "kind", "key"], name="outcome_mail_once")
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.kind} {self.key}"
