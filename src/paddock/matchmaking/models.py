"""Stored recommendations: the best matches of each validated participant, kept per edition."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from paddock.events.models import Edition
from paddock.matchmaking.enums import RepeatPairs
from paddock.participants.models import Participant


class Recommendation(models.Model):
    """`other` is worth meeting for `participant`; replaced wholesale by each recomputation."""

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("edition"),
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("participant"),
    )
    other = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("recommended participant"),
    )
    score = models.FloatField(_("score"), help_text=_("Higher is a better match."))
    reasons = models.JSONField(
        _("reasons"),
        default=list,
        blank=True,
        help_text=_("Structured reasons, rendered in the reader's language when shown."),
    )
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["participant", "-score", "other"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "other"], name="recommendation_once_per_pair"
            ),
            models.CheckConstraint(
                condition=~Q(participant=F("other")), name="recommendation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} → {self.other} ({self.score:.2f})"


class MatchmakingSettings(models.Model):
    """The organiser's matchmaking choices for one edition."""

    edition = models.OneToOneField(
        Edition,
        on_delete=models.CASCADE,
        related_name="matchmaking_settings",
        verbose_name=_("edition"),
    )
    repeat_pairs = models.CharField(
        _("people who met before"),
        max_length=8,
        choices=RepeatPairs.choices,
        default=RepeatPairs.NEUTRAL,
        help_text=_("Whether recommendations avoid or favour pairs met in an earlier edition."),
    )

    class Meta:
        verbose_name = _("matchmaking settings")
        verbose_name_plural = _("matchmaking settings")

    def __str__(self) -> str:
        return str(self.edition)
